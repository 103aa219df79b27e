"""Honest scoring of the forecast: train on the first two thirds of a history, score the shift
windows of the last third against two baselines (Taylor 2008 finds the per-hour-of-week mean
hard to beat beyond a few days ahead):

    overall mean         the training history's incidents per hour, times the window's hours
    hour-of-week mean    the training mean of each hour of the week, summed over the window

Scores per window: mean Poisson deviance of the counts (lower is better; scale-free across
models) and mean log score (log predictive probability; higher is better). The baselines are
scored as Poisson; the model with its negative binomial spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from scheduler.domain import Team

from .forecast import fit_forecast
from .forecast_model import HOUR, hourly_counts
from .windows import template_windows

TRAIN_SHARE = 2 / 3
CALIBRATION_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass
class Evaluation:
    scores: pd.DataFrame  # method, poisson_deviance, log_score
    windows: pd.DataFrame  # test windows: window_start, window_end, incidents, mean_*, p_over_limit
    train_incidents: int
    test_windows: int


def poisson_deviance(counts: np.ndarray, means: np.ndarray) -> np.ndarray:
    means = np.maximum(means, 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(counts > 0, counts * np.log(counts / means), 0.0)
    return 2 * (term - (counts - means))


def _count_in(created: pd.Series, windows: pd.DataFrame) -> np.ndarray:
    at = np.sort(created.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]"))
    ends = windows["window_end"].to_numpy(dtype="datetime64[ns]")
    starts = windows["window_start"].to_numpy(dtype="datetime64[ns]")
    return np.searchsorted(at, ends, "left") - np.searchsorted(at, starts, "left")


def _hour_of_week_means(created: pd.Series, team: Team, windows: pd.DataFrame) -> np.ndarray:
    first, last = created.min().tz_convert("UTC"), created.max().tz_convert("UTC")
    hours, counts = hourly_counts(created, first, last)
    local = hours.tz_convert(team.timezone)
    slot = local.day_of_week * 24 + local.hour
    per_slot = pd.Series(counts).groupby(np.asarray(slot)).mean().reindex(range(168)).fillna(
        counts.mean())
    means = np.zeros(len(windows))
    for i, (start, end) in enumerate(zip(windows["window_start"], windows["window_end"],
                                         strict=True)):
        grid = pd.date_range(start.floor("h"), end, freq="h", inclusive="left")
        grid_local = grid.tz_convert(team.timezone)
        cover = np.clip((np.minimum(grid + HOUR, end) - np.maximum(grid, start)) / HOUR, 0, 1)
        means[i] = float(np.sum(per_slot.to_numpy()[grid_local.day_of_week * 24 + grid_local.hour]
                                * np.asarray(cover)))
    return means


def evaluate(incidents: pd.DataFrame, team: Team, train_share: float = TRAIN_SHARE) -> Evaluation:
    created = incidents["created"].dt.tz_convert("UTC")
    first, last = created.min(), created.max()
    split = first + (last - first) * train_share
    train = incidents[created < split]
    model = fit_forecast(train, team)
    windows = template_windows(team, split.to_pydatetime(warn=False), last.to_pydatetime())
    windows = windows[(windows["window_start"] >= split) & (windows["window_end"] <= last)]
    windows = windows.reset_index(drop=True)[["window_start", "window_end"]]
    counts = _count_in(created, windows)
    hours = ((windows["window_end"] - windows["window_start"]) / HOUR).to_numpy()
    train_hours, train_counts = hourly_counts(train["created"], first, split)
    means = {
        "overall mean": train_counts.sum() / len(train_hours) * hours,
        "hour-of-week mean": _hour_of_week_means(train["created"], team, windows),
        "forecast (NB GLM)": model.expected(pd.DatetimeIndex(windows["window_start"]),
                                            pd.DatetimeIndex(windows["window_end"])),
    }
    rows = []
    for method, mean in means.items():
        if method.startswith("forecast"):
            log_score = model.log_score(counts, mean)
        else:
            log_score = stats.poisson.logpmf(counts, np.maximum(mean, 1e-9))
        rows.append({"method": method,
                     "poisson_deviance": float(poisson_deviance(counts, mean).mean()),
                     "log_score": float(np.mean(log_score))})
    limit = team.rules.max_incidents_per_shift
    frame = windows.assign(incidents=counts, **{f"mean_{k.split()[0]}": v
                                                for k, v in means.items()},
                           p_over_limit=model.p_over(means["forecast (NB GLM)"], limit),
                           over_limit=counts > limit)
    return Evaluation(pd.DataFrame(rows), frame, len(train), len(windows))


def calibration(windows: pd.DataFrame) -> pd.DataFrame:
    """Bins of predicted p_over_limit: windows, mean predicted, observed share over the limit."""
    bins = pd.cut(windows["p_over_limit"], CALIBRATION_BINS, include_lowest=True)
    grouped = windows.groupby(bins, observed=True)
    return pd.DataFrame({
        "windows": grouped.size(),
        "mean_predicted": grouped["p_over_limit"].mean(),
        "observed_over": grouped["over_limit"].mean(),
    }).rename_axis("p_over_limit").reset_index()
