"""Expected incidents in any interval from an hourly rate: the one piece of arithmetic that
every forecast model shares (plan windows, sleep hours, 8-hour what-if windows)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

HOUR = pd.Timedelta(hours=1)


def seconds(instants: pd.DatetimeIndex) -> np.ndarray:
    """Epoch seconds, whatever the index's resolution (pandas 3 defaults to microseconds)."""
    return np.asarray(instants.as_unit("ns").asi8, dtype=np.int64) / 1e9


def interval_sums(hourly_rate: Callable[[pd.DatetimeIndex], np.ndarray],
                  starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                  sleep_zone: ZoneInfo | None = None) -> np.ndarray:
    """Expected incidents in each interval [start, end) of an hourly rate, hours counted pro
    rata. With `sleep_zone`, only those in sleep hours (22:00-08:00 in that zone)."""
    if len(starts) == 0:
        return np.zeros(0)
    starts, ends = starts.tz_convert("UTC"), ends.tz_convert("UTC")
    grid = pd.date_range(starts.min().floor("h"), ends.max().ceil("h") + HOUR, freq="h",
                         tz="UTC")
    rate = hourly_rate(grid[:-1])
    if sleep_zone is not None:
        # Clock hours: exact for zones whose offset is whole hours.
        clock = grid[:-1].tz_convert(sleep_zone).hour.to_numpy()
        rate = rate * ((clock >= 22) | (clock < 8))
    cumulative = np.concatenate([[0.0], np.cumsum(rate)])
    grid_seconds = seconds(grid)
    return np.asarray(np.interp(seconds(ends), grid_seconds, cumulative)
                      - np.interp(seconds(starts), grid_seconds, cumulative))
