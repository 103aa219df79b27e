"""The overrides a schedule wants a paging tool to hold for one role (contract section 11).

Each row (or piece of a split row) of the role that reaches past `since` becomes one override,
*whole*: a row that has already started is wanted from its own start, not from `since`. So the
wanted set does not depend on when push runs, and a second push after "now" has moved into the
current shift sees exactly the overrides the first one made.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler import InputError, Schedule
from service.pager.base import WantedOverride


class MissingAliasError(InputError):
    """A member holds a pushed row but the team file gives no user for them in the tool."""


def tool_user(schedule: Schedule, member_id: str, tool: str) -> str | None:
    """The member's `aliases.<tool>` (the first, if several); None when there is none."""
    try:
        member = schedule.team.member(member_id)
    except KeyError:
        return None
    return next((alias for system, alias in member.aliases if system == tool), None)


def span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """An interval as a person reads it in the team's zone: "2027-01-04 09:00-21:00"."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    until = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M")
    return f"{a:%Y-%m-%d %H:%M}-{until}"


def readable_row(start: datetime, end: datetime, role: str, person: str, schedule: Schedule) -> str:
    return f"{span(start, end, schedule.team.timezone)} {role} {person}"


def wanted_overrides(schedule: Schedule, tool: str, role: str, since: datetime,
                     until: datetime) -> list[WantedOverride]:
    """The role's rows overlapping [since, until), whole; MissingAliasError (exit 2) names the
    first holder without `aliases.<tool>`, before anything is sent."""
    wanted = []
    for a in sorted(schedule.assignments, key=lambda a: a.start):
        if a.role != role or a.person is None or a.end <= since or a.start >= until:
            continue
        row = readable_row(a.start, a.end, role, a.person, schedule)
        user = tool_user(schedule, a.person, tool)
        if user is None:
            raise MissingAliasError(
                f"{schedule.team.source}: member '{a.person}' holds {row} but has no "
                f"aliases.{tool}: add it to the member in the team file")
        wanted.append(WantedOverride(a.start, a.end, user, a.person, row))
    return wanted
