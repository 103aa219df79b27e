"""Hard rule: availability (contract sections 1 and 7). A member holds a row only with the role
(a shadow row needs `shadow_shifts`), of the shift's site, and not while away: time off, before
joining or after leaving, recurring unavailability, or busy in another team within
min_rest_hours of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from scheduler.domain import SHADOW, Member, Schedule
from scheduler.solver.rules.rows import label

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "availability"


def build(mv: ModelVars) -> list[Penalty]:
    """x[(slot, member)] exists only for eligible pairs (problem.load lists them)."""
    from scheduler.solver.builders import new_assignment_vars

    mv.x = new_assignment_vars(mv.model, mv.problem)
    return []


def _midnight(day: date, member: Member) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=member.timezone).astimezone(UTC)


def _away(member: Member, start: datetime, end: datetime) -> str | None:
    """Why `member` may not hold [start, end), in their own zone; None if nothing forbids it."""
    zone = member.timezone
    for off in member.time_off:
        if start < _midnight(off.end + timedelta(days=1), member) and _midnight(off.start, member) < end:
            return f"on time off {off.start}..{off.end}"
    if member.joins and start < _midnight(member.joins, member):
        return f"before joining on {member.joins}"
    if member.leaves and end > _midnight(member.leaves, member):
        return f"after leaving on {member.leaves}"
    day = start.astimezone(zone).date() - timedelta(days=1)
    while day <= end.astimezone(zone).date():
        for rule in member.unavailable:
            if rule.days and day.weekday() not in rule.days:
                continue
            if rule.start is None or rule.end is None:
                lo, hi = _midnight(day, member), _midnight(day + timedelta(days=1), member)
            else:
                lo = datetime.combine(day, rule.start, tzinfo=zone).astimezone(UTC)
                until = day if rule.end > rule.start else day + timedelta(days=1)
                hi = datetime.combine(until, rule.end, tzinfo=zone).astimezone(UTC)
            if start < hi and lo < end:
                return f"unavailable {day:%a} {rule.start or '00:00'}-{rule.end or '24:00'}"
        day += timedelta(days=1)
    return None


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    members = {m.id: m for m in team.members}
    rest = timedelta(hours=team.rules.min_rest_hours)
    found: list[str] = []
    for a in schedule.assignments:
        if a.person is None:
            continue
        when = f"{label(team, a.start)} {a.shift.template}/{a.role}"
        member = members.get(a.person)
        if member is None:
            found.append(f"{when}: {a.person} is not a member")
            continue
        if a.role == SHADOW and not member.shadow_shifts:
            found.append(f"{when}: {a.person} shadows without shadow_shifts")
        elif a.role != SHADOW and a.role not in member.roles:
            found.append(f"{when}: {a.person} holds {a.role} without the role")
        if a.shift.site and member.site != a.shift.site:
            found.append(f"{when}: {a.person} is of site {member.site}, not {a.shift.site}")
        if why := _away(member, a.start, a.end):
            found.append(f"{when}: {a.person} is away ({why})")
        if any(a.start < hi + rest and lo - rest < a.end for lo, hi in member.busy):
            found.append(f"{when}: {a.person} is busy in another team then")
    return found
