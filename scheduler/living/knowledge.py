"""Skills coverage and knowledge risk (contract section 7): who holds which skill, and the
shifts where only one available person could bring a skill, the risk a team should train away.

"Available" for a shift means eligible for at least one of its roles: the role is theirs, the
site matches, and no time off, unavailability or busy time elsewhere overlaps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Shift, Team
from scheduler.problem.eligibility import build_eligibility
from scheduler.shifts.expand import expand


@dataclass(frozen=True)
class SkillRisk:
    shift: Shift
    skill: str
    available: tuple[str, ...]  # member ids; one = knowledge risk, none = nobody can


def all_skills(team: Team) -> list[str]:
    """Required skills first, in the team file's order, then every other skill by name."""
    held = sorted({s for m in team.members for s in m.skills} - set(team.rules.required_skills))
    return [*team.rules.required_skills, *held]


def skills_matrix(team: Team) -> dict[str, dict[str, bool]]:
    """member id -> skill -> holds it."""
    skills = all_skills(team)
    return {m.id: {s: s in m.skills for s in skills} for m in team.members}


def knowledge_risks(team: Team, shifts: list[Shift] | None = None) -> list[SkillRisk]:
    """Per shift and skill, the available holders when there are fewer than two."""
    shifts = expand(team) if shifts is None else shifts
    eligibility = build_eligibility(team, shifts)
    skills = all_skills(team)
    risks = []
    for shift in shifts:
        free = {m for role in team.roles for m in eligibility.members_for(shift.index, role)}
        for skill in skills:
            holders = tuple(m.id for m in team.members if m.id in free and skill in m.skills)
            if len(holders) < 2:
                risks.append(SkillRisk(shift, skill, holders))
    return risks
