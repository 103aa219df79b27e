"""Hard rule: required skills (contract section 7). Every shift has, among the holders of its
roles, someone with each skill in `rules.required_skills`. Shadow rows bring no skill.

`explain_missing_skills` is the pre-check: a shift where nobody free has a skill can never be
covered, and the message says who has the skill and why they are not free. The rule's entry in
the one rule list, with its independent check and its capacity diagnosis, is
scheduler/solver/rules/required_skills.py.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from scheduler.domain import Member, Shift
from scheduler.problem.eligibility import why_away
from scheduler.problem.slots import Problem

if TYPE_CHECKING:  # OR-Tools loads only with the solver: bounds and greedy use this module too
    from ortools.sat.python import cp_model

    X = dict[tuple[int, int], cp_model.IntVar]


def skill_holders_free(problem: Problem, shift: Shift, skill: str) -> list[int]:
    """Member indices eligible for some role of `shift` who have `skill`."""
    team = problem.team
    index = {m: i for i, m in enumerate(problem.members)}
    free = {m for role in team.roles for m in problem.eligibility.members_for(shift.index, role)}
    return [index[m.id] for m in team.members if m.id in free and skill in m.skills]


def required_skills(model: cp_model.CpModel, problem: Problem, x: X,
                    skip: set[tuple[int, str]] | None = None) -> None:
    """At least one holder of each required skill among each shift's role holders.

    `skip` names (shift index, skill) pairs left out (with --allow-gaps, those no one can meet)."""
    skills = problem.team.rules.required_skills
    if not skills:
        return
    by_shift: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (slot_index, m), var in x.items():
        by_shift[problem.slots[slot_index].shift.index].append((m, var))
    members = problem.team.members
    for shift in problem.shifts:
        if shift.index in problem.frozen:
            continue  # kept history is not re-judged (a re-plan's rows before --from)
        for skill in skills:
            if skip and (shift.index, skill) in skip:
                continue
            holders = [var for m, var in by_shift[shift.index] if skill in members[m].skills]
            model.add(sum(holders) >= 1)


def _why_not(problem: Problem, member: Member, shift: Shift) -> str:
    """Reads after "who is": on time off, busy in another team, ..."""
    return why_away(problem.team, member, shift) or \
        f"without any of the roles {', '.join(problem.team.roles)}"


def explain_missing_skills(problem: Problem) -> list[str]:
    """One line per shift and required skill that nobody free can bring."""
    team = problem.team
    reasons = []
    for shift in problem.shifts:
        if shift.index in problem.frozen:
            continue
        for skill in team.rules.required_skills:
            if skill_holders_free(problem, shift, skill):
                continue
            label = shift.start.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")
            holders = [m for m in team.members if skill in m.skills]
            who = ", and ".join(f"{m.id}, who is {_why_not(problem, m, shift)}" for m in holders)
            only = "only " if len(holders) == 1 else ""
            reasons.append(f"{label} {shift.template}: nobody free has '{skill}' ({only}{who})")
    return reasons


def unmeetable(problem: Problem) -> set[tuple[int, str]]:
    """(shift index, skill) pairs no free member can bring: left out when gaps are allowed."""
    return {(shift.index, skill) for shift in problem.shifts if shift.index not in problem.frozen
            for skill in problem.team.rules.required_skills
            if not skill_holders_free(problem, shift, skill)}


def missing_skills(problem: Problem, chosen: list[int]) -> set[str]:
    """The required skills none of the `chosen` members (indices) has."""
    members = problem.team.members
    return {s for s in problem.team.rules.required_skills
            if not any(s in members[m].skills for m in chosen)}


def skills_kept(problem: Problem, holders: list[int | None]) -> bool:
    """Whether a schedule (member index per slot) has every required skill on every shift."""
    if not problem.team.rules.required_skills:
        return True
    per_shift: dict[int, list[int]] = defaultdict(list)
    for slot, m in zip(problem.slots, holders, strict=True):
        if m is not None:
            per_shift[slot.shift.index].append(m)
    return all(not missing_skills(problem, per_shift[s.index]) for s in problem.shifts)


def skill_bounds(problem: Problem) -> dict[str, float]:
    """Lower bounds on the largest weighted shifts and hours that required skills force.

    Every shift needs a holder of skill s, so s's holders together hold at least one slot and
    one shift's hours of every shift: if every weighted load is at most T, then
    T x (sum of the holders' fair-share factors) >= that total, whatever the schedule."""
    out: dict[str, float] = {}
    members = problem.team.members
    for skill in problem.team.rules.required_skills:
        covered = [s for s in problem.shifts if skill_holders_free(problem, s, skill)]
        holders = [m for m, member in enumerate(members) if skill in member.skills]
        for quantity, total in (("shifts", float(len(covered))),
                                ("hours", sum(s.duration.total_seconds() for s in covered) / 3600)):
            weight = sum(problem.factor[quantity][m] for m in holders)
            if weight > 0:
                out[quantity] = max(out.get(quantity, 0.0), total / weight)
    return out
