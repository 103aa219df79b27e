"""Who may hold which slot: role, site, time off, joins/leaves, recurring unavailability and
busy time in other teams (contract section 7).

A member is *eligible* for a slot (shift, role) when the role is theirs, the shift's site (if
any) is theirs, and the shift does not overlap any time they are away, in their own zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from scheduler.domain import Member, Shift, Team
from scheduler.shifts.wallclock import DAY, local_midnight, resolve_local


def labelled_away(member: Member, first: date, last: date, rest: timedelta = timedelta(0)
                  ) -> list[tuple[str, datetime, datetime]]:
    """(rule, start, end) UTC intervals when `member` cannot be on call, for local days
    first..last; rule is "time off", "joins", "leaves", "unavailable" or "busy elsewhere".
    Rows held in other teams (busy elsewhere) are widened by `rest` (min_rest_hours) each side."""
    zone = member.timezone
    away: list[tuple[str, datetime, datetime]] = [("busy elsewhere", a - rest, b + rest)
                                                  for a, b in member.busy]
    for off in member.time_off:
        away.append(("time off", local_midnight(off.start, zone), local_midnight(off.end + DAY, zone)))
    far_past = datetime(1970, 1, 1, tzinfo=UTC)
    far_future = datetime(9999, 1, 1, tzinfo=UTC)
    if member.joins:
        away.append(("joins", far_past, local_midnight(member.joins, zone)))
    if member.leaves:
        away.append(("leaves", local_midnight(member.leaves, zone), far_future))
    day = first - DAY
    while day <= last + DAY:
        for rule in member.unavailable:
            if rule.days and day.weekday() not in rule.days:
                continue
            if rule.start is None or rule.end is None:
                away.append(("unavailable", local_midnight(day, zone),
                             local_midnight(day + DAY, zone)))
                continue
            end_day = day if rule.end > rule.start else day + DAY
            away.append(("unavailable", resolve_local(day, rule.start, zone),
                         resolve_local(end_day, rule.end, zone)))
        day += DAY
    return [(why, a.astimezone(UTC), b.astimezone(UTC)) for why, a, b in away if b > a]


def _away_intervals(member: Member, first: date, last: date,
                    rest: timedelta = timedelta(0)) -> list[tuple[datetime, datetime]]:
    """UTC intervals when `member` cannot be on call, for local days first..last."""
    return [(a, b) for _, a, b in labelled_away(member, first, last, rest)]


def is_available(shift: Shift, away: list[tuple[datetime, datetime]]) -> bool:
    return all(not (shift.start < end and start < shift.end) for start, end in away)


@dataclass(frozen=True)
class Eligibility:
    """eligible[(shift index, role)] lists member ids in team order."""

    eligible: dict[tuple[int, str], tuple[str, ...]]

    def members_for(self, shift_index: int, role: str) -> tuple[str, ...]:
        return self.eligible.get((shift_index, role), ())


def build_eligibility(team: Team, shifts: list[Shift]) -> Eligibility:
    if not shifts:
        return Eligibility({})
    first = shifts[0].start.date() - timedelta(days=2)
    last = max(s.end for s in shifts).date() + timedelta(days=2)
    eligible: dict[tuple[int, str], list[str]] = {(s.index, r): [] for s in shifts for r in team.roles}
    for member in team.members:
        away = _away_intervals(member, first, last, timedelta(hours=team.rules.min_rest_hours))
        for shift in shifts:
            if shift.site is not None and member.site != shift.site:
                continue
            if not is_available(shift, away):
                continue
            for role in member.roles:
                eligible[(shift.index, role)].append(member.id)
    return Eligibility({k: tuple(v) for k, v in eligible.items()})


def why_away(team: Team, member: Member, shift: Shift) -> str | None:
    """Why `member` cannot hold any role of `shift`, in words; None when they could."""
    if shift.site is not None and member.site != shift.site:
        return f"of site {member.site or 'none'}"
    zone, day = member.timezone, shift.start.date()
    for off in member.time_off:
        if not is_available(shift, [(local_midnight(off.start, zone), local_midnight(off.end + DAY, zone))]):
            return "on time off"
    rest = timedelta(hours=team.rules.min_rest_hours)
    if not is_available(shift, [(a - rest, b + rest) for a, b in member.busy]):
        return "busy in another team"
    if not is_available(shift, _away_intervals(replace(member, time_off=(), busy=()), day, day)):
        return "unavailable then"
    return None


def free_shifts(team: Team, member: Member, shifts: list[Shift]) -> list[int]:
    """Indices of the shifts `member` could be present for, whatever the role: site, time off,
    unavailability, joins/leaves and busy time elsewhere (used for shadow rows)."""
    if not shifts:
        return []
    first = shifts[0].start.date() - timedelta(days=2)
    last = max(s.end for s in shifts).date() + timedelta(days=2)
    away = _away_intervals(member, first, last, timedelta(hours=team.rules.min_rest_hours))
    return [s.index for s in shifts
            if (s.site is None or member.site == s.site) and is_available(s, away)]
