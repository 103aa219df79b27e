"""Minimal-change re-plan (contract section 6, `rota replan`).

Rows of the previous schedule that start before `replan_from` are history: they are copied as
they were (shadow rows included) and count as load. The later rows obey every hard rule of the
*current* team file: the model is built from the one rule list (scheduler/solver/rules), as
solve's is, so required skills, trainees' exact shadow_shifts next to a non-trainee primary,
busy time, rest and the weekly cap hold here too (contract section 10).
CP-SAT first minimises the number of changed rows (a row that had a person and now has another
one, or none; filling an empty row is not a change) and says whether that minimum is proven.
Then, with at most that many changes (or `max_changes`, if larger), it picks the fairest
schedule. The trade between changes and fairness is reported as one fairness table per cap.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from ortools.sat.python import cp_model

from scheduler.domain import SHADOW, Assignment, FairnessLine, Schedule, Shift, SolveReport, Team
from scheduler.errors import InfeasibleError
from scheduler.formats.csvfile import row_order
from scheduler.problem.history import combined_bounds
from scheduler.problem.loads import QUANTITY_NAMES, slot_load
from scheduler.problem.slots import build_problem
from scheduler.replan.model import Plan, ReplanModel, build_model
from scheduler.replan.overrides import carry_overrides
from scheduler.shifts.expand import expand
from scheduler.solver import rules as hard_rules
from scheduler.solver.bounds.fairness import lower_bounds
from scheduler.solver.report.fairness import fill_fairness

PHASE1_SHARE = 0.6  # of the time left: find and prove the fewest changes (often far less)
REPORT_SHARE = 0.1  # of the time limit, kept for the fairness report after the search


@dataclass(frozen=True)
class TradePoint:
    """The fairest schedule found with at most `cap` changed rows."""

    cap: int
    changed: int
    fairness: list[FairnessLine]


@dataclass
class ReplanResult:
    schedule: Schedule
    previous: Schedule
    replan_from: datetime
    changed: int  # changed rows in `schedule`
    min_changes: int  # the fewest changed rows the hard rules allow (found by phase 1)
    proven: bool  # CP-SAT proved `min_changes` optimal
    uncovered: int
    trade: list[TradePoint] = field(default_factory=list)


def _plan_shifts(team: Team, previous: Schedule, replan_from: datetime) -> list[Shift]:
    """The previous schedule's shifts, plus shifts of the current team file that start at or
    after replan_from and were not in it (the plan was extended)."""
    known = {(s.start, s.end) for s in previous.shifts}
    extra = [s for s in expand(team) if s.start >= replan_from and (s.start, s.end) not in known]
    merged = sorted([*previous.shifts, *extra], key=lambda s: (s.start, s.end, s.template))
    return [Shift(i, s.template, s.start, s.end, s.site) for i, s in enumerate(merged)]


def build_plan(team: Team, previous: Schedule, replan_from: datetime) -> Plan:
    shifts = _plan_shifts(team, previous, replan_from)
    problem = build_problem(team, shifts)
    held = {(a.shift.start, a.shift.end, a.role): a.person for a in previous.assignments}
    before = [held.get((slot.shift.start, slot.shift.end, slot.role)) for slot in problem.slots]
    frozen = frozenset(s.index for s in shifts if s.start < replan_from)
    index = {m: i for i, m in enumerate(problem.members)}
    shift_of = {(s.start, s.end): s.index for s in shifts}
    shadows_before = {shift_of[(a.shift.start, a.shift.end)]: a.person
                      for a in previous.assignments if a.role == SHADOW and a.person is not None
                      and (a.shift.start, a.shift.end) in shift_of}
    problem.frozen = frozen
    # Kept shadow rows of people still trainees are part of the model (they count toward
    # shadow_shifts and need rest); any other kept row is copied by to_replanned all the same.
    problem.kept_shadows = {s: index[t] for s, t in shadows_before.items() if s in frozen
                            and t in index and team.members[index[t]].shadow_shifts}
    loads = problem.shift_loads
    for i, slot in enumerate(problem.slots):
        if slot.shift.index not in frozen:
            continue
        # A kept row has one possible holder, whatever the current file says of them.
        m = index.get(before[i] or "")
        for q in QUANTITY_NAMES:
            problem.load[q][i] = {} if m is None else {
                m: slot_load(q, slot.shift, slot.role, team.members[m], loads[slot.shift.index])}
    return Plan(problem, before, frozen, replan_from, shadows_before)


def _explain(plan: Plan, model_gaps: ReplanModel | None) -> list[str]:
    """The rulebook's reasons first (every hard rule's explanation, capacity included), then
    the rows a fewest-gaps re-plan had to leave open."""
    problem = plan.problem
    reasons = hard_rules.diagnose(problem)
    if reasons or model_gaps is None:
        return reasons or ["the rules cannot all hold for the rows to re-plan"]
    team = problem.team
    for i in model_gaps.uncovered_free():
        slot = problem.slots[i]
        label = slot.shift.start.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")
        ids = problem.eligibility.members_for(slot.shift.index, slot.role)
        reasons.append(f"{label} {slot.shift.template}/{slot.role}: {len(ids)} eligible member"
                       f"{'s' if len(ids) != 1 else ''} ({', '.join(ids)}), but the rest, "
                       "overlap and weekly-cap rules leave none of them free")
    return reasons or ["the rules cannot all hold for the rows to re-plan"]


def replan(team: Team, previous: Schedule, *, replan_from: datetime,
           max_changes: int | None = None, time_limit: float = 30.0, seed: int = 0,
           allow_gaps: bool = False, workers: int = 1,
           preload: dict[str, list[int]] | None = None) -> ReplanResult:
    """Re-plan `previous` for the current `team` from `replan_from` on, changing as few rows
    as the hard rules allow. Raises InfeasibleError naming the shifts unless allow_gaps."""
    started = time.monotonic()
    deadline = started + time_limit * (1 - REPORT_SHARE)

    def left() -> float:
        # Budgets come from the time left, so building the model and the bounds on a big
        # plan do not push the whole re-plan past --time-limit (at the cost of repeatability).
        return max(0.5, deadline - time.monotonic())

    plan = build_plan(team, previous, replan_from)
    if preload is not None:
        plan.problem.preload = preload
    fewest = build_model(plan, allow_gaps=allow_gaps, workers=workers, seed=seed)
    fewest.minimise_changes()
    status = fewest.run(PHASE1_SHARE * left(), hint=plan.before)
    if status == cp_model.INFEASIBLE and not allow_gaps:
        explain = build_model(plan, allow_gaps=True, workers=workers, seed=seed)
        explain.minimise_changes()
        found = explain.run(max(1.0, 0.3 * time_limit), hint=plan.before)
        raise InfeasibleError(_explain(plan, explain if explain.found(found) else None))
    if not fewest.found(status):
        raise InfeasibleError(hard_rules.diagnose(plan.problem) or [
            f"no re-plan found within the time limit of {time_limit:g} s; raise --time-limit"])
    min_changes, gaps = fewest.changed_value(), fewest.gaps_value()
    proven = status == cp_model.OPTIMAL
    caps = [min_changes] + ([max_changes] if max_changes is not None and max_changes > min_changes
                            else [])
    bounds = lower_bounds(plan.problem)
    holders, shadows = fewest.holders(), fewest.shadow_plan()
    trade: list[TradePoint] = []
    for n, cap in enumerate(caps):
        fair = build_model(plan, allow_gaps=allow_gaps, workers=workers, seed=seed)
        # With history, the plan-alone bounds are no floor for history + plan.
        fair.balance(cap, gaps, combined_bounds(plan.problem) or bounds, holders)
        if fair.improve(left() / (len(caps) - n), holders):
            holders, shadows = fair.holders(), fair.shadow_plan()
        report = SolveReport("", 0.0, None, None, None, 0)
        fill_fairness(report, plan.problem, holders, bounds)
        trade.append(TradePoint(cap, count_changes(plan, holders, shadows), report.fairness))
    schedule = carry_overrides(
        previous, to_replanned(plan, holders, shadows, started, proven, bounds), replan_from)
    return ReplanResult(schedule, previous, replan_from, count_changes(plan, holders, shadows),
                        min_changes, proven, gaps, trade)


def count_changes(plan: Plan, holders: list[int | None], shadows: dict[int, int]) -> int:
    """Rows to re-plan that had a person and now have another (or none); a shadow row the
    trainee no longer holds counts as one too."""
    members = plan.problem.members
    rows = sum(1 for i, h in enumerate(holders) if not plan.kept(i)
               and plan.before[i] is not None and (h is None or members[h] != plan.before[i]))
    moved = sum(1 for s, t in plan.shadows_before.items() if s not in plan.frozen
                and (s not in shadows or members[shadows[s]] != t))
    return rows + moved


def to_replanned(plan: Plan, holders: list[int | None], shadows: dict[int, int],
                 started: float, proven: bool, bounds: dict[str, float]) -> Schedule:
    """The new schedule: kept rows exactly as they were (even for people no longer in the
    team), shadow rows included; later rows from the solver, with a fairness report over the
    whole plan."""
    problem = plan.problem
    assignments = [
        Assignment(slot.shift, slot.role, plan.before[i] if plan.kept(i)
                   else (problem.members[h] if h is not None else None))
        for i, (slot, h) in enumerate(zip(problem.slots, holders, strict=True))
    ]
    kept = {s: t for s, t in plan.shadows_before.items() if s in plan.frozen}
    kept.update({s: problem.members[t] for s, t in shadows.items() if s not in plan.frozen})
    assignments += [Assignment(problem.shifts[s], SHADOW, t) for s, t in sorted(kept.items())]
    assignments.sort(key=row_order(problem.team))
    uncovered = sum(1 for i, h in enumerate(holders) if h is None and not plan.kept(i))
    report = SolveReport(status="gaps" if uncovered else ("optimal" if proven else "feasible"),
                         wall_seconds=time.monotonic() - started, first_solution_seconds=None,
                         objective=None, best_bound=None, uncovered=uncovered)
    fill_fairness(report, problem, holders, bounds)
    return Schedule(problem.team, problem.shifts, assignments, report)

