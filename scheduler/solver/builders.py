"""One builder per rule of the CP-SAT model. Hard rules add constraints; soft rules return
penalty terms (variable, coefficient) for the caller to sum into one objective.

x[(slot, member)] is 1 when the member holds the slot; works[(shift, member)] is 1 when the
member holds either role of that shift. CP-SAT variables never leave scheduler/solver, this module and the models that use them.
The rules themselves (one module each, with their checks) are in scheduler/solver/rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import timedelta

from ortools.sat.python import cp_model

from scheduler.domain import Shift
from scheduler.problem.metrics import weighted_loads
from scheduler.problem.slots import Problem
from scheduler.shifts.wallclock import same_clock_days_later

Penalty = tuple[cp_model.IntVar | cp_model.LinearExpr, int]
X = dict[tuple[int, int], cp_model.IntVar]
Works = dict[tuple[int, int], cp_model.IntVar]


class HintState:
    """An assignment (member index per slot, None = gap) and the values it implies."""

    def __init__(self, problem: Problem, holders: list[int | None]) -> None:
        self.holders = holders
        self.working = {(problem.slots[i].shift.index, m) for i, m in enumerate(holders) if m is not None}
        self._loads = {q: weighted_loads(problem, holders, q) for q in problem.load}
        self._preload = problem.preload

    def works(self, shift: int, m: int) -> int:
        return int((shift, m) in self.working)

    def load(self, quantity: str, m: int) -> int:
        """The member's load in the plan plus any preload, as the fairness rule counts it."""
        pre = self._preload.get(quantity)
        return int(self._loads[quantity][m]) + (pre[m] if pre else 0)


class HintBook:
    """How to compute every auxiliary variable from an assignment, so a starting schedule can
    be handed to CP-SAT as a *complete* hint: on big models a partial one is often ignored."""

    def __init__(self) -> None:
        # Callable[..., int]: the rules bind loop variables as lambda defaults (i=slot_index).
        self.rules: list[tuple[cp_model.IntVar, Callable[..., int]]] = []

    def add(self, var: cp_model.IntVar, value: Callable[..., int]) -> None:
        self.rules.append((var, value))

    def apply(self, model: cp_model.CpModel, problem: Problem, x: X, holders: list[int | None]) -> None:
        state = HintState(problem, holders)
        model.clear_hints()
        for (slot_index, m), var in x.items():
            model.add_hint(var, holders[slot_index] == m)
        for var, value in self.rules:
            model.add_hint(var, value(state))


def new_assignment_vars(model: cp_model.CpModel, problem: Problem) -> X:
    x: X = {}
    for slot_index, col in enumerate(problem.load["shifts"]):
        for m in col:
            x[(slot_index, m)] = model.new_bool_var(f"x[{slot_index},{problem.members[m]}]")
    return x


def one_role_per_shift(model: cp_model.CpModel, problem: Problem, x: X, book: HintBook) -> Works:
    """A member holds at most one role of a shift; returns works[(shift, member)]."""
    roles_of: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    for (slot_index, m), var in x.items():
        roles_of[(problem.slots[slot_index].shift.index, m)].append(var)
    works: Works = {}
    for (shift, m), held in roles_of.items():
        if len(held) == 1:
            works[(shift, m)] = held[0]
            continue
        w = model.new_bool_var(f"works[{shift},{problem.members[m]}]")
        model.add(sum(held) == w)
        works[(shift, m)] = w
        book.add(w, lambda st, shift=shift, m=m: st.works(shift, m))
    return works


def _shifts_by_member(problem: Problem, works: Works) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for shift, m in works:
        out[m].append(shift)
    for shifts in out.values():
        shifts.sort(key=lambda s: (problem.shifts[s].start, s))
    return out


