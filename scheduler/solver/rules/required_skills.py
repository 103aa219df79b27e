"""Hard rule: required skills (contract sections 7 and 10). Every shift has, among the holders
of its roles, someone with each skill in `rules.required_skills`, at every instant of it (an
override may split a row). Shadow rows bring no skill.

Two explanations: `explain` names the shifts where nobody free has a skill (cheap, before any
search); `diagnose`, asked only once a plan is proven infeasible, names a skill whose few
holders cannot hold every shift that needs it under min_rest_hours and max_shifts_per_week
(capacity rather than one shift), with the numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.domain import Schedule
from scheduler.problem.slots import Problem
from scheduler.solver.rules.rows import by_shift, cuts, label, role_holders
from scheduler.solver.skill_model import explain_missing_skills

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "required skills"
FEW_HOLDERS = 3  # capacity is diagnosed for skills held by at most this many members
DIAGNOSE_SECONDS = 5.0  # per holder: CP-SAT proves a one-person maximum in far less


def build(mv: ModelVars) -> list[Penalty]:
    """With gaps allowed, the shifts where nobody free has a skill are left out (the report
    names them); kept history is not re-judged."""
    from scheduler.solver.skill_model import required_skills, unmeetable

    skip = unmeetable(mv.problem) if mv.spec.allow_gaps else None
    required_skills(mv.model, mv.problem, mv.x, skip)
    return []


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    skills = team.rules.required_skills
    if not skills:
        return []
    members = {m.id: m for m in team.members}
    found: list[str] = []
    for rows in by_shift(schedule).values():
        missing: set[str] = set()
        for lo, hi in cuts(rows):
            have = {s for p in role_holders(rows, lo, hi) if p in members
                    for s in members[p].skills}
            missing |= {s for s in skills if s not in have}
        shift = rows[0].shift
        found += [f"{label(team, shift.start)} {shift.template}: nobody holds required skill "
                  f"'{skill}'" for skill in skills if skill in missing]
    return found


explain = explain_missing_skills


def _rules_text(problem: Problem) -> tuple[str, bool]:
    """The rules that limit one person's shifts, and whether they are one (for the verb)."""
    rules = problem.team.rules
    names = [n for n, on in (("min_rest_hours", rules.min_rest_hours),
                             ("max_shifts_per_week", rules.max_shifts_per_week is not None)) if on]
    return (" and ".join(names) or "the overlap rule"), len(names) <= 1


def most_shifts(problem: Problem, m: int, shifts: set[int]) -> int:
    """The most of `shifts` (indices) member `m` can hold under overlap, min rest and the
    weekly cap alone: a proven upper bound (CP-SAT's bound when out of time)."""
    from ortools.sat.python import cp_model

    from scheduler.solver.builders import Works, max_shifts_per_week, no_overlap_and_min_rest

    member = problem.members[m]
    free = sorted(s for s in shifts if any(
        member in problem.eligibility.members_for(s, role) for role in problem.team.roles))
    if not free:
        return 0
    model = cp_model.CpModel()
    works: Works = {(s, m): model.new_bool_var(f"holds[{s}]") for s in free}
    no_overlap_and_min_rest(model, problem, works)
    max_shifts_per_week(model, problem, works)
    model.maximize(sum(works.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = DIAGNOSE_SECONDS
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    return int(solver.best_objective_bound)


def diagnose(problem: Problem) -> list[str]:
    """A skill whose holders, together, cannot hold as many shifts as need it."""
    team = problem.team
    need = {s.index for s in problem.shifts if s.index not in problem.frozen}
    reasons = []
    for skill in team.rules.required_skills:
        holders = [m for m, member in enumerate(team.members) if skill in member.skills]
        if not holders or len(holders) > FEW_HOLDERS:
            continue
        most = sum(most_shifts(problem, m, need) for m in holders)
        if most >= len(need):
            continue
        names = " and ".join(problem.members[m] for m in holders)
        rules, one = _rules_text(problem)
        who = names if len(holders) == 1 else f"{names} together"
        reasons.append(f"required skill '{skill}' is held only by {names}; the plan's "
                       f"{len(need)} shifts need it, but {rules} let{'s' if one else ''} "
                       f"{who} hold at most {most}")
    return reasons
