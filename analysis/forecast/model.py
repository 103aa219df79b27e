"""The trend-and-holiday GLM, one of the models analysis.forecast.choice backtests: a
log-linear Poisson GLM on incident counts per clock hour, with the hour of day as
smooth daily harmonics, the weekday as dummies, a linear trend in weeks (from six weeks of
history on), and a holiday dummy when the history holds a whole holiday. Poisson is used for
the mean only (its estimates stay consistent when counts are over-dispersed; the spread is the
chooser's). A weak ridge penalty (a normal prior of sd 1 on each log effect) keeps coefficients
finite when a weekday or the holidays saw no incident at all. It is fitted by Newton's method
(_fit_rate), the optimum statsmodels' ridge GLM reaches by BFGS.

The trend continues for at most TREND_HORIZON past the end of the history and then holds: a
straight line in log space explodes when carried months ahead. The chooser uses this model only
where it wins the backtest inside the history, so a trend fitted on a storm is not trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.forecast.hours import interval_sums, seconds

HOUR = pd.Timedelta(hours=1)
WEEK_HOURS = 168.0
DAILY_HARMONICS = 3
TREND_HORIZON = timedelta(days=28)
MIN_TREND_DAYS = 42.0  # under six weeks, a fitted trend is mostly noise (it lost on the demo)
MIN_HOLIDAY_HOURS = 24  # a whole holiday in the history before its effect is estimated
PRIOR_PRECISION = 1.0  # ridge weight per coefficient, in units of one observation's loglike
NEWTON_STEPS = 100
NEWTON_TOLERANCE = 1e-10  # largest gradient entry at the optimum


@dataclass(frozen=True)
class RateModel:
    """Expected incidents per hour at any instant."""

    zone: ZoneInfo
    holidays: frozenset[date]
    origin: pd.Timestamp  # first hour of the history (UTC)
    trend_until: pd.Timestamp  # the trend holds after this instant
    use_trend: bool
    use_holidays: bool
    params: np.ndarray  # log-linear coefficients of the hourly design

    def hourly_rate(self, hours: pd.DatetimeIndex) -> np.ndarray:
        """Expected incidents in each clock hour starting at `hours` (UTC)."""
        if len(hours) == 0 or not self.params.any():
            return np.zeros(len(hours))
        design = hourly_design(hours, self)
        return np.exp(np.clip(design @ self.params, -30.0, 10.0))

    def expected(self, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                 sleep_zone: ZoneInfo | None = None) -> np.ndarray:
        return interval_sums(self.hourly_rate, starts, ends, sleep_zone)


def on_holiday(local: pd.DatetimeIndex, holidays: frozenset[date]) -> np.ndarray:
    """True for each local instant whose date is a holiday."""
    return np.array([day in holidays for day in local.date], dtype=bool)


def hourly_design(hours: pd.DatetimeIndex, model: RateModel | _Spec) -> np.ndarray:
    """Columns: intercept, daily harmonics, weekday dummies (Tue..Sun), [trend], [holiday]."""
    local = hours.tz_convert(model.zone)
    clock = (local.hour + local.minute / 60).to_numpy(dtype=float)
    weekday = local.day_of_week.to_numpy()
    columns = [np.ones(len(hours))]
    for k in range(1, DAILY_HARMONICS + 1):
        angle = 2 * np.pi * k * clock / 24
        columns += [np.sin(angle), np.cos(angle)]
    columns += [(weekday == d).astype(float) for d in range(1, 7)]
    if model.use_trend:
        held = np.minimum(seconds(hours), model.trend_until.timestamp())
        columns.append((held - model.origin.timestamp()) / 3600 / WEEK_HOURS)
    if model.use_holidays:
        columns.append(on_holiday(local, model.holidays).astype(float))
    return np.column_stack(columns)


@dataclass(frozen=True)
class _Spec:
    """What the design needs before the model is fitted."""

    zone: ZoneInfo
    holidays: frozenset[date]
    origin: pd.Timestamp
    trend_until: pd.Timestamp
    use_trend: bool
    use_holidays: bool


def hourly_counts(created: pd.Series, first: pd.Timestamp, last: pd.Timestamp
                  ) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Clock-hour buckets (UTC) from the first incident's hour to the last one's, and counts."""
    hours = pd.date_range(first.floor("h"), last.floor("h"), freq="h", tz="UTC")
    index = ((created.dt.tz_convert("UTC") - hours[0]) // HOUR).to_numpy(dtype=np.int64)
    return hours, np.bincount(index, minlength=len(hours)).astype(float)


def _fit_rate(hours: pd.DatetimeIndex, counts: np.ndarray, spec: _Spec) -> np.ndarray:
    """The ridge-penalised Poisson GLM: minimise the mean negative log-likelihood plus
    sum(penalty x b^2) / 2, the objective of statsmodels' GLM.fit_regularized(L1_wt=0), by
    Newton's method (it is convex) to its exact optimum. Importing statsmodels took 1.2 s of
    the Load page's first render."""
    design = hourly_design(hours, spec)
    penalty = np.full(design.shape[1], PRIOR_PRECISION / len(counts))
    penalty[0] = 0.0  # the overall level is left free
    params = np.zeros(design.shape[1])
    params[0] = np.log(max(counts.mean(), 1e-6))
    scale = 1.0 / len(counts)

    def objective(b: np.ndarray) -> float:
        with np.errstate(over="ignore"):
            eta = design @ b
            return float(scale * np.sum(np.exp(eta) - counts * eta) + np.sum(penalty * b * b) / 2)

    value = objective(params)
    for _ in range(NEWTON_STEPS):
        mu = np.exp(design @ params)
        gradient = scale * (design.T @ (mu - counts)) + penalty * params
        if np.max(np.abs(gradient)) < NEWTON_TOLERANCE:
            break
        hessian = scale * (design.T * mu) @ design + np.diag(penalty)
        step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        length = 1.0
        while (trial := objective(params - length * step)) > value and length > 1e-10:
            length /= 2  # halve until the objective falls (far from the optimum)
        if trial > value:
            break  # no step lowers it: as close as floating point gets
        params, value = params - length * step, trial
    return params


def fit_rate_model(created: pd.Series, zone: ZoneInfo, holidays: frozenset[date]
                   ) -> RateModel:
    """Fit on incident creation times (tz-aware), first to last incident."""
    created = created.dropna()
    if created.empty:
        now = pd.Timestamp.now(tz="UTC").floor("h")
        return RateModel(zone, holidays, now, now, False, False, np.zeros(1))
    first, last = created.min().tz_convert("UTC"), created.max().tz_convert("UTC")
    hours, counts = hourly_counts(created, first, last)
    span_days = len(hours) / 24
    holiday_hours = int(on_holiday(hours.tz_convert(zone), holidays).sum())
    spec = _Spec(zone, holidays, hours[0], hours[-1] + HOUR + pd.Timedelta(TREND_HORIZON),
                 span_days >= MIN_TREND_DAYS, holiday_hours >= MIN_HOLIDAY_HOURS)
    return RateModel(zone, holidays, spec.origin, spec.trend_until, spec.use_trend,
                     spec.use_holidays, _fit_rate(hours, counts, spec))