def no_overlap_and_min_rest(model: cp_model.CpModel, problem: Problem, works: Works,
                            frozen: frozenset[int] = frozenset()) -> None:
    """Two shifts of one member neither overlap nor sit closer than min_rest_hours.

    `frozen` shifts are history kept as it was (re-plan): two of them may break a rule that
    has since tightened; the rule binds every pair with at least one shift still to plan."""
    rest = timedelta(hours=problem.team.rules.min_rest_hours)
    shifts = problem.shifts
    for m, mine in _shifts_by_member(problem, works).items():
        for i, a in enumerate(mine):
            clash = []
            for b in mine[i + 1:]:
                if shifts[b].start >= shifts[a].end + rest:
                    break
                clash.append(b)
            if not clash:
                continue
            group = [a, *clash]
            mutual = all(
                shifts[q].start < shifts[p].end + rest
                for j, p in enumerate(group) for q in group[j + 1:]
            )
            if mutual and sum(s in frozen for s in group) <= 1:
                model.add_at_most_one(works[(s, m)] for s in group)
            else:
                for b in clash:
                    if not (a in frozen and b in frozen):
                        model.add_at_most_one([works[(a, m)], works[(b, m)]])


def max_shifts_per_week(model: cp_model.CpModel, problem: Problem, works: Works,
                        frozen: frozenset[int] = frozenset()) -> None:
    """At most `cap` shift starts in the 7 team-zone days from the start of any shift.

    A week of kept history (`frozen`, held) over a cap that has since tightened may stay so,
    but gets no new shift."""
    cap = problem.team.rules.max_shifts_per_week
    if cap is None:
        return
    shifts = problem.shifts
    for m, mine in _shifts_by_member(problem, works).items():
        j = 0
        for i, a in enumerate(mine):
            limit = same_clock_days_later(shifts[a].start, 7, problem.team.timezone)
            j = max(j, i)
            while j < len(mine) and shifts[mine[j]].start < limit:
                j += 1
            window = mine[i:j]
            kept = sum(s in frozen for s in window)
            if len(window) > cap and kept < len(window):
                model.add(sum(works[(s, m)] for s in window) <= max(cap, kept))


def runs_within(shifts: list[Shift], mine: list[int], length: timedelta
                ) -> Iterator[tuple[int, list[int]]]:
    """For each shift of `mine` (shift indices sorted by start): it, with the run of it and the
    later ones that start less than `length` after it (the clump a spread rule limits)."""
    j = 0
    for i, a in enumerate(mine):
        end = shifts[a].start + length
        j = max(j, i)
        while j < len(mine) and shifts[mine[j]].start < end:
            j += 1
        yield a, mine[i:j]


def spread(model: cp_model.CpModel, problem: Problem, works: Works, weight: int,
           book: HintBook) -> list[Penalty]:
    """Soft: a member holds at most one shift in any window of half their ideal gap.

    Ideal gap = plan length / the member's expected number of shifts. Holding a second shift
    inside the window costs `weight`; no penalty applies where the hard rules already space
    shifts that far apart."""
    if not problem.shifts:
        return []
    horizon = max(s.end for s in problem.shifts) - problem.shifts[0].start
    factors = problem.factor["shifts"]
    total_f = sum(factors) or 1.0
    penalties: list[Penalty] = []
    rest = timedelta(hours=problem.team.rules.min_rest_hours)
    shifts = problem.shifts
    for m, mine in _shifts_by_member(problem, works).items():
        expected = len(problem.slots) * factors[m] / total_f
        if expected < 2:
            continue
        window = horizon / expected / 2
        for a, group in runs_within(shifts, mine, window):
            if window <= shifts[a].duration + rest:
                break
            if len(group) < 2:
                continue
            excess = model.new_int_var(0, len(group) - 1, f"clump[{problem.members[m]},{a}]")
            model.add(sum(works[(s, m)] for s in group) <= 1 + excess)
            penalties.append((excess, weight))
            book.add(excess, lambda st, w=group, m=m: max(0, sum(st.works(s, m) for s in w) - 1))
    return penalties


def preferences(problem: Problem, works: Works, weight: int) -> list[Penalty]:
    """Soft: shifts starting on a member's avoided days cost, on preferred days they earn."""
    penalties: list[Penalty] = []
    for (shift, m), w in works.items():
        member = problem.team.members[m]
        if not member.prefer_days and not member.avoid_days:
            continue
        day = problem.shifts[shift].start.astimezone(member.timezone).weekday()
        if day in member.avoid_days:
            penalties.append((w, weight))
        elif day in member.prefer_days:
            penalties.append((w, -weight))
    return penalties


__all__ = [
    "max_shifts_per_week",
    "new_assignment_vars",
    "no_overlap_and_min_rest",
    "one_role_per_shift",
    "preferences",
    "spread",
]
