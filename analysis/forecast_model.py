"""The paging-rate model behind `rota forecast`: how many incidents to expect in any interval,
and how they spread around that mean in one shift window.

Two statsmodels fits, both on the history from its first to its last incident:

1. Rate per hour (the mean). A log-linear Poisson GLM on incident counts per clock hour, with
   the hour of day as smooth daily harmonics, the weekday as dummies (together: the hour-of-week
   effect), a linear trend in weeks, and a holiday dummy when the history holds a holiday.
   Poisson is used for the mean only (its estimates stay consistent when counts are
   over-dispersed). A weak ridge penalty (a normal prior of sd 1 on each log effect) keeps
   coefficients finite when a weekday or the holidays saw no incident at all.
2. Spread per window. A negative binomial (NB2) GLM on incident counts per shift window of the
   history, offset by the log of the window's expected count from fit 1. Storms make window
   counts far more variable than Poisson; its `alpha` (variance = mu + alpha mu^2) says by how
   much, and its intercept corrects the mean if the hourly fit is off at window level.

The trend continues for at most TREND_HORIZON past the end of the history and then holds: a
straight line in log space explodes when carried months ahead.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

HOUR = pd.Timedelta(hours=1)
WEEK_HOURS = 168.0
DAILY_HARMONICS = 3
TREND_HORIZON = timedelta(days=28)
MIN_TREND_DAYS = 42.0  # under six weeks, a fitted trend is mostly noise (it lost on the demo)
MIN_HOLIDAY_HOURS = 24  # a whole holiday in the history before its effect is estimated
PRIOR_PRECISION = 1.0  # ridge weight per coefficient, in units of one observation's loglike


@dataclass(frozen=True)
class RateModel:
    """Expected incidents per hour at any instant, and the window-count distribution."""

    zone: ZoneInfo
    holidays: frozenset[date]
    origin: pd.Timestamp  # first hour of the history (UTC)
    trend_until: pd.Timestamp  # the trend holds after this instant
    use_trend: bool
    use_holidays: bool
    params: np.ndarray  # log-linear coefficients of the hourly design
    window_scale: float  # exp(intercept) of the window fit
    alpha: float  # NB2 over-dispersion of window counts (0 = Poisson)
    incidents: int
    history_hours: float

    def hourly_rate(self, hours: pd.DatetimeIndex) -> np.ndarray:
        """Expected incidents in each clock hour starting at `hours` (UTC)."""
        if self.incidents == 0 or len(hours) == 0:
            return np.zeros(len(hours))
        design = hourly_design(hours, self)
        return np.exp(np.clip(design @ self.params, -30.0, 10.0))

    def expected(self, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                 sleep_zone: ZoneInfo | None = None) -> np.ndarray:
        """Expected incidents in each interval [start, end), hours counted pro rata. With
        `sleep_zone`, only those in sleep hours (22:00-08:00 in that zone)."""
        if len(starts) == 0:
            return np.zeros(0)
        lo = starts.min().floor("h")
        hi = ends.max().ceil("h") + HOUR
        grid = pd.date_range(lo, hi, freq="h", tz="UTC")
        rate = self.hourly_rate(grid[:-1])
        if sleep_zone is not None:
            # Clock hours: exact for zones whose offset is whole hours.
            clock = grid[:-1].tz_convert(sleep_zone).hour.to_numpy()
            rate = rate * ((clock >= 22) | (clock < 8))
        cumulative = np.concatenate([[0.0], np.cumsum(rate)])
        seconds = _seconds(grid)
        at_end = np.interp(_seconds(ends), seconds, cumulative)
        at_start = np.interp(_seconds(starts), seconds, cumulative)
        return self.window_scale * (at_end - at_start)

    def p_over(self, mean: np.ndarray, limit: int) -> np.ndarray:
        """P(count > limit) for windows with these expected counts."""
        mean = np.maximum(np.asarray(mean, dtype=float), 1e-12)
        if self.alpha <= 1e-8:
            return np.asarray(stats.poisson.sf(limit, mean))
        n = 1.0 / self.alpha
        return np.asarray(stats.nbinom.sf(limit, n, n / (n + mean)))

    def log_score(self, counts: np.ndarray, mean: np.ndarray) -> np.ndarray:
        """Log predictive probability of each observed window count."""
        mean = np.maximum(np.asarray(mean, dtype=float), 1e-12)
        if self.alpha <= 1e-8:
            return np.asarray(stats.poisson.logpmf(counts, mean))
        n = 1.0 / self.alpha
        return np.asarray(stats.nbinom.logpmf(counts, n, n / (n + mean)))


def _seconds(instants: pd.DatetimeIndex) -> np.ndarray:
    """Epoch seconds, whatever the index's resolution (pandas 3 defaults to microseconds)."""
    return np.asarray(instants.as_unit("ns").asi8, dtype=np.int64) / 1e9


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
        held = np.minimum(_seconds(hours), model.trend_until.timestamp())
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
    design = hourly_design(hours, spec)
    penalty = np.full(design.shape[1], PRIOR_PRECISION / len(counts))
    penalty[0] = 0.0  # the overall level is left free
    start = np.zeros(design.shape[1])
    start[0] = np.log(max(counts.mean(), 1e-6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(counts, design, family=sm.families.Poisson()).fit_regularized(
            alpha=penalty, L1_wt=0.0, start_params=start)
    return np.asarray(fit.params, dtype=float)


def _fit_spread(window_counts: np.ndarray, window_means: np.ndarray) -> tuple[float, float]:
    """(scale, alpha) of an NB2 GLM on window counts offset by their expected counts."""
    keep = window_means > 1e-9
    y, offset = window_counts[keep], np.log(window_means[keep])
    if len(y) < 5 or y.sum() == 0:
        return 1.0, 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = sm.NegativeBinomial(y, np.ones((len(y), 1)), offset=offset).fit(
                disp=0, maxiter=200)
            log_scale, alpha = (float(v) for v in fit.params)
        except (ValueError, np.linalg.LinAlgError):
            return 1.0, 0.0
    if not (np.isfinite(log_scale) and np.isfinite(alpha)):
        return 1.0, 0.0
    return float(np.exp(np.clip(log_scale, -3, 3))), float(np.clip(alpha, 0.0, 50.0))


def fit_rate_model(created: pd.Series, zone: ZoneInfo, holidays: frozenset[date],
                   windows: pd.DataFrame | None = None) -> RateModel:
    """Fit both stages on incident creation times (tz-aware). `windows` (window_start,
    window_end, UTC) are the history's shift windows for the spread fit."""
    created = created.dropna()
    if created.empty:
        now = pd.Timestamp.now(tz="UTC").floor("h")
        return RateModel(zone, holidays, now, now, False, False, np.zeros(1), 1.0, 0.0, 0, 0.0)
    first, last = created.min().tz_convert("UTC"), created.max().tz_convert("UTC")
    hours, counts = hourly_counts(created, first, last)
    span_days = len(hours) / 24
    holiday_hours = int(on_holiday(hours.tz_convert(zone), holidays).sum())
    spec = _Spec(zone, holidays, hours[0], hours[-1] + HOUR + pd.Timedelta(TREND_HORIZON),
                 span_days >= MIN_TREND_DAYS, holiday_hours >= MIN_HOLIDAY_HOURS)
    params = _fit_rate(hours, counts, spec)
    model = RateModel(spec.zone, holidays, spec.origin, spec.trend_until, spec.use_trend,
                      spec.use_holidays, params, 1.0, 0.0, len(created), float(len(hours)))
    if windows is None or windows.empty:
        return model
    lo, hi = hours[0], hours[-1] + HOUR
    starts = pd.DatetimeIndex(windows["window_start"])
    ends = pd.DatetimeIndex(windows["window_end"])
    starts, ends = starts.where(starts > lo, lo), ends.where(ends < hi, hi)
    inside = np.asarray(ends > starts)
    starts, ends = starts[inside], ends[inside]
    means = model.expected(starts, ends)
    at = created.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]")
    sorted_at = np.sort(at)
    window_counts = (np.searchsorted(sorted_at, ends.to_numpy(dtype="datetime64[ns]"), "left")
                     - np.searchsorted(sorted_at, starts.to_numpy(dtype="datetime64[ns]"), "left"))
    scale, alpha = _fit_spread(window_counts.astype(float), means)
    return RateModel(spec.zone, holidays, spec.origin, spec.trend_until, spec.use_trend,
                     spec.use_holidays, params, scale, alpha, len(created), float(len(hours)))
