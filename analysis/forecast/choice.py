"""Which forecast to trust: Rota's storm-aware models or the baselines, chosen by a backtest
inside the history it is given (contract section 8: never worse than the best baseline).

Rolling origin: the last VALIDATION_SHARE of the history is cut into FOLDS blocks; each block
is forecast by every candidate trained only on what came before it (no peeking), and scored
per shift window by mean Poisson deviance. Which candidate wins those blocks is itself noisy
on bursty histories (one storm decides it), so analysis.forecast.blend keeps the better
baseline unless a blend of it with the storm-aware model, or a model alone, leads it by more
than the blocks' noise. Eight blocks over the last two thirds (three over the last half until
2026-12-07) so that no one storm's block decides. The choice is refitted on the whole history.
Its predictive spread is a negative binomial whose `alpha` is the one, on the same blocks, with
the best Brier score of p_over_limit (alpha 0, a Poisson tail, is among those tried): storms make window counts far more variable than
Poisson, and the held-out windows say by how much. Where the plain share of a slot's past
windows over the limit (shrunk toward the overall share) scores a better Brier on those blocks,
that empirical spread is used instead, for windows of a slot the history has seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.forecast.blend import Blend, Pick, pick, pick_reason
from analysis.forecast.slots import (
    BASELINES,
    MODELS,
    OverShare,
    PageRate,
    Training,
    WeekModel,
    history_end,
    over_share,
    training,
)
from analysis.windows import template_windows
from scheduler import Team

FOLDS = 8
VALIDATION_SHARE = 2 / 3
MIN_TRAIN_DAYS = 14.0
ALPHA_GRID = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0)
FALLBACK = "storm-aware"


def p_over(means: np.ndarray, limit: int, alpha: float) -> np.ndarray:
    """P(count > limit) under a negative binomial (variance mu + alpha mu^2); Poisson at 0.
    By scipy.special's functions (scipy.stats took 0.8 s to import): the Poisson tail is
    pdtrc, the negative binomial's with n = 1 / alpha successes of chance n / (n + mu) is the
    regularised incomplete beta I_(1-p)(limit + 1, n)."""
    from scipy import special

    means = np.maximum(np.asarray(means, dtype=float), 1e-12)
    if alpha <= 0:
        return np.asarray(special.pdtrc(limit, means))
    n = 1.0 / alpha
    return np.asarray(special.betainc(limit + 1, n, means / (n + means)))


def brier(chances: np.ndarray, counts: np.ndarray, limit: int) -> float:
    return float(np.mean((chances - (np.asarray(counts) > limit)) ** 2)) if len(counts) else 0.0


@dataclass(frozen=True)
class Holdout:
    """Windows of a held-out block: their counts and each candidate's expected counts."""

    windows: pd.DataFrame  # window_start, window_end, incidents
    means: dict[str, np.ndarray]
    shares: np.ndarray  # each window's chance of going over the limit, from OverShare


def holdout(created: pd.Series, team: Team, first: pd.Timestamp, origin: pd.Timestamp,
            end: pd.Timestamp) -> Holdout:
    """Train every candidate on [first, origin); forecast the windows inside [origin, end]."""
    data = training(created, team, first, origin)
    windows = template_windows(team, origin.floor("s").to_pydatetime(),
                               end.floor("s").to_pydatetime())
    windows = windows[(windows["window_start"] >= origin) & (windows["window_end"] <= end)]
    windows = windows[["window_start", "window_end"]].reset_index(drop=True)
    at = np.sort(created.dt.tz_convert("UTC").to_numpy(dtype="datetime64[ns]"))
    windows["incidents"] = (
        np.searchsorted(at, windows["window_end"].to_numpy(dtype="datetime64[ns]"), "left")
        - np.searchsorted(at, windows["window_start"].to_numpy(dtype="datetime64[ns]"), "left"))
    starts = pd.DatetimeIndex(windows["window_start"])
    ends = pd.DatetimeIndex(windows["window_end"])
    means = {name: fit(data).expected(starts, ends)
             for name, fit in {**MODELS, **BASELINES}.items()}
    shares = over_share(data, team.rules.max_incidents_per_shift).of(
        windows["window_start"], windows["window_end"], team.timezone)
    return Holdout(windows, means, shares)


def rolling_origin(created: pd.Series, team: Team) -> Holdout | None:
    """The FOLDS held-out blocks of the history's last VALIDATION_SHARE, pooled; the first
    block trains on at least MIN_TRAIN_DAYS, so a short history's blocks cover less of it.
    None when that would leave under half of the history to the blocks."""
    first, last = created.min(), created.max()
    span = (last - first).floor("s")
    least = pd.Timedelta(days=MIN_TRAIN_DAYS)
    if span < 2 * least:
        return None
    begin = first + max(span * (1 - VALIDATION_SHARE), least)
    edges = [begin + (last - begin) * k / FOLDS for k in range(FOLDS + 1)]
    blocks = [holdout(created, team, first, lo, hi) for lo, hi in pairwise(edges)]
    windows = pd.concat([b.windows for b in blocks], ignore_index=True)
    if windows.empty:
        return None
    return Holdout(windows, {name: np.concatenate([b.means[name] for b in blocks])
                             for name in blocks[0].means},
                   np.concatenate([b.shares for b in blocks]))


