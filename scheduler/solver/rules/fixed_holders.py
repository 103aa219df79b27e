"""Hard rule: fixed holders. Slots the Problem fixes to a holder (`problem.fixed`, empty
unless a caller sets it) keep that holder. A written schedule carries no such promise, so
there is nothing to check in one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "fixed holders"


def build(mv: ModelVars) -> list[Penalty]:
    for slot, m in sorted(mv.problem.fixed.items()):
        var = mv.x.get((slot, m))
        if var is None:
            raise ValueError(f"slot {slot} is fixed to {mv.problem.members[m]}, "
                             "who is not eligible for it")
        mv.model.add(var == 1)
    return []
