"""Who is on call now, and who is next (contract section 13), read off a final schedule.

Terms:
- stint: the time one person holds one role without a break. Consecutive rows of a role that
  the same person holds make one stint, so a person who keeps the pager across a handoff (or
  across the pieces of a row an override split) is "on since" when they picked it up, not since
  the last row boundary. A stretch of uncovered rows is a stint with nobody in it.
- next: the first stint after the current one that somebody holds; a gap in between is skipped,
  because "who takes over" is a person (who may be the current holder again, after a gap).

Pure: instants in, instants out (UTC inside, as everywhere in Rota); the CLI and the JSON feed
format them in the team zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from scheduler.domain import Assignment, Schedule, Team


@dataclass(frozen=True)
class Stint:
    role: str
    person: str | None  # None: nobody holds the role
    start: datetime
    end: datetime


@dataclass(frozen=True)
class RoleNow:
    """One line of `rota now`: the stint of `role` at the asked instant and the next holder.
    `current` is None before the plan's first row of the role and after its last one."""

    role: str
    current: Stint | None
    next: Stint | None

    @property
    def person(self) -> str | None:
        return self.current.person if self.current else None


def role_rows(schedule: Schedule, role: str) -> list[Assignment]:
    """The rows of one role, in time order."""
    return sorted((a for a in schedule.assignments if a.role == role), key=lambda a: a.start)


def stints(schedule: Schedule, role: str) -> Iterator[Stint]:
    """The role's rows joined into stints: same person (or both empty) and no time between."""
    current: Stint | None = None
    for row in role_rows(schedule, role):
        if current and current.person == row.person and current.end == row.start:
            current = Stint(role, row.person, current.start, row.end)
            continue
        if current:
            yield current
        current = Stint(role, row.person, row.start, row.end)
    if current:
        yield current


def role_now(schedule: Schedule, role: str, at: datetime) -> RoleNow:
    """Who holds `role` at `at` (a row holds from its start, inclusive, to its end) and who
    takes it over next."""
    current: Stint | None = None
    for stint in stints(schedule, role):
        if stint.start <= at < stint.end:
            current = stint
        elif stint.start >= at and stint.person is not None:
            return RoleNow(role, current, stint)
    return RoleNow(role, current, None)


def on_call_now(schedule: Schedule, at: datetime) -> list[RoleNow]:
    """One RoleNow per role of the team, in the team's role order."""
    return [role_now(schedule, role, at) for role in schedule.team.roles]


def rows_holding(schedule: Schedule, at: datetime) -> list[Assignment]:
    """The rows whose time contains `at`, in the team's role order (uncovered rows included:
    a feed reader must see a gap). A trainee's shadow row is not on call and is left out."""
    order = {role: i for i, role in enumerate(schedule.team.roles)}
    rows = [a for a in schedule.assignments if a.role in order and a.start <= at < a.end]
    return sorted(rows, key=lambda a: order[a.role])


def rows_starting(schedule: Schedule, after: datetime, until: datetime) -> list[Assignment]:
    """Rows that start in (after, until], in schedule order (start, then role)."""
    order = {role: i for i, role in enumerate(schedule.team.roles)}
    rows = [a for a in schedule.assignments if a.role in order and after < a.start <= until]
    return sorted(rows, key=lambda a: (a.start, order[a.role]))


def team_iso(instant: datetime | None, team: Team) -> str:
    """ISO 8601 to the second with the team zone's offset, as in the schedule CSV; "" for
    None (nobody, or no such time)."""
    return "" if instant is None else instant.astimezone(team.timezone).isoformat(
        timespec="seconds")


@dataclass(frozen=True)
class Handoff:
    """The pager changes hands: `role` goes from `giver` (None: a gap ends) to `taker` (None:
    a gap begins) at `at`."""

    role: str
    giver: str | None
    taker: str | None
    at: datetime


def next_handoff(lines: list[RoleNow]) -> Handoff | None:
    """The earliest change of holder over all roles: the end of a held stint, or the start of
    the next holder after a gap. None when nothing changes any more."""
    handoffs = []
    for line in lines:
        if line.current is not None and line.current.person is not None:
            taker = line.next.person if line.next and line.next.start == line.current.end \
                else None
            handoffs.append(Handoff(line.role, line.current.person, taker, line.current.end))
        elif line.next is not None:
            handoffs.append(Handoff(line.role, None, line.next.person, line.next.start))
    return min(handoffs, key=lambda h: h.at, default=None)


def upcoming_rows(schedule: Schedule, person: str, at: datetime,
                  count: int = 5) -> list[Assignment]:
    """A person's rows that hold at `at` or start after it, soonest first (shadow rows
    included: a trainee wants to know theirs too)."""
    rows = sorted((a for a in schedule.assignments if a.person == person and a.end > at),
                  key=lambda a: a.start)
    return rows[:count]
