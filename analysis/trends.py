"""Team-level tables: incidents per shift, an hour-of-week rate table, and a weekly trend.

All in the team zone. Hour of week: 0 = Monday 00:00-01:00 ... 167 = Sunday 23:00-24:00.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.load import PERIODS, wall_hours, weekday_of_day
from scheduler import WEEKDAYS

EPOCH = date(1970, 1, 1)


def shift_distribution(windows: pd.DataFrame) -> pd.DataFrame:
    """How many windows of the history saw 0, 1, 2, ... incidents."""
    seen = windows.loc[windows["in_history"], "incidents"]
    counts = seen.value_counts().sort_index()
    return pd.DataFrame({"incidents": counts.index.astype("int64"),
                         "windows": counts.to_numpy(dtype="int64")})


def hour_of_week(incidents: pd.DataFrame, zone: ZoneInfo, span_days: float,
                 hours: np.ndarray | None = None) -> pd.DataFrame:
    """Incidents per hour of the week, and their rate per week over the history span.
    `hours`: wall_hours of the incidents in `zone`, when the caller has them already."""
    hours = wall_hours(incidents["created"], zone) if hours is None else hours
    slot = weekday_of_day(hours // 24) * 24 + hours % 24
    counts = np.bincount(slot, minlength=168)
    weeks = max(span_days / 7, 1.0)
    return pd.DataFrame({
        "weekday": np.repeat(WEEKDAYS, 24),
        "hour": np.tile(np.arange(24), 7),
        "incidents": counts.astype("int64"),
        "per_week": counts / weeks,
    })


def _week_days(hours: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of the Monday starting each instant's week (wall time)."""
    days = hours // 24
    return days - weekday_of_day(days)


def weekly_trend(incidents: pd.DataFrame, shifts: pd.DataFrame, zone: ZoneInfo,
                 hours: np.ndarray | None = None) -> pd.DataFrame:
    """Per week (starting Monday in the team zone): incidents by period and windows over limit."""
    columns = ["week", "incidents", *(f"{p}_hours" for p in PERIODS), "windows_over_limit"]
    if incidents.empty:
        return pd.DataFrame(columns=columns)
    hours = wall_hours(incidents["created"], zone) if hours is None else hours
    monday = _week_days(hours)
    first = int(monday.min())
    week = (monday - first) // 7
    weeks = int(week.max()) + 1
    period = incidents["period"].to_numpy().astype(np.int64)
    table = np.bincount(week * len(PERIODS) + period, minlength=weeks * len(PERIODS))
    table = table.reshape(weeks, len(PERIODS))
    over = shifts.loc[shifts["over_limit"], "window_start"]
    over_week = (_week_days(wall_hours(over, zone)) - first) // 7 if len(over) else np.empty(0)
    over_week = over_week[(over_week >= 0) & (over_week < weeks)].astype(np.int64)
    trend = pd.DataFrame({
        "week": [EPOCH + timedelta(days=first + 7 * w) for w in range(weeks)],
        "incidents": table.sum(axis=1),
        **{f"{p}_hours": table[:, i] for i, p in enumerate(PERIODS)},
        "windows_over_limit": np.bincount(over_week, minlength=weeks),
    })
    seen = np.bincount(week, minlength=weeks) > 0  # weeks without incidents are not listed
    return trend[seen].astype({c: "int64" for c in columns[1:]}).reset_index(drop=True)
