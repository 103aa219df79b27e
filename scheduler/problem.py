"""Everything the solver and the bounds need, computed once from a team: shifts, slots, who is
eligible for each slot, the load each slot puts on each member, and fair-share factors.

Fair share (pro rata): a member's factor for a load is weight x the amount of that load in the
shifts they are available for, divided by the largest such amount in the team. So a full-time
member who is always available has factor 1, and their weighted load equals their raw load;
a half-time member with two weeks of vacation has a proportionally smaller factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .domain import Shift, Team
from .eligibility import Eligibility, build_eligibility
from .loads import QUANTITIES, QUANTITY_NAMES, ShiftLoads, shift_loads, slot_load
from .shifts import expand


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

    @property
    def average_shift_minutes(self) -> int:
        """What "one shift" of an hours load means when weighing loads against each other."""
        total = sum(sl.minutes for sl in self.shift_loads)
        return max(1, total // max(1, len(self.shifts)))


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
    factor: dict[str, list[float]] = {}
    for quantity in QUANTITIES:
        # The amount of this load in shifts each member could hold (each shift counted once).
        available = [0.0] * len(members)
        seen: set[tuple[int, int]] = set()
        for i, slot in enumerate(slots):
            for m, amount in load[quantity.name][i].items():
                key = (slot.shift.index, m)
                if quantity.name != "primary" and key in seen:
                    continue
                seen.add(key)
                available[m] += amount
        top = max(available, default=0.0)
        factor[quantity.name] = [
            team.members[m].weight * available[m] / top if top > 0 else 0.0
            for m in range(len(members))
        ]
    return factor
