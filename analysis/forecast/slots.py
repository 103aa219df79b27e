"""Slot forecasts: expected incidents per shift window from means per weekday and shift, the
simple models a lead would reach for first, and Rota's storm-aware variant of them.

Slot: the weekday and local clock time at which a shift window starts (team zone), i.e. "the
Tuesday night window". Real paging is bursty: one storm can put 150 incidents in one window,
and a plain mean per slot then calls that slot stormy for every later week. The storm-aware
model therefore counts *episodes* (incidents less than STORM_GAP after the previous one belong
to the same storm), estimates the episode rate per slot shrunk toward the overall episode rate
(a slot seen a few times borrows from the rest), and multiplies by the mean storm size with the
largest storms capped (their size is a separate, heavy-tailed distribution that one event
should not set). Its recent variant weights windows by age (half-life RECENT_HALF_LIFE): a
damped level, never an extrapolated trend.

Every model here ends as 168 hourly rates by hour of week (team zone), so it answers any
interval: plan windows, sleep hours, the staffing what-if's 8-hour windows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Protocol
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.forecast.hours import interval_sums
from analysis.windows import locate, template_windows
from scheduler import Team

STORM_GAP = pd.Timedelta(minutes=30)
PRIOR_HOURS = 48.0  # shrinkage: a slot's own hours count against 48 hours of the overall rate
PRIOR_WEEKS = 4.0  # and the same for each hour's share of its slot, in weeks
PRIOR_WINDOWS = 4.0  # the same for the share of windows over the limit, in windows
STORM_SIZE_QUANTILE = 0.95  # storm sizes above this quantile are capped there
RECENT_HALF_LIFE = pd.Timedelta(days=28)
MIN_WINDOW_HOURS = 1.0  # clipped edge windows shorter than this are left out of training


def hour_of_week(instants: pd.DatetimeIndex, zone: ZoneInfo) -> np.ndarray:
    local = instants.tz_convert(zone)
    return np.asarray(local.day_of_week * 24 + local.hour, dtype=np.int64)


class PageRate(Protocol):
    """What every candidate model answers: expected incidents per hour and per interval."""

    @property
    def zone(self) -> ZoneInfo: ...

    def hourly_rate(self, hours: pd.DatetimeIndex) -> np.ndarray: ...

    def expected(self, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                 sleep_zone: ZoneInfo | None = None) -> np.ndarray: ...


@dataclass(frozen=True)
class WeekModel:
    """Expected incidents per hour for each of the 168 hours of the week (team zone)."""

    zone: ZoneInfo
    rates: np.ndarray

    def hourly_rate(self, hours: pd.DatetimeIndex) -> np.ndarray:
        return np.asarray(self.rates[hour_of_week(hours, self.zone)], dtype=float)

    def expected(self, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                 sleep_zone: ZoneInfo | None = None) -> np.ndarray:
        return interval_sums(self.hourly_rate, starts, ends, sleep_zone)


@dataclass(frozen=True)
class Training:
    """A history cut into shift windows, [first, end): what every slot model learns from."""

    zone: ZoneInfo
    windows: pd.DataFrame  # window_start, window_end, hours, incidents, episodes, slot, age_days
    storm_sizes: np.ndarray  # incidents per episode
    created: pd.Series  # the incidents in [first, end), UTC
    holidays: frozenset[date]

    @cached_property
    def hour_grid(self) -> tuple[pd.DatetimeIndex, np.ndarray]:
        """Every whole hour from the first window's start to the last's end, and the window
        holding each (-1: none). Every slot model paints on it, so it is built once."""
        windows = self.windows
        hours = pd.date_range(windows["window_start"].min(), windows["window_end"].max(),
                              freq="h", inclusive="left")
        return hours, locate(windows, pd.Series(hours))

    @cached_property
    def storm_shape(self) -> np.ndarray:
        """within_window_shape of this history (both storm-aware variants use it)."""
        hours, at = self.hour_grid
        inside = at >= 0
        return within_window_shape(self, hours[inside], at[inside])


def episodes(created: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(start instants as datetime64, sizes) of the storms: runs of incidents with gaps under
    STORM_GAP."""
    at = np.sort(created.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]"))
    if len(at) == 0:
        return at, np.zeros(0, dtype=np.int64)
    new = np.concatenate([[True], np.diff(at) >= STORM_GAP.to_timedelta64()])
    firsts = np.flatnonzero(new)
    return at[firsts], np.diff(np.append(firsts, len(at)))


