"""Fairness across plans (contract section 6, `rota solve --history`).

Earlier plans' loads count toward this plan's fairness. Their availability is unknown, so the
history is shared by weight alone: a member's fair share of a past load is its total times
their weight over the sum of the weights of the members who appear in the history. What a
member carried above (or below) that share is their *history excess*; a member who is not in
the history counts as having carried exactly their share (excess 0). People in the history
who are no longer members are left out of both the total and the weights.

The solver adds each member's excess to their plan load before balancing, so it minimises
the largest (plan load + history excess) / fair-share factor: when that is equal for everyone,
history and plan together are shared exactly pro rata.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduler.domain import FairnessLine, Schedule, Team
from scheduler.problem.loads import QUANTITIES, Quantity, per_unit, shift_loads, slot_load
from scheduler.problem.metrics import EPS, weighted_loads
from scheduler.problem.slots import Problem

Preload = dict[str, list[int]]  # quantity -> per member index, load units (count or minutes)
# The loads history carries (contract section 6); loads registered later, such as expected
# pages, have no past amounts and start from zero.
HISTORY_LOADS = ("shifts", "hours", "weekend", "holiday", "night", "primary")


def _history_quantities() -> list[Quantity]:
    return [q for q in QUANTITIES if q.name in HISTORY_LOADS]


@dataclass(frozen=True)
class History:
    """Past loads per member id and quantity, in load units, and the excess over fair share."""

    loads: dict[str, dict[str, int]]  # member id -> quantity -> load
    excess: dict[str, dict[str, int]]  # member id -> quantity -> load above fair share

    def preload(self, members: Sequence[str]) -> Preload:
        """Problem.preload: each member's history excess (0 for members not in it)."""
        return {q.name: [self.excess.get(member, {}).get(q.name, 0) for member in members]
                for q in _history_quantities()}


def past_loads(team: Team, schedules: Sequence[Schedule],
               before: datetime | None = None) -> dict[str, dict[str, int]]:
    """Loads of current members in earlier schedules. A row (start, end, role) in several
    schedules counts once, as the first schedule given has it (so pass the newest first);
    with `before`, only rows starting before it count."""
    members = {m.id: m for m in team.members}
    seen: set[tuple[object, object, str]] = set()
    loads: dict[str, dict[str, int]] = {}
    for schedule in schedules:
        for a in schedule.assignments:
            member = members.get(a.person or "")
            key = (a.shift.start, a.shift.end, a.role)
            # Rows of roles the team does not balance (a trainee's shadow rows) carry no load.
            if (key in seen or a.role not in team.roles
                    or (before is not None and a.shift.start >= before)):
                continue
            seen.add(key)
            if member is None:
                continue
            amounts = shift_loads(team, a.shift)
            mine = loads.setdefault(member.id, {q.name: 0 for q in _history_quantities()})
            for q in _history_quantities():
                mine[q.name] += slot_load(q.name, a.shift, a.role, member, amounts)
    return loads


def history_of(team: Team, schedules: Sequence[Schedule],
               before: datetime | None = None) -> History:
    loads = past_loads(team, schedules, before)
    weights = {m.id: m.weight for m in team.members if m.id in loads}
    total_weight = sum(weights.values())
    excess: dict[str, dict[str, int]] = {}
    for q in _history_quantities():
        total = sum(mine[q.name] for mine in loads.values())
        for person, mine in loads.items():
            share = total * weights[person] / total_weight if total_weight > 0 else 0.0
            excess.setdefault(person, {})[q.name] = round(mine[q.name] - share)
    return History(loads, excess)


def combined_bound(problem: Problem, quantity: Quantity, preload: Preload) -> float:
    """The larger of: the smallest t with sum over members of max(0, t x factor - excess) >=
    the plan's least total load (no schedule keeps every member's (plan load + excess) / factor
    below t, since plan loads are never negative), and the largest excess / factor. A
    relaxation (eligibility and rules dropped), so a valid lower bound."""
    factors = problem.factor[quantity.name]
    excess = preload.get(quantity.name) or [0] * len(factors)
    # The least the plan's slots can add up to (night hours depend on the holder's zone).
    total = sum(min(col.values(), default=0) for col in problem.load[quantity.name])
    active = [(f, excess[m]) for m, f in enumerate(factors) if f > EPS]
    if not active or total <= 0:
        return max((d / f for f, d in active), default=0.0) / per_unit(quantity)
    lo = min(d / f for f, d in active)
    hi = max(d / f for f, d in active) + total / min(f for f, _ in active)
    for _ in range(100):  # bisection on a monotone, piecewise-linear function
        mid = (lo + hi) / 2
        if sum(max(0.0, mid * f - d) for f, d in active) >= total:
            hi = mid
        else:
            lo = mid
    # Plan loads are never negative, so nobody's value falls below their excess alone.
    return max(hi, max(d / f for f, d in active)) / per_unit(quantity)


def combined_fairness(problem: Problem, holders: Sequence[int | None],
                      preload: Preload) -> list[FairnessLine]:
    """Achieved versus bound per load for history and plan together: the largest
    (plan load + history excess) / fair-share factor, in shifts or hours."""
    lines = []
    for quantity in QUANTITIES:
        raw = weighted_loads(problem, holders, quantity.name)
        factors = problem.factor[quantity.name]
        excess = preload.get(quantity.name) or [0] * len(factors)
        values = [(raw[m] + excess[m]) / f for m, f in enumerate(factors) if f > EPS]
        achieved = max(values, default=0.0) / per_unit(quantity)
        lines.append(FairnessLine(quantity.name, quantity.unit, achieved,
                                  combined_bound(problem, quantity, preload)))
    return lines


def combined_bounds(problem: Problem) -> dict[str, float] | None:
    """Per load, the bound for history and plan together, when the Problem carries a history
    preload; None otherwise. The solver uses it as the fairness floor in place of the
    plan-alone bound, which does not hold once excesses are added."""
    if not any(any(values) for values in problem.preload.values()):
        return None
    return {q.name: combined_bound(problem, q, problem.preload) for q in QUANTITIES}
