"""Expand shift templates into concrete shifts over the plan. The only place that reasons
about DST for handoffs.

A shift belongs to the plan when it starts on a day in [start, end) in the team zone.
Shift instants are stored in UTC: Python compares and subtracts two datetimes that share a
tzinfo by wall clock, which is wrong across DST. Convert to a zone only for display.
Handoffs keep their wall-clock time, so a 09:00-09:00 shift lasts 23 or 25 hours across a DST
change; clock times in a gap or a repeated hour follow scheduler.shifts.wallclock.resolve_local.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduler.domain import Shift, ShiftTemplate, Team
from scheduler.shifts.wallclock import DAY, resolve_local


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day < end:
        yield day
        day += DAY


def occurrence(template: ShiftTemplate, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end instants (in UTC) of `template` starting on local `day`."""
    clock = template.start.clock
    start_minute = clock.hour * 60 + clock.minute
    # The end is a wall-clock time some whole number of days later, so it keeps its clock time.
    span_minutes = int(template.clock_length().total_seconds() // 60)
    end_day = day + timedelta(days=(start_minute + span_minutes) // 1440)
    start = resolve_local(day, clock, zone).astimezone(UTC)
    end = resolve_local(end_day, template.end.clock, zone).astimezone(UTC)
    return start, end


def expand_templates(
    templates: Iterable[ShiftTemplate], zone: ZoneInfo, start: date, end: date
) -> list[Shift]:
    """All shifts starting on a day in [start, end) in `zone`, sorted by start."""
    raw: list[tuple[datetime, int, ShiftTemplate, datetime]] = []
    templates = list(templates)
    for day in _days(start, end):
        for order, template in enumerate(templates):
            if template.weekly and template.start.weekday != day.weekday():
                continue
            s, e = occurrence(template, day, zone)
            raw.append((s, order, template, e))
    raw.sort(key=lambda item: (item[0], item[1]))
    return [
        Shift(index=i, template=t.name, start=s, end=e, site=t.site)
        for i, (s, _, t, e) in enumerate(raw)
    ]


def expand(team: Team) -> list[Shift]:
    return expand_templates(team.shifts, team.timezone, team.start, team.end)
