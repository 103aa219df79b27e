"""The independent checker of the hard rules of contract sections 1 and 7 (and the README's
member extensions: recurring `unavailable`, `joins`, `leaves`), for tests and bench/solve.py.

It is the product's own: each rule's `check` in scheduler/solver/rules reads the team file's
meaning directly from the Team and the schedule rows, with plain datetime arithmetic in UTC,
and shares no code with the CP-SAT builders. Tests and `rota cover`/`override` use one check.
"""

from __future__ import annotations

from scheduler.solver.rules import violations

__all__ = ["violations"]
