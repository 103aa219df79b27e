"""Shift windows: the unit the per-shift incident limit is counted in (contract section 4).

Window: a shift of up to 12 clock hours is one window. A longer shift is cut at its starting
clock time and every 12 clock hours after it, in the team zone, so a weekly Monday 10:00 shift
has windows 10:00-22:00 and 22:00-10:00 every day. Clock hours, not elapsed ones: a window
across a DST change lasts 11 or 13 hours and stays one window. Cut points in a DST gap or a
repeated hour follow scheduler.shifts.wallclock.resolve_local.

Windows are built per shift (a few thousand at most), so plain Python is fine here; incidents
are then placed into them with one searchsorted call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from scheduler import Schedule, Shift, Team, expand_templates, resolve_local

WINDOW_CLOCK_HOURS = timedelta(hours=12)
# Weekly templates start on one weekday; a week of margin puts every incident inside a shift.
MARGIN = timedelta(days=8)

WINDOW_COLUMNS = ("window_start", "window_end", "shift", "shift_start", "primary")


def cut(shift: Shift, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The windows of one shift, as UTC (start, end) pairs."""
    wall_start = shift.start.astimezone(zone).replace(tzinfo=None)
    wall_end = shift.end.astimezone(zone).replace(tzinfo=None)
    points = [shift.start]
    wall = wall_start + WINDOW_CLOCK_HOURS
    while wall < wall_end:
        point = resolve_local(wall.date(), wall.time(), zone).astimezone(UTC)
        if point > points[-1]:
            points.append(point)
        wall += WINDOW_CLOCK_HOURS
    points.append(shift.end)
    return list(pairwise(points))


def _frame(rows: Iterable[tuple[datetime, datetime, str, datetime, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(WINDOW_COLUMNS))
    for column in ("window_start", "window_end", "shift_start"):
        frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[ns, UTC]")
    frame["primary"] = frame["primary"].astype("str")
    return frame.sort_values("window_start", kind="stable").reset_index(drop=True)


def whole_shifts(schedule: Schedule) -> list[Shift]:
    """The schedule's shifts, each once. A final schedule (contract section 6) splits a row that
    an override covers in part into pieces, but scheduler.formats.csvfile reads each piece as a `part` of its
    whole shift, so pieces make no new windows."""
    shifts = {(s.start, s.end, s.template): s
              for s in [*schedule.shifts, *(a.shift for a in schedule.assignments)]}
    return sorted(shifts.values(), key=lambda s: (s.start, s.template))


def primary_rows(schedule: Schedule) -> pd.DataFrame:
    """Who holds primary when: one row per primary row of the schedule (split rows included),
    as window_start, window_end, primary (NA for a gap), sorted by start."""
    return _frame(
        (a.start, a.end, a.shift.template, a.shift.start, a.person)
        for a in schedule.assignments if a.role == "primary"
    )


def schedule_windows(schedule: Schedule, holders: pd.DataFrame) -> pd.DataFrame:
    """One row per window of each scheduled shift, with the primary at its start."""
    zone = schedule.team.timezone
    windows = _frame(
        (start, end, shift.template, shift.start, None)
        for shift in whole_shifts(schedule)
        for start, end in cut(shift, zone)
    )
    at = locate(holders, windows["window_start"])
    names = np.append(holders["primary"].to_numpy(dtype=object), np.array([None], dtype=object))
    windows["primary"] = pd.Series(names[at], dtype="str")
    return windows


def template_windows(team: Team, first: datetime, last: datetime) -> pd.DataFrame:
    """Windows of the team's templates repeated over [first, last], whatever the plan's dates."""
    zone = team.timezone
    start_day: date = (first.astimezone(zone) - MARGIN).date()
    end_day: date = (last.astimezone(zone) + MARGIN).date()
    shifts = expand_templates(team.shifts, zone, start_day, end_day)
    return _frame(
        (start, end, shift.template, shift.start, None)
        for shift in shifts
        for start, end in cut(shift, zone)
    )


def locate(windows: pd.DataFrame, created: pd.Series) -> np.ndarray:
    """Index of the window holding each instant, or -1. Windows are half-open [start, end):
    an instant on a boundary belongs to the later window."""
    starts = windows["window_start"].to_numpy(dtype="datetime64[ns]")
    ends = windows["window_end"].to_numpy(dtype="datetime64[ns]")
    at = created.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]")
    if len(starts) == 0:  # e.g. a schedule with no primary rows (an IMOC rotation)
        return np.full(len(at), -1, dtype=np.int64)
    index = np.searchsorted(starts, at, side="right") - 1
    inside = (index >= 0) & (at < ends[np.maximum(index, 0)])
    return np.where(inside, index, -1)
