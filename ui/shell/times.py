"""One way to show a time in the app: the team zone's wall clock with the zone's name
("Mon 07 Dec 09:00 CET"), never a raw ISO offset; and a countdown a person reads at a glance."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd


def wall(instant: datetime, zone: ZoneInfo) -> str:
    """E.g. "Mon 07 Dec 09:00 CET": the abbreviation says which side of a DST change."""
    return f"{instant.astimezone(zone):%a %d %b %H:%M %Z}"


def countdown(left: timedelta) -> str:
    """ "in 4 h 05 min", "in 2 d 3 h", "in 12 min", "now" (a past instant is "now")."""
    minutes = int(left.total_seconds() // 60)
    if minutes <= 0:
        return "now"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"in {days} d {hours} h"
    if hours:
        return f"in {hours} h {mins:02d} min"
    return f"in {mins} min"


def wall_columns(frame: pd.DataFrame, zone: ZoneInfo, columns: tuple[str, ...]) -> pd.DataFrame:
    """A copy of `frame` with the named instant columns (where present) shown by wall()."""
    out = frame.copy()
    for column in columns:
        if column in out:
            instants = pd.to_datetime(out[column], utc=True)
            out[column] = [wall(t.to_pydatetime(), zone) for t in instants]
    return out
