"""`rota forecast --backtest` (contract section 8): how far to trust the forecast.

The history's last third is forecast from its first two thirds, by Rota (its whole procedure,
the choice of analysis.forecast.choice included, run on the first two thirds only) and by the
two baselines a lead would reach for: the overall mean and the mean per weekday and shift
(Taylor 2008 finds the mean per time slot hard to beat more than a few days ahead). Scores per
shift window of the last third (whole windows only):

    mean Poisson deviance   how far the expected counts are from the counts; lower is better
    Brier of p_over_limit   mean (p - over)^2, over = the window got more than the limit

The baselines' p_over_limit is the Poisson tail at their mean, what a rate alone gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.forecast.blend import poisson_deviance
from analysis.forecast.choice import Forecast, brier, choose, holdout, p_over
from scheduler import Team

TRAIN_SHARE = 2 / 3
CALIBRATION_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
BACKTEST_COLUMNS = ("method", "poisson_deviance", "brier_p_over_limit")


@dataclass(frozen=True)
class Backtest:
    table: pd.DataFrame  # BACKTEST_COLUMNS; Rota's row first
    windows: pd.DataFrame  # test windows: window_start, window_end, incidents, p_over_limit
    forecast: Forecast  # what Rota chose on the first two thirds
    train_incidents: int


def rota_label(forecast: Forecast) -> str:
    return f"Rota (uses {forecast.method})"


def backtest(incidents: pd.DataFrame, team: Team, train_share: float = TRAIN_SHARE,
             baselines: tuple[str, ...] = ("overall mean", "mean per weekday and shift")
             ) -> Backtest:
    """Train on the first `train_share` of the history (by time), score the rest."""
    created = incidents["created"].dropna().dt.tz_convert("UTC")
    first, last = created.min(), created.max()
    split = first + ((last - first) * train_share).floor("s")
    train = incidents[incidents["created"].dt.tz_convert("UTC") < split]
    forecast = choose(train, team, end=split)
    test = holdout(created, team, first, split, last)
    windows = test.windows
    counts = windows["incidents"].to_numpy(dtype=float)
    limit = team.rules.max_incidents_per_shift
    mean = forecast.expected(pd.DatetimeIndex(windows["window_start"]),
                             pd.DatetimeIndex(windows["window_end"]))
    chance = forecast.window_chances(windows, mean, limit)
    rows = [(rota_label(forecast), mean, chance)]
    rows += [(name, test.means[name], p_over(test.means[name], limit, 0.0))
             for name in baselines]
    table = pd.DataFrame([(name, float(poisson_deviance(counts, m).mean()) if len(m) else 0.0,
                           brier(p, counts, limit)) for name, m, p in rows],
                         columns=list(BACKTEST_COLUMNS))
    frame = windows.assign(expected_pages=mean, p_over_limit=chance, over_limit=counts > limit)
    return Backtest(table, frame, forecast, len(train))


def backtest_text(result: Backtest) -> str:
    """The table `rota forecast --backtest` prints."""
    lines = [f"backtest: trained on the first two thirds ({result.train_incidents} incidents), "
             f"scored on {len(result.windows)} shift windows of the last third",
             f"{'method':<64} {'mean Poisson deviance':>21} {'Brier p_over_limit':>18}"]
    if result.windows.empty:
        lines[1:] = ["nothing to score: the last third holds no whole shift window"]
    for row in result.table.itertuples(index=False) if len(result.windows) else ():
        lines.append(f"{row.method:<64} {row.poisson_deviance:>21.3f} "
                     f"{row.brier_p_over_limit:>18.3f}")
    return "\n".join(lines)


def calibration(windows: pd.DataFrame) -> pd.DataFrame:
    """Bins of predicted p_over_limit: windows, mean predicted, observed share over the limit."""
    bins = pd.cut(windows["p_over_limit"], CALIBRATION_BINS, include_lowest=True)
    grouped = windows.groupby(bins, observed=True)
    return pd.DataFrame({
        "windows": grouped.size(),
        "mean_predicted": grouped["p_over_limit"].mean(),
        "observed_over": grouped["over_limit"].mean(),
    }).rename_axis("p_over_limit").reset_index()
