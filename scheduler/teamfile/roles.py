"""Team file checks for roles, skills and trainees (contract section 7).

`fail(key, message)` builds the one-line TeamFileError naming the file, line and key.
"""

from __future__ import annotations

from typing import Any

from scheduler.domain import SHADOW, Member


def team_roles(written: list[str], fail: Any) -> tuple[str, ...]:
    """Any role names (an IMOC rotation is `roles: [imoc]`); `shadow` is the trainee's row."""
    roles = tuple(written)
    if not roles:
        raise fail("roles", "a team needs at least one role")
    for i, role in enumerate(roles):
        if role == SHADOW:
            raise fail(f"roles[{i}]", f"'{SHADOW}' is the trainee's row, not a team role; "
                                      "give the trainee shadow_shifts instead")
        if roles.index(role) != i:
            raise fail(f"roles[{i}]", f"duplicate role '{role}'")
    return roles


def check_skills_and_trainees(required_skills: list[str], members: list[Member],
                              roles: tuple[str, ...], fail: Any) -> None:
    """A required skill somebody holds; trainees only where a primary can be shadowed."""
    held = {skill for m in members for skill in m.skills}
    for i, skill in enumerate(required_skills):
        if skill not in held:
            raise fail(f"rules.required_skills[{i}]", f"no member has skill '{skill}'")
    for i, m in enumerate(members):
        if not m.shadow_shifts:
            continue
        if "primary" not in roles:
            raise fail(f"members[{i}].shadow_shifts",
                       "a trainee shadows the primary, but the team has no role primary")
        if all(other.shadow_shifts for other in members if "primary" in other.roles):
            raise fail(f"members[{i}].shadow_shifts",
                       "a trainee shadows a primary without shadow_shifts, and there is none")
