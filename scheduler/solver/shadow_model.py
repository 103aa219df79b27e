"""Shadow on-call (contract section 7): a trainee (`shadow_shifts: N`) holds exactly N rows of
role `shadow`, each on a shift whose primary is someone without shadow_shifts.

Hard: exactly N per trainee, at most one shadow per shift, never on a shift where the trainee
holds a role, and time off, site, overlap and min_rest_hours for the trainee, counting their
role shifts and shadow shifts together. Shadows cover nothing, count for no fairness load and
not toward max_shifts_per_week. Soft: spread over the plan (at most one shadow in any window of
half the trainee's ideal gap), priced like the spread of on-call shifts. In a re-plan, kept
shadow rows (`problem.kept_shadows`, before --from) are fixed and count toward N.
The rule's entry in the one rule list, with its check, is scheduler/solver/rules/shadows.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ortools.sat.python import cp_model

from scheduler.domain import SHADOW, Assignment
from scheduler.problem.eligibility import free_shifts
from scheduler.problem.slots import Problem
from scheduler.solver.builders import (
    HintBook,
    HintState,
    Penalty,
    Works,
    X,
    no_overlap_and_min_rest,
    runs_within,
)


@dataclass
class ShadowVars:
    """shadow[(shift index, trainee member index)] = 1 when the trainee shadows that shift."""

    shadow: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    occupied: Works = field(default_factory=dict)  # trainee holds a role or shadows the shift


def trainees(problem: Problem) -> list[int]:
    return [m for m, member in enumerate(problem.team.members) if member.shadow_shifts]


def _primary_slot(problem: Problem) -> dict[int, int]:
    """shift index -> index of its primary slot."""
    return {slot.shift.index: i for i, slot in enumerate(problem.slots) if slot.role == "primary"}


def candidates(problem: Problem) -> dict[int, list[int]]:
    """trainee -> shifts they could shadow: free then, and someone without shadow_shifts is
    eligible for the primary. A kept (frozen) shift is a candidate only for its kept shadow."""
    team = problem.team
    pupils = set(trainees(problem))
    index = {m: i for i, m in enumerate(problem.members)}
    teachable = {s.index for s in problem.shifts if s.index not in problem.frozen
                 and any(index[m] not in pupils for m in problem.eligibility.members_for(s.index, "primary"))}
    kept = problem.kept_shadows
    return {t: sorted({*(s for s in free_shifts(team, team.members[t], problem.shifts) if s in teachable),
                       *(s for s, p in kept.items() if p == t)})
            for t in trainees(problem)}


def wanted(problem: Problem, t: int) -> int:
    """How many shadow rows trainee `t` holds: shadow_shifts, or more if kept history has more."""
    kept = sum(1 for p in problem.kept_shadows.values() if p == t)
    return max(problem.team.members[t].shadow_shifts, kept)


def explain_shadows(problem: Problem) -> list[str]:
    reasons = []
    for t, shifts in candidates(problem).items():
        member = problem.team.members[t]
        if len(shifts) < wanted(problem, t):
            reasons.append(f"{member.id}: shadow_shifts={member.shadow_shifts}, but only "
                           f"{len(shifts)} shift(s) of the plan have them free next to a primary "
                           "without shadow_shifts")
    return reasons


def plan_shadows(problem: Problem, holders: list[int | None]) -> dict[int, int]:
    """A rule-keeping placement for a starting hint: shift -> trainee, each trainee's N shadows
    aimed at evenly spaced points of the plan. May place fewer where the rules leave no room."""
    rest = timedelta(hours=problem.team.rules.min_rest_hours)
    shifts = problem.shifts
    primary = _primary_slot(problem)
    pupils = set(trainees(problem))
    busy: dict[int, list[tuple[datetime, datetime]]] = {t: [] for t in pupils}
    in_shift: set[tuple[int, int]] = set()
    for i, h in enumerate(holders):
        if h in pupils:
            busy[h].append((problem.slots[i].shift.start, problem.slots[i].shift.end))
            in_shift.add((problem.slots[i].shift.index, h))
    plan: dict[int, int] = dict(problem.kept_shadows)
    for s, t in plan.items():
        busy[t].append((shifts[s].start, shifts[s].end))
    if not shifts:
        return plan
    first, last = shifts[0].start, max(s.end for s in shifts)
    for t, options in candidates(problem).items():
        n = wanted(problem, t) - sum(1 for p in problem.kept_shadows.values() if p == t)
        for k in range(n):
            target = first + (last - first) * (k + 0.5) / n
            best = None
            for s in sorted(options, key=lambda s: (abs(shifts[s].start - target), s)):
                shift = shifts[s]
                teacher = holders[primary[s]] if s in primary else None
                if s in plan or (s, t) in in_shift or teacher is None or teacher in pupils:
                    continue
                if all(shift.start >= b + rest or shift.end + rest <= a for a, b in busy[t]):
                    best = s
                    break
            if best is not None:
                plan[best] = t
                busy[t].append((shifts[best].start, shifts[best].end))
    return plan


def _cached_plan(problem: Problem, state: HintState) -> dict[int, int]:
    """The hint's shadow placement, computed once per starting schedule."""
    plan: dict[int, int] | None = getattr(state, "shadow_plan", None)
    if plan is None:
        plan = plan_shadows(problem, state.holders)
        state.shadow_plan = plan  # type: ignore[attr-defined]
    return plan


