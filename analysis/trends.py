"""Team-level tables: incidents per shift, an hour-of-week rate table, and a weekly trend.

All in the team zone. Hour of week: 0 = Monday 00:00-01:00 ... 167 = Sunday 23:00-24:00.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from scheduler.domain import WEEKDAYS

from .load import PERIODS


def shift_distribution(windows: pd.DataFrame) -> pd.DataFrame:
    """How many windows of the history saw 0, 1, 2, ... incidents."""
    seen = windows.loc[windows["in_history"], "incidents"]
    counts = seen.value_counts().sort_index()
    return pd.DataFrame({"incidents": counts.index.astype("int64"),
                         "windows": counts.to_numpy(dtype="int64")})


def hour_of_week(incidents: pd.DataFrame, zone: ZoneInfo, span_days: float) -> pd.DataFrame:
    """Incidents per hour of the week, and their rate per week over the history span."""
    local = incidents["created"].dt.tz_convert(zone)
    slot = (local.dt.day_of_week * 24 + local.dt.hour).to_numpy()
    counts = np.bincount(slot, minlength=168)
    weeks = max(span_days / 7, 1.0)
    return pd.DataFrame({
        "weekday": np.repeat(WEEKDAYS, 24),
        "hour": np.tile(np.arange(24), 7),
        "incidents": counts.astype("int64"),
        "per_week": counts / weeks,
    })


def weekly_trend(incidents: pd.DataFrame, shifts: pd.DataFrame, zone: ZoneInfo) -> pd.DataFrame:
    """Per week (starting Monday in the team zone): incidents by period and windows over limit."""
    columns = ["week", "incidents", *(f"{p}_hours" for p in PERIODS), "windows_over_limit"]
    if incidents.empty:
        return pd.DataFrame(columns=columns)

    def week_of(instants: pd.Series) -> pd.Series:
        day = instants.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
        return (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.date

    by_period = (pd.crosstab(week_of(incidents["created"]), incidents["period"])
                 .reindex(columns=range(len(PERIODS)), fill_value=0))
    by_period.columns = [f"{p}_hours" for p in PERIODS]
    trend = by_period.assign(incidents=by_period.sum(axis=1))
    over = shifts.loc[shifts["over_limit"]]
    trend["windows_over_limit"] = over.groupby(week_of(over["window_start"])).size()
    trend = trend.fillna(0).astype("int64").rename_axis("week").reset_index()
    return trend[columns]