def _count_in(sorted_at: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    return np.searchsorted(sorted_at, ends, "left") - np.searchsorted(sorted_at, starts, "left")


def window_slots(starts: pd.Series, zone: ZoneInfo) -> np.ndarray:
    """Slot code of each window: weekday x 1440 + local minute of day of its start."""
    local = pd.DatetimeIndex(starts).tz_convert(zone)
    return np.asarray(local.day_of_week * 1440 + local.hour * 60 + local.minute, dtype=np.int64)


def training(created: pd.Series, team: Team, first: pd.Timestamp, end: pd.Timestamp) -> Training:
    """The team's template windows over [first, end) with their incident and episode counts.
    The window holding `first` is whole (the history began before its first incident); the
    last is clipped at `end`."""
    created = created[(created >= first) & (created < end)]
    windows = template_windows(team, first.floor("s").to_pydatetime(),
                               end.floor("s").to_pydatetime())
    windows = windows[(windows["window_end"] > first) & (windows["window_start"] < end)].copy()
    windows["window_end"] = windows["window_end"].where(windows["window_end"] < end, end)
    windows["hours"] = (windows["window_end"] - windows["window_start"]).dt.total_seconds() / 3600
    windows = windows[windows["hours"] >= MIN_WINDOW_HOURS].reset_index(drop=True)
    starts = windows["window_start"].to_numpy(dtype="datetime64[ns]")
    ends = windows["window_end"].to_numpy(dtype="datetime64[ns]")
    at = np.sort(created.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]"))
    storm_starts, sizes = episodes(created)
    windows["incidents"] = _count_in(at, starts, ends)
    windows["episodes"] = _count_in(storm_starts, starts, ends)
    windows["slot"] = window_slots(windows["window_start"], team.timezone)
    windows["age_days"] = (end - windows["window_end"]).dt.total_seconds() / 86400
    return Training(team.timezone, windows[["window_start", "window_end", "hours", "incidents",
                                            "episodes", "slot", "age_days"]], sizes,
                    created.dt.tz_convert("UTC"), team.holidays)


def history_end(team: Team, last: pd.Timestamp) -> pd.Timestamp:
    """Where a history ending with an incident at `last` stops counting: the end of the shift
    window holding it. Clipping that window at the incident would count it in a sliver of
    time (one incident an hour after one incident), and the window's quiet rest is as likely."""
    moment = last.floor("s").to_pydatetime()
    windows = template_windows(team, moment, moment)
    at = locate(windows, pd.Series([last]))[0]
    if at < 0:
        return last.floor("s") + pd.Timedelta(seconds=1)
    return pd.Timestamp(windows["window_end"].iloc[at])


def paint(data: Training, window_rate: np.ndarray, fallback: float, shaped: bool = False
          ) -> WeekModel:
    """Hourly rates by hour of week: each training hour takes the rate of the window holding
    it, averaged over the weeks. Hours no window covered take `fallback`. `shaped` spreads each
    slot's rate over its hours as the history's storms fell (within_window_shape)."""
    rates = np.full(168, fallback, dtype=float)
    if data.windows.empty:
        return WeekModel(data.zone, rates)
    hours, at = data.hour_grid
    inside = at >= 0
    slots = pd.Series(window_rate[at[inside]]).groupby(
        hour_of_week(hours[inside], data.zone)).mean()
    rates[slots.index.to_numpy()] = slots.to_numpy()
    if shaped:
        rates *= data.storm_shape
    return WeekModel(data.zone, rates)


def within_window_shape(data: Training, hours: pd.DatetimeIndex, at: np.ndarray) -> np.ndarray:
    """168 factors with mean 1 over each slot's hours, so a window's expected count is kept:
    how a slot's storms spread over its hours (pages at 03:00 rather than 22:00 are sleep
    pages), each hour's mean shrunk toward its slot's by PRIOR_WEEKS weeks."""
    storm_starts, _ = episodes(data.created)
    index = np.asarray((pd.DatetimeIndex(storm_starts, tz="UTC") - hours[0])
                       // pd.Timedelta(hours=1), dtype=np.int64)
    grid = ((hours - hours[0]) // pd.Timedelta(hours=1)).to_numpy(dtype=np.int64)
    counts = np.bincount(index[(index >= 0) & (index <= grid.max())],
                         minlength=int(grid.max()) + 1)[grid]
    frame = pd.DataFrame({"how": hour_of_week(hours, data.zone), "count": counts,
                          "slot": data.windows["slot"].to_numpy()[at]})
    per_hour = frame.groupby("how").agg(total=("count", "sum"), weeks=("count", "size"),
                                        slot=("slot", "first"))
    per_slot = frame.groupby("slot")["count"].mean()
    slot_mean = per_hour["slot"].map(per_slot).to_numpy(dtype=float)
    mean = (per_hour["total"] + PRIOR_WEEKS * slot_mean) / (per_hour["weeks"] + PRIOR_WEEKS)
    shape = np.where(slot_mean > 0, mean / np.maximum(slot_mean, 1e-12), 1.0)
    shape = shape / pd.Series(shape).groupby(per_hour["slot"].to_numpy()).transform("mean")
    out = np.ones(168)
    out[per_hour.index.to_numpy()] = shape.to_numpy()
    return out


def overall_mean(data: Training) -> WeekModel:
    """Baseline: the history's incidents per hour, the same at every hour."""
    hours = float(data.windows["hours"].sum())
    rate = float(data.windows["incidents"].sum()) / hours if hours > 0 else 0.0
    return WeekModel(data.zone, np.full(168, rate))


def _per_slot(windows: pd.DataFrame, column: str, weight: np.ndarray, prior_rate: float,
              prior_hours: float) -> np.ndarray:
    """Each window's slot rate per hour: weighted counts over weighted hours, with
    `prior_hours` of `prior_rate` added to every slot."""
    frame = pd.DataFrame({"slot": windows["slot"], "count": windows[column] * weight,
                          "hours": windows["hours"] * weight})
    sums = frame.groupby("slot")[["count", "hours"]].sum()
    rate = (sums["count"] + prior_hours * prior_rate) / (sums["hours"] + prior_hours)
    return windows["slot"].map(rate.fillna(prior_rate)).to_numpy(dtype=float)


def slot_mean(data: Training) -> WeekModel:
    """Baseline: the mean per weekday and shift (no shrinkage)."""
    overall = float(overall_mean(data).rates[0])
    rate = _per_slot(data.windows, "incidents", np.ones(len(data.windows)), overall, 0.0)
    return paint(data, rate, overall)


def storm_size(sizes: np.ndarray) -> float:
    """Mean incidents per storm, storms above the STORM_SIZE_QUANTILE capped there."""
    if len(sizes) == 0:
        return 1.0
    cap = max(float(np.quantile(sizes, STORM_SIZE_QUANTILE)), 1.0)
    return float(np.minimum(sizes, cap).mean())


def storm_aware(data: Training, recent: bool = False) -> WeekModel:
    """Rota's model: shrunk episode rate per slot x capped mean storm size."""
    windows = data.windows
    weight = (np.power(0.5, windows["age_days"].to_numpy() / RECENT_HALF_LIFE.days)
              if recent else np.ones(len(windows)))
    hours = float(np.sum(windows["hours"].to_numpy() * weight))
    overall = float(np.sum(windows["episodes"].to_numpy() * weight)) / hours if hours else 0.0
    rate = _per_slot(windows, "episodes", weight, overall, PRIOR_HOURS) * storm_size(
        data.storm_sizes)
    return paint(data, rate, overall * storm_size(data.storm_sizes), shaped=True)


def storm_aware_recent(data: Training) -> WeekModel:
    return storm_aware(data, recent=True)


@dataclass(frozen=True)
class OverShare:
    """The empirical spread, storms and all: per slot code, the share of its windows that
    went over the limit, shrunk toward the overall share by PRIOR_WINDOWS windows."""

    per_slot: pd.Series  # by share_slots code
    overall: float

    def seen(self, starts: pd.Series, ends: pd.Series, zone: ZoneInfo) -> np.ndarray:
        return np.isin(share_slots(starts, ends, zone), self.per_slot.index.to_numpy())

    def of(self, starts: pd.Series, ends: pd.Series, zone: ZoneInfo) -> np.ndarray:
        codes = share_slots(starts, ends, zone)
        return self.per_slot.reindex(codes).fillna(self.overall).to_numpy(dtype=float)


def share_slots(starts: pd.Series, ends: pd.Series, zone: ZoneInfo) -> np.ndarray:
    """Slot codes that also tell window lengths apart (to the nearest 4 hours, so 11- and
    13-hour DST windows are 12-hour ones): an 8-hour what-if window starting at 09:00 is not
    the 12-hour day window, and must not take its share over the limit."""
    hours = (pd.Series(ends).reset_index(drop=True) - pd.Series(starts).reset_index(drop=True))
    length = np.round(hours.dt.total_seconds().to_numpy() / 3600 / 4).astype(np.int64)
    return window_slots(pd.Series(starts), zone) + 7 * 1440 * length


def over_share(data: Training, limit: int) -> OverShare:
    windows = data.windows
    over = (windows["incidents"] > limit).astype(float)
    overall = float(over.mean()) if len(over) else 0.0
    grouped = over.groupby(share_slots(windows["window_start"], windows["window_end"],
                                       data.zone))
    return OverShare((grouped.sum() + PRIOR_WINDOWS * overall)
                     / (grouped.size() + PRIOR_WINDOWS), overall)


def trend_glm(data: Training) -> PageRate:
    """The hour-of-week, trend and holiday GLM of analysis.forecast.model."""
    from analysis.forecast.model import fit_rate_model  # only when the GLM is fitted

    return fit_rate_model(data.created, data.zone, data.holidays)


BASELINES: dict[str, Callable[[Training], PageRate]] = {
    "overall mean": overall_mean,
    "mean per weekday and shift": slot_mean,
}
MODELS: dict[str, Callable[[Training], PageRate]] = {
    "storm-aware": storm_aware,
    "storm-aware, recent weeks weighted": storm_aware_recent,
    "trend and holiday GLM": trend_glm,
}
