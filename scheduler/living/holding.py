"""May a person hold some more time on call? The rules of contract section 1, checked for one
person against a schedule, for overrides (section 6) and cover suggestions.

Terms:
- piece: a stretch of one slot (shift and role) that the person would take: a whole row, or
  part of one;
- block: everything a person holds of one shift (the pieces of a split row joined). Rest is
  measured between blocks, and the weekly cap counts block starts, so taking two hours of a
  colleague's shift counts as starting a shift then.

Hard rules here: role, site, time off (with joins, leaves and recurring unavailability) and
overlap. Soft for an override (a human chose it), hard for a cover suggestion: min rest and the
weekly cap. These are the person's own rules, said in words fit for one request; the rules of a
whole shift (required skills, shadows) and every rule added later are checked on the changed
schedule by the one rule list (scheduler/solver/rules.broken_by_change).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from scheduler.domain import Assignment, Schedule, Shift, Team
from scheduler.problem.eligibility import labelled_away
from scheduler.shifts.wallclock import same_clock_days_later

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Piece:
    shift: Shift
    role: str
    start: datetime
    end: datetime


def _when(team: Team, start: datetime, end: datetime) -> str:
    zone = team.timezone
    return (f"{start.astimezone(zone).isoformat(timespec='minutes')}"
            f"–{end.astimezone(zone).isoformat(timespec='minutes')}")


def hard_breaks(schedule: Schedule, person: str, pieces: Sequence[Piece],
                replaced: Collection[Assignment] = ()) -> list[str]:
    """One line per hard rule that `person` would break by holding `pieces`, naming the rule.
    Rows in `replaced` are the ones the pieces take over, so they are no overlap."""
    team = schedule.team
    member = team.member(person)
    problems: list[str] = []
    for piece in pieces:
        if piece.role not in member.roles:
            problems.append(f"role rule: {person} does not hold role {piece.role} "
                            f"(their roles: {', '.join(member.roles)})")
        if piece.shift.site is not None and member.site != piece.shift.site:
            problems.append(f"site rule: {piece.shift.template} {_when(team, piece.start, piece.end)}"
                            f" is for site {piece.shift.site}; {person} is at site "
                            f"{member.site or '(none)'}")
    if pieces:
        first = min(p.start for p in pieces).astimezone(member.timezone).date()
        last = max(p.end for p in pieces).astimezone(member.timezone).date()
        for why, away_start, away_end in labelled_away(member, first, last):
            for piece in pieces:
                if piece.start < away_end and away_start < piece.end:
                    problems.append(f"time-off rule: {person} is away ({why}) during "
                                    f"{_when(team, piece.start, piece.end)}")
                    break
    gone = {id(r) for r in replaced}
    others = [a for a in schedule.assignments if a.person == person and id(a) not in gone]
    for piece in pieces:
        for a in others:
            if a.start < piece.end and piece.start < a.end:
                problems.append(f"overlap rule: {person} already holds {a.role} "
                                f"{_when(team, a.start, a.end)}")
    return list(dict.fromkeys(problems))


def _blocks(schedule: Schedule, person: str, pieces: Sequence[Piece],
            replaced: Collection[Assignment]) -> list[tuple[datetime, datetime, bool]]:
    """(start, end, new) per shift the person would hold; `new` when a piece is in it."""
    spans: dict[int, tuple[datetime, datetime, bool]] = {}
    gone = {id(r) for r in replaced}
    held = [(a.shift.index, a.start, a.end, False) for a in schedule.assignments
            if a.person == person and id(a) not in gone]
    for index, start, end, new in [*held, *((p.shift.index, p.start, p.end, True) for p in pieces)]:
        if index in spans:
            s, e, n = spans[index]
            spans[index] = (min(s, start), max(e, end), n or new)
        else:
            spans[index] = (start, end, new)
    return sorted(spans.values())


def soft_breaks(schedule: Schedule, person: str, pieces: Sequence[Piece],
                replaced: Collection[Assignment] = ()) -> list[str]:
    """Min rest and weekly cap lines that holding `pieces` would break for `person`; only the
    rest gaps and 7-day windows that touch a new piece count."""
    team = schedule.team
    rules = team.rules
    blocks = _blocks(schedule, person, pieces, replaced)
    problems: list[str] = []
    min_rest = timedelta(hours=rules.min_rest_hours)
    for (s1, e1, new1), (s2, e2, new2) in pairwise(blocks):
        rest = s2 - e1
        if (new1 or new2) and timedelta(0) <= rest < min_rest:
            problems.append(f"min rest: {person} rests {rest / HOUR:.1f} h between "
                            f"{_when(team, s1, e1)} and {_when(team, s2, e2)} "
                            f"(min_rest_hours {rules.min_rest_hours:g})")
    cap = rules.max_shifts_per_week
    if cap is not None:
        starts = [(s, new) for s, _, new in blocks]
        for s, _ in starts:
            week_end = same_clock_days_later(s, 7, team.timezone)
            inside = [new for t, new in starts if s <= t < week_end]
            if len(inside) > cap and any(inside):
                problems.append(f"weekly cap: {person} starts {len(inside)} shifts in the 7 days "
                                f"from {s.astimezone(team.timezone).isoformat(timespec='minutes')}"
                                f" (max_shifts_per_week {cap})")
                break
    return problems