@dataclass(frozen=True)
class Forecast:
    """The forecast Rota uses: the chosen candidate's hourly rates and spread, and why."""

    model: PageRate
    method: str
    alpha: float
    shares: OverShare | None  # the empirical spread, when it won; else negative binomial
    reason: str
    incidents: int
    history_hours: float
    inner: pd.DataFrame  # method, poisson_deviance over the inner backtest's windows

    @property
    def zone(self) -> ZoneInfo:
        return self.model.zone

    def hourly_rate(self, hours: pd.DatetimeIndex) -> np.ndarray:
        return self.model.hourly_rate(hours)

    def expected(self, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                 sleep_zone: ZoneInfo | None = None) -> np.ndarray:
        return self.model.expected(starts, ends, sleep_zone)

    def p_over(self, means: np.ndarray, limit: int) -> np.ndarray:
        """Negative binomial tail at these means (any window, any length)."""
        return p_over(means, limit, self.alpha)

    def window_chances(self, windows: pd.DataFrame, means: np.ndarray, limit: int
                       ) -> np.ndarray:
        """P(over the limit) for windows (window_start, window_end) with these means: the
        slot's share where that spread won and the history saw the slot, else the tail."""
        tail = self.p_over(means, limit)
        if self.shares is None:
            return tail
        starts, ends = windows["window_start"], windows["window_end"]
        return np.where(self.shares.seen(starts, ends, self.zone),
                        self.shares.of(starts, ends, self.zone), tail)


def best_alpha(counts: np.ndarray, means: np.ndarray, limit: int) -> float:
    scores = [brier(p_over(means, limit, a), counts, limit) for a in ALPHA_GRID]
    return float(ALPHA_GRID[int(np.argmin(scores))])


def moment_alpha(counts: np.ndarray, means: np.ndarray) -> float:
    """Method-of-moments NB2 alpha, for histories too short for held-out blocks."""
    spread = float(np.sum((counts - means) ** 2 - means))
    scale = float(np.sum(means ** 2))
    return float(np.clip(spread / scale, 0.0, ALPHA_GRID[-1])) if scale > 0 else 0.0


def choose(incidents: pd.DataFrame, team: Team, end: pd.Timestamp | None = None) -> Forecast:
    """Backtest the candidates inside `incidents` and fit the winner on all of it. The history
    is counted up to `end`: by default the end of the shift window holding its last incident;
    a backtest passes its cut, so the winner is fitted on the same hours as the baselines it is
    scored against (a chosen baseline then scores exactly as that baseline)."""
    created = incidents["created"].dropna().dt.tz_convert("UTC")
    limit = team.rules.max_incidents_per_shift
    if created.empty:
        empty = WeekModel(team.timezone, np.zeros(168))
        return Forecast(empty, "overall mean", 0.0, None, "no history: no pages expected", 0, 0.0,
                        pd.DataFrame(columns=["method", "poisson_deviance"]))
    first, last = created.min(), created.max()
    data = training(created, team, first, history_end(team, last) if end is None else end)
    inner = rolling_origin(created, team)
    hours = (last - first) / pd.Timedelta(hours=1)
    if inner is None:
        return _unbacktested(data, len(created), hours)
    counts = inner.windows["incidents"].to_numpy(dtype=float)
    chosen = pick(counts, inner.means, tuple(MODELS), tuple(BASELINES))
    means = np.mean([inner.means[part] for part in chosen.parts], axis=0)
    alpha = best_alpha(counts, means, limit)
    briers = {"tail": brier(p_over(means, limit, alpha), counts, limit),
              "share": brier(inner.shares, counts, limit),
              "poisson": brier(p_over(means, limit, 0.0), counts, limit)}
    shares = over_share(data, limit) if briers["share"] < briers["tail"] else None
    fits = {**MODELS, **BASELINES}
    model = Blend(tuple(fits[part](data) for part in chosen.parts))
    return Forecast(model, chosen.method, alpha, shares,
                    _reason(chosen, len(counts), briers, alpha, shares is not None),
                    len(created), hours, chosen.scores)


def _unbacktested(data: Training, incidents: int, hours: float) -> Forecast:
    """A history too short for held-out blocks gets storm-aware, whose slots lean on the
    overall mean, with a moment estimate of the spread."""
    model = MODELS[FALLBACK](data)
    means = model.expected(pd.DatetimeIndex(data.windows["window_start"]),
                           pd.DatetimeIndex(data.windows["window_end"]))
    alpha = moment_alpha(data.windows["incidents"].to_numpy(dtype=float), means)
    reason = (f"uses {FALLBACK}: the history is too short to backtest inside it "
              f"(under {2 * MIN_TRAIN_DAYS:.0f} days); slots lean on the overall mean")
    return Forecast(model, FALLBACK, alpha, None, reason, incidents, hours,
                    pd.DataFrame(columns=["method", "poisson_deviance"]))


def _reason(chosen: Pick, windows: int, briers: dict[str, float], alpha: float,
            by_slot: bool) -> str:
    spread = (f"the share of each slot's past windows over the limit (Brier {briers['share']:.3f}"
              f" there; a negative binomial {briers['tail']:.3f}" if by_slot else
              f"a negative binomial, alpha {alpha:.2f} (Brier {briers['tail']:.3f} there; the "
              f"share per slot {briers['share']:.3f}")
    return (f"{pick_reason(chosen, windows, FOLDS)}; p_over_limit from {spread}, a Poisson tail "
            f"{briers['poisson']:.3f})")
