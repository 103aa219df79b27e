"""Why a team cannot be covered: first slot by slot (nobody eligible, Hall's condition per
shift), then, when every slot alone is coverable but the rules together are not, the slots a
fewest-gaps solve had to leave open."""

from __future__ import annotations

from scheduler.problem.slots import Problem, Slot


def explain_uncoverable(problem: Problem) -> list[str]:
    """Slots that no schedule can cover, judged one shift at a time (Hall's condition)."""
    reasons = []
    team = problem.team
    for shift in problem.shifts:
        if shift.index in problem.frozen:
            continue  # kept history is not re-judged
        label = shift.start.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")
        per_role = {r: problem.eligibility.members_for(shift.index, r) for r in team.roles}
        union = sorted({m for ids in per_role.values() for m in ids})
        for role, ids in per_role.items():
            if not ids:
                reasons.append(f"{label} {shift.template}/{role}: no eligible member available"
                               f"{_why_nobody(problem, shift.site, role)}")
        if all(per_role.values()) and len(union) < len(team.roles):
            names = ", ".join(union)
            reasons.append(
                f"{label} {shift.template}/{team.roles[-1]}: {len(union)} eligible member"
                f"{'s' if len(union) != 1 else ''} available ({names}), {len(team.roles)} needed"
            )
    return reasons


def _why_nobody(problem: Problem, site: str | None, role: str) -> str:
    members = [m for m in problem.team.members if role in m.roles]
    if site is not None:
        members = [m for m in members if m.site == site]
        if not members:
            return f" (no member of site {site} holds role {role})"
    elif not members:
        return f" (no member holds role {role})"
    return " (all are on time off, unavailable or busy in another team)"


def explain_gaps(problem: Problem, open_slots: list[Slot]) -> list[str]:
    """Each slot a fewest-gaps schedule left open, with its eligible members and the rules
    that keep all of them busy."""
    team = problem.team
    rule_text = []
    if team.rules.min_rest_hours:
        rule_text.append(f"min_rest_hours={team.rules.min_rest_hours:g}")
    if team.rules.max_shifts_per_week:
        rule_text.append(f"max_shifts_per_week={team.rules.max_shifts_per_week}")
    why = " and ".join(rule_text) or "the overlap rule"
    reasons = []
    for slot in open_slots:
        label = slot.shift.start.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")
        ids = problem.eligibility.members_for(slot.shift.index, slot.role)
        reasons.append(
            f"{label} {slot.shift.template}/{slot.role}: {len(ids)} eligible member"
            f"{'s' if len(ids) != 1 else ''} ({', '.join(ids)}), but {why} leave"
            f"{'s' if len(rule_text) == 1 else ''} none of them free"
        )
    return reasons or ["the rules cannot all hold together"]
