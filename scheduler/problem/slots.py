"""Everything the solver and the bounds need, computed once from a team: shifts, slots, who is
eligible for each slot, the load each slot puts on each member, and fair-share factors.

Fair share (pro rata): a member's factor for a load is weight x the amount of that load in the
shifts they are available for, divided by the largest such amount in the team. So a full-time
member who is always available has factor 1, and their weighted load equals their raw load;
a half-time member with two weeks of vacation has a proportionally smaller factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.domain import Shift, Team
from scheduler.problem.eligibility import Eligibility, build_eligibility
from scheduler.problem.loads import (
    QUANTITIES,
    QUANTITY_NAMES,
    Quantity,
    ShiftLoads,
    shift_loads,
    slot_load,
)
from scheduler.shifts.expand import expand


@dataclass(frozen=True)
class Slot:
    shift: Shift
    role: str


@dataclass
class Problem:
    team: Team
    shifts: list[Shift]
    slots: list[Slot]
    eligibility: Eligibility
    members: list[str]  # member ids in team order
    # load[q][slot index] -> {member index: integer load}; only eligible members appear
    load: dict[str, list[dict[int, int]]]
    # factor[q][member index]: fair-share factor (0 = takes no part in that load)
    factor: dict[str, list[float]]
    shift_loads: list[ShiftLoads]
    # Extension points, empty unless a caller fills them (the model honours both):
    # preload[q][member index]: load carried in from before the plan (e.g. history), in the
    # quantity's integer unit (a count, or minutes), added to the member's fairness load.
    # Bounds and the report do not count it yet.
    preload: dict[str, list[int]] = field(default_factory=dict)
    # fixed[slot index] = member index: a holder the plan must keep (e.g. a replan's past rows).
    fixed: dict[int, int] = field(default_factory=dict)
    # frozen: shift indices of kept history (a re-plan's rows before --from). Every hard rule
    # leaves them as they were and binds only what is still to plan (scheduler/solver/rules).
    frozen: frozenset[int] = frozenset()
    # kept_shadows[shift index] = trainee member index: a kept (frozen) shadow row.
    kept_shadows: dict[int, int] = field(default_factory=dict)
    # The balanced loads of this problem: the registry's, plus any added with `add_load`
    # (loads that exist for one solve only, e.g. expected pages from a forecast).
    quantities: list[Quantity] = field(default_factory=lambda: list(QUANTITIES))

    @property
    def average_shift_minutes(self) -> int:
        """What "one shift" of an hours load means when weighing loads against each other."""
        total = sum(sl.minutes for sl in self.shift_loads)
        return max(1, total // max(1, len(self.shifts)))

    @property
    def average_shift_pages(self) -> int:
        """What "one shift" of a pages load means: the mean expected pages of a shift's
        slots that carry any, in hundredths."""
        column = self.load.get("pages", [])
        amounts = [max(col.values()) for col in column if col and max(col.values()) > 0]
        return max(1, round(sum(amounts) / len(amounts))) if amounts else 1


def build_problem(team: Team, shifts: list[Shift] | None = None) -> Problem:
    shifts = expand(team) if shifts is None else shifts
    eligibility = build_eligibility(team, shifts)
    members = [m.id for m in team.members]
    index = {m: i for i, m in enumerate(members)}
    slots = [Slot(s, r) for s in shifts for r in team.roles]
    loads = [shift_loads(team, s) for s in shifts]
    load: dict[str, list[dict[int, int]]] = {q: [] for q in QUANTITY_NAMES}
    for slot in slots:
        ids = eligibility.members_for(slot.shift.index, slot.role)
        for q in QUANTITY_NAMES:
            load[q].append(
                {
                    index[m]: slot_load(q, slot.shift, slot.role, team.members[index[m]],
                                        loads[slot.shift.index])
                    for m in ids
                }
            )
    factor = _fair_share_factors(team, slots, load, members)
    return Problem(team, shifts, slots, eligibility, members, load, factor, loads)


def _fair_share_factors(
    team: Team, slots: list[Slot], load: dict[str, list[dict[int, int]]], members: list[str]
) -> dict[str, list[float]]:
    return {q.name: _factor(team, slots, load[q.name], q.name != "primary") for q in QUANTITIES}


def _factor(team: Team, slots: list[Slot], column: list[dict[int, int]],
            once_per_shift: bool) -> list[float]:
    # The amount of this load in shifts each member could hold (each shift counted once,
    # unless only one role carries the load).
    available = [0.0] * len(team.members)
    seen: set[tuple[int, int]] = set()
    for i, slot in enumerate(slots):
        for m, amount in column[i].items():
            key = (slot.shift.index, m)
            if once_per_shift and key in seen:
                continue
            seen.add(key)
            available[m] += amount
    top = max(available, default=0.0)
    return [team.members[m].weight * available[m] / top if top > 0 else 0.0
            for m in range(len(team.members))]


def add_load(problem: Problem, quantity: Quantity, column: list[dict[int, int]],
             once_per_shift: bool = False) -> None:
    """Balance one more load in this problem only: `column[slot][member]` is its integer
    amount (as in `problem.load`); fair shares are computed as for the registry's loads."""
    if quantity.name in problem.load:
        raise ValueError(f"quantity {quantity.name!r} is already in the problem")
    problem.load[quantity.name] = column
    problem.factor[quantity.name] = _factor(problem.team, problem.slots, column, once_per_shift)
    problem.quantities.append(quantity)
