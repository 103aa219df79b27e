"""The demo lives in the present: data/demo/ holds a plan from fixed dates (the template, which
the regenerate test compares with the solver's output), and a fresh store gets it moved by whole
weeks so that the plan covers today.

Why whole weeks: weekdays hold (weekend load, `avoid_days`, `prefer_days`, recurring
unavailability keep their meaning). Why rows are re-derived rather than moved: a row's times
come from the shifted team's own shifts, so a night that now crosses a DST change lasts 11 or
13 hours as it should. Moving the plan can carry a rest across the spring-forward night (21:00
to 09:00 becomes 11 hours), so among the shifts that cover today the first that keeps every
person's rest and the hard rules of holding.hard_breaks is taken.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from scheduler import (
    SHADOW,
    Assignment,
    Piece,
    Schedule,
    Team,
    expand,
    hard_breaks,
    parse_team,
    resolve_local,
    soft_breaks,
)

WEEK = timedelta(weeks=1)
HISTORY_WEEKS = 7  # data/demo/pages.csv covers the plan's first 7 weeks: keep them in the past
ISO_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")
ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})")


def candidate_weeks(team: Team, today: date) -> list[int]:
    """Week shifts that put `today` inside the plan: none needed when it already is; else
    today first in the week just after the paging history, then later in the plan, then
    earlier (history partly ahead) as a last resort."""
    if team.start <= today < team.end:
        return [0]
    weeks = (team.end - team.start).days // 7
    at_week = (today - team.start).days // 7  # today's week, counted from the template start
    order = [*range(HISTORY_WEEKS, weeks), *range(min(HISTORY_WEEKS, weeks) - 1, -1, -1)]
    return [at_week - position for position in order]


def shift_dates(text: str, weeks: int) -> str:
    """Every ISO date in a team file moved by whole weeks (start, end, time off, joins and
    leaves, dated holidays); comments and layout untouched."""
    if weeks == 0:
        return text
    return ISO_DATE.sub(lambda m: (date.fromisoformat(m.group(1)) + weeks * WEEK).isoformat(),
                        text)


def shift_instants(text: str, weeks: int, team: Team) -> str:
    """Every ISO timestamp in a CSV (a paging export) moved by whole weeks of the team zone's
    wall clock, written with the offset that holds at its new date."""
    if weeks == 0:
        return text

    def moved(match: re.Match[str]) -> str:
        instant = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        local = instant.astimezone(team.timezone) + weeks * WEEK  # wall clock + whole weeks
        spelled = resolve_local(local.date(), local.time(), team.timezone).isoformat()
        return spelled.replace("T", " ") if " " in match.group(0) else spelled

    return ISO_INSTANT.sub(moved, text)


def shifted_schedule(template: Schedule, team: Team) -> Schedule:
    """The template's holders on the moved team's shifts, shift by shift (same count, same
    order: the plan moved by whole weeks). Split rows are not part of the demo template."""
    shifts = expand(team)
    if len(shifts) != len(template.shifts):
        raise ValueError("the moved plan has another number of shifts than the template")
    return Schedule(team, shifts, [Assignment(shifts[a.shift.index], a.role, a.person)
                                   for a in template.assignments])


def rules_hold(schedule: Schedule) -> bool:
    """Every person's rows break no hard rule (role, site, time off, overlap), no rest and no
    weekly cap: each person's rows checked as if they took them all anew. A trainee's shadow
    rows are not on call (no role, no cap: section 7) and move with the primary they shadow."""
    for member in schedule.team.members:
        rows = [a for a in schedule.assignments if a.person == member.id]
        pieces = [Piece(a.shift, a.role, a.start, a.end) for a in rows if a.role != SHADOW]
        if hard_breaks(schedule, member.id, pieces, rows) or \
                soft_breaks(schedule, member.id, pieces, rows):
            return False
    return True


def present_demo(team_yaml: str, template: Schedule, today: date,
                 source: str = "team.yaml") -> tuple[int, str, Schedule]:
    """(weeks moved, moved team YAML, moved schedule) for the first candidate that keeps the
    rules; the first candidate when none does (a demo that opens beats one that refuses)."""
    moved: list[tuple[int, str, Schedule]] = []
    for weeks in candidate_weeks(template.team, today):
        text = shift_dates(team_yaml, weeks)
        schedule = template if weeks == 0 else shifted_schedule(template, parse_team(text, source))
        if rules_hold(schedule):
            return weeks, text, schedule
        moved.append((weeks, text, schedule))
    return moved[0]