def shadows(model: cp_model.CpModel, problem: Problem, x: X, works: Works,
            book: HintBook) -> ShadowVars:
    """Add the hard shadow rules; returns the shadow and occupancy variables."""
    found = ShadowVars()
    pupils = trainees(problem)
    if not pupils:
        return found
    primary = _primary_slot(problem)
    per_shift: dict[int, list[cp_model.IntVar]] = {}
    for t, options in candidates(problem).items():
        name = problem.members[t]
        mine = []
        for s in options:
            var = model.new_bool_var(f"shadow[{s},{name}]")
            found.shadow[(s, t)] = var
            mine.append(var)
            per_shift.setdefault(s, []).append(var)
            book.add(var, lambda st, s=s, t=t: int(_cached_plan(problem, st).get(s) == t))
            if s in problem.frozen:
                model.add(var == 1)  # a kept shadow row stays as it was
            else:
                # The shadowed primary is someone without shadow_shifts.
                taught_by_pupil = [x[(primary[s], p)] for p in pupils if (primary[s], p) in x]
                model.add(var + sum(taught_by_pupil) <= 1)
            held = works.get((s, t))
            if held is None:
                found.occupied[(s, t)] = var
                continue
            occupied = model.new_bool_var(f"occupied[{s},{name}]")
            model.add(occupied == var + held)  # also: no shadow on a shift they hold a role in
            found.occupied[(s, t)] = occupied
            book.add(occupied, lambda st, s=s, t=t: int(st.works(s, t)
                                                        or _cached_plan(problem, st).get(s) == t))
        model.add(sum(mine) == wanted(problem, t))
    for sharing in per_shift.values():
        model.add_at_most_one(sharing)
    occupied_all = {key: var for key, var in works.items() if key[1] in pupils}
    occupied_all.update(found.occupied)
    no_overlap_and_min_rest(model, problem, occupied_all, problem.frozen)
    return found


def spread(model: cp_model.CpModel, problem: Problem, shadow: dict[tuple[int, int], cp_model.IntVar],
           book: HintBook, weight: int) -> list[Penalty]:
    """Soft: at most one shadow in any window of half the trainee's ideal gap."""
    shifts = problem.shifts
    if not shadow:
        return []
    horizon = max(s.end for s in shifts) - shifts[0].start
    penalties: list[Penalty] = []
    for t in trainees(problem):
        n = problem.team.members[t].shadow_shifts
        mine = sorted((s for s, p in shadow if p == t), key=lambda s: shifts[s].start)
        if n < 2 or len(mine) < 2:
            continue
        for a, group in runs_within(shifts, mine, horizon / n / 2):
            if len(group) < 2:
                continue
            excess = model.new_int_var(0, len(group) - 1, f"shadow_clump[{problem.members[t]},{a}]")
            model.add(sum(shadow[(s, t)] for s in group) <= 1 + excess)
            penalties.append((excess, weight))
            book.add(excess, lambda st, g=group, t=t: max(
                0, sum(_cached_plan(problem, st).get(s) == t for s in g) - 1))
    return penalties


def shadow_rows(problem: Problem, plan: dict[int, int]) -> list[Assignment]:
    """Schedule rows of role `shadow` for a placement (shift -> trainee)."""
    return [Assignment(problem.shifts[s], SHADOW, problem.members[t]) for s, t in sorted(plan.items())]


def placement(shadow: dict[tuple[int, int], cp_model.IntVar], values: list[int]) -> dict[int, int]:
    """shift -> trainee from a full CP-SAT variable vector."""
    return {s: t for (s, t), var in shadow.items() if values[var.index]}


def complete(problem: Problem, plan: dict[int, int]) -> bool:
    """Whether a placement gives every trainee all of their shadow_shifts."""
    return all(sum(1 for t in plan.values() if t == m) == wanted(problem, m)
               for m in trainees(problem))
