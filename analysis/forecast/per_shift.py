"""`rota forecast`: expected incidents per shift of the plan, and the chance that a shift window
gets more than `max_incidents_per_shift` (contract section 8).

A shift cut into several windows (contract section 4) is over the limit when any of its windows
is. Windows are taken as independent given the forecast, so P(any) = 1 - prod(1 - P(window)).
The forecast is the one analysis.forecast.choice picks by backtest inside the history; this
module applies it to shifts, windows and hours.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.forecast.choice import Forecast, choose
from analysis.windows import cut
from scheduler import WEEKDAYS, Shift, Team, expand

FORECAST_COLUMNS = ("start", "end", "shift", "expected_pages", "p_over_limit")


def fit_forecast(incidents: pd.DataFrame, team: Team) -> Forecast:
    """Learn the paging rate from a normalised incident frame (analysis.read_pages): the
    model or baseline that wins the backtest inside it (Forecast.reason says which and why)."""
    return choose(incidents, team)


def plan_windows(shifts: Sequence[Shift], zone: ZoneInfo) -> pd.DataFrame:
    """One row per window of each shift: shift (its index), window_start, window_end (UTC)."""
    rows = [(shift.index, start, end) for shift in shifts for start, end in cut(shift, zone)]
    frame = pd.DataFrame(rows, columns=["shift", "window_start", "window_end"])
    for column in ("window_start", "window_end"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def window_forecast(model: Forecast, windows: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Windows with expected_pages and p_over_limit."""
    expected = model.expected(pd.DatetimeIndex(windows["window_start"]),
                              pd.DatetimeIndex(windows["window_end"]))
    chances = model.window_chances(windows, expected, limit)
    return windows.assign(expected_pages=expected, p_over_limit=chances)


def forecast_shifts(model: Forecast, team: Team, shifts: Sequence[Shift] | None = None
                    ) -> pd.DataFrame:
    """Per shift: start, end (UTC), shift (template), site, index, expected_pages, p_over_limit."""
    shifts = expand(team) if shifts is None else list(shifts)
    windows = window_forecast(model, plan_windows(shifts, team.timezone),
                              team.rules.max_incidents_per_shift)
    grouped = windows.assign(log_under=np.log1p(-np.minimum(windows["p_over_limit"], 1 - 1e-15)))
    per_shift = grouped.groupby("shift").agg(expected_pages=("expected_pages", "sum"),
                                             log_under=("log_under", "sum"))
    frame = pd.DataFrame({
        "start": pd.to_datetime([s.start for s in shifts], utc=True),
        "end": pd.to_datetime([s.end for s in shifts], utc=True),
        "shift": [s.template for s in shifts],
        "site": [s.site or "" for s in shifts],
        "index": [s.index for s in shifts],
    })
    frame["expected_pages"] = frame["index"].map(per_shift["expected_pages"]).fillna(0.0)
    frame["p_over_limit"] = -np.expm1(frame["index"].map(per_shift["log_under"]).fillna(0.0))
    return frame


def forecast_csv(frame: pd.DataFrame, team: Team) -> str:
    """The CSV of `rota forecast`: times in the team zone's offset, figures to 4 decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FORECAST_COLUMNS)
    zone = team.timezone
    starts = pd.DatetimeIndex(frame["start"]).tz_convert(zone)
    ends = pd.DatetimeIndex(frame["end"]).tz_convert(zone)
    for start, end, shift, expected, chance in zip(
            starts, ends, frame["shift"], frame["expected_pages"], frame["p_over_limit"],
            strict=True):
        writer.writerow([start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds"),
                         shift, f"{expected:.4f}", f"{chance:.4f}"])
    return buffer.getvalue()


def sleep_pages(model: Forecast, shifts: Sequence[Shift], zones: Sequence[ZoneInfo]
                ) -> dict[str, list[float]]:
    """Per zone key, the expected incidents of each shift (by index) that fall in sleep hours
    (22:00-08:00) in that zone."""
    ordered = sorted(shifts, key=lambda s: s.index)
    starts = pd.DatetimeIndex(pd.to_datetime([s.start for s in ordered], utc=True))
    ends = pd.DatetimeIndex(pd.to_datetime([s.end for s in ordered], utc=True))
    return {zone.key: [float(v) for v in model.expected(starts, ends, sleep_zone=zone)]
            for zone in {z.key: z for z in zones}.values()}


def hour_of_week_forecast(model: Forecast, team: Team, shifts: Sequence[Shift] | None = None
                          ) -> pd.DataFrame:
    """168 rows (team zone): weekday, hour, expected_pages (mean over the plan's weeks) and
    p_over_limit (mean chance that the window holding that hour goes over the limit)."""
    shifts = expand(team) if shifts is None else list(shifts)
    columns = ["weekday", "hour", "expected_pages", "p_over_limit"]
    if not shifts:
        return pd.DataFrame(columns=columns)
    windows = window_forecast(model, plan_windows(shifts, team.timezone),
                              team.rules.max_incidents_per_shift)
    windows = windows.sort_values("window_start", kind="stable").reset_index(drop=True)
    lo = min(s.start for s in shifts)
    hi = max(s.end for s in shifts)
    hours = pd.date_range(pd.Timestamp(lo).floor("h"), pd.Timestamp(hi).ceil("h"),
                          freq="h", tz="UTC", inclusive="left")
    rate = model.hourly_rate(hours)
    starts = windows["window_start"].to_numpy(dtype="datetime64[ns]")
    at = hours.to_numpy(dtype="datetime64[ns]")
    index = np.clip(np.searchsorted(starts, at, side="right") - 1, 0, len(windows) - 1)
    chance = windows["p_over_limit"].to_numpy()[index]
    local = hours.tz_convert(team.timezone)
    table = pd.DataFrame({"day": local.day_of_week, "hour": local.hour,
                          "expected_pages": rate, "p_over_limit": chance})
    means = table.groupby(["day", "hour"]).mean().reindex(
        pd.MultiIndex.from_product([range(7), range(24)], names=["day", "hour"]), fill_value=0.0)
    means = means.reset_index()
    means.insert(0, "weekday", [WEEKDAYS[d] for d in means["day"]])
    return means[columns]
