"""An independent checker of the hard rules of contract sections 1 and 7 (and the README's
member extensions: recurring `unavailable`, `joins`, `leaves`), for tests and bench/solve.py.

It shares no code with the solver: it reads the team file's meaning directly from the Team and
the schedule rows, using plain datetime arithmetic in UTC.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from scheduler.domain import Schedule

SHADOW = "shadow"


def _midnight(day, zone) -> datetime:
    # Midnight never falls in a DST gap in the zones these tests use.
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def _at(day, clock, zone) -> datetime:
    # Nor do the unavailability clock times the tests use.
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _away_reason(member, start: datetime, end: datetime) -> str | None:
    """Why `member` may not hold [start, end): joins, leaves or a recurring unavailability, all
    in the member's own zone; None if nothing forbids it."""
    zone = member.timezone
    if member.joins and start < _midnight(member.joins, zone):
        return f"before joining on {member.joins}"
    if member.leaves and end > _midnight(member.leaves, zone):
        return f"after leaving on {member.leaves}"
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    day = first
    while day <= last:
        for rule in member.unavailable:
            if rule.days and day.weekday() not in rule.days:
                continue
            if rule.start is None:
                lo, hi = _midnight(day, zone), _midnight(day + timedelta(days=1), zone)
            else:
                lo = _at(day, rule.start, zone)
                hi = _at(day if rule.end > rule.start else day + timedelta(days=1), rule.end, zone)
            if start < hi and lo < end:
                return f"unavailable {day:%a} {rule.start or '00:00'}-{rule.end or '24:00'}"
        day += timedelta(days=1)
    return None


def violations(schedule: Schedule) -> list[str]:
    team = schedule.team
    members = {m.id: m for m in team.members}
    found: list[str] = []
    by_shift: dict[int, list] = defaultdict(list)
    held: dict[str, list] = defaultdict(list)
    for a in schedule.assignments:
        by_shift[a.shift.index].append(a)
        if a.person is None:
            found.append(f"uncovered {a.shift.start} {a.role}")
            continue
        member = members.get(a.person)
        if member is None:
            found.append(f"unknown person {a.person}")
            continue
        held[a.person].append(a)
        if a.role == SHADOW and not member.shadow_shifts:
            found.append(f"{a.person} shadows without shadow_shifts")
        elif a.role != SHADOW and a.role not in member.roles:
            found.append(f"{a.person} holds {a.role} without the role")
        if a.shift.site and member.site != a.shift.site:
            found.append(f"{a.person} holds a {a.shift.site} shift from site {member.site}")
        for off in member.time_off:
            lo = _midnight(off.start, member.timezone)
            hi = _midnight(off.end + timedelta(days=1), member.timezone)
            if a.shift.start < hi and lo < a.shift.end:
                found.append(f"{a.person} on time off at {a.shift.start}")
        reason = _away_reason(member, a.shift.start, a.shift.end)
        if reason:
            found.append(f"{a.person} holds {a.shift.start}, {reason}")
        found += _busy_elsewhere(a, member, timedelta(hours=team.rules.min_rest_hours))
    for shift_index, rows in by_shift.items():
        found += _skills_and_shadows(team, shift_index, rows, members)
        roles = [r.role for r in rows if r.role != SHADOW]
        if sorted(roles) != sorted(team.roles):
            found.append(f"shift {shift_index} has roles {roles}")
        people = [r.person for r in rows if r.person]
        if len(people) != len(set(people)):
            found.append(f"shift {shift_index} has one person in two roles")
    for person, rows in held.items():
        found += _rest_and_weekly_cap(team, person, rows)
    for member in team.members:
        shadows = sum(1 for a in schedule.assignments if a.role == SHADOW and a.person == member.id)
        if shadows != member.shadow_shifts:
            found.append(f"{member.id} shadows {shadows} shifts, not {member.shadow_shifts}")
    return found


def _rest_and_weekly_cap(team, person: str, rows: list) -> list[str]:
    """Overlap, min_rest_hours and max_shifts_per_week for one person's rows."""
    found: list[str] = []
    rest = timedelta(hours=team.rules.min_rest_hours)
    cap = team.rules.max_shifts_per_week
    occupied = sorted({(r.shift.start, r.shift.end) for r in rows})
    # Shadow rows need rest like any shift, but do not count toward max_shifts_per_week.
    shifts = sorted({(r.shift.start, r.shift.end) for r in rows if r.role != SHADOW})
    for (_s1, e1), (s2, _e2) in itertools.pairwise(occupied):
        if s2 < e1:
            found.append(f"{person} holds overlapping shifts at {s2}")
        elif s2 - e1 < rest:
            found.append(f"{person} rests {s2 - e1} before {s2}")
    if cap:
        for i, (s1, _) in enumerate(shifts):
            local = s1.astimezone(team.timezone)
            week_later = (local.replace(tzinfo=None) + timedelta(days=7)).replace(
                tzinfo=team.timezone).astimezone(UTC)
            starts = [s for s, _ in shifts[i:] if s < week_later]
            if len(starts) > cap:
                found.append(f"{person} starts {len(starts)} shifts in the week from {s1}")
    return found


def _busy_elsewhere(a, member, rest: timedelta) -> list[str]:
    return [f"{a.person} busy elsewhere near {a.shift.start}" for lo, hi in member.busy
            if a.shift.start < hi + rest and lo - rest < a.shift.end]


def _skills_and_shadows(team, shift_index: int, rows, members) -> list[str]:
    found = []
    holders = [members[r.person] for r in rows if r.person in members and r.role != SHADOW]
    have = {skill for m in holders for skill in m.skills}
    found += [f"shift {shift_index} has nobody with {skill}"
              for skill in team.rules.required_skills if skill not in have]
    shadows = [r for r in rows if r.role == SHADOW]
    primary = next((r.person for r in rows if r.role == "primary"), None)
    if shadows and (primary is None or members[primary].shadow_shifts):
        found.append(f"shift {shift_index} is shadowed next to trainee primary {primary}")
    people = [r.person for r in rows if r.person]
    if len(set(people)) != len(people):
        found.append(f"shift {shift_index} has one person in two rows")
    return found
