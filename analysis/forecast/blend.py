"""What Rota uses, given every candidate's forecasts of the rolling backtest's blocks.

Picking the candidate with the lowest deviance over the pooled blocks was not robust on bursty
histories: one storm decides it, and the pick then lost the next weeks (bench bursty seeds 4, 5
and 10 of 2026-12-07: 1.07x, 1.11x, 1.23x the best baseline). A lead only counts here when it
is larger than the blocks' noise: the standard error of the mean of the paired per-window
differences in deviance (storms make that error large, as they should). So, starting from the
baseline with the lower pooled deviance:

1. an equal-weight blend of the storm-aware model and that baseline replaces it where the blend
   leads it by more than BLEND_SE standard errors (averaging forecasts is the standard hedge
   under regime change; within the noise the simpler forecast is kept: a plain "lower" let a
   blend that halves a strong weekday's peak win by 2%);
2. a model alone replaces that where it leads both the baseline and the blend by more than
   MODEL_SE standard errors (one error let a storm-aware lead that did not last through on one
   bursty history in 25 of the tuning seeds, 11-35).

Every step needs a lead, so Rota is never worse than the best baseline inside the history
(contract section 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.forecast.slots import PageRate

BLENDED = "storm-aware"
BLEND_SE = 1.0
MODEL_SE = 2.0


def poisson_deviance(counts: np.ndarray, means: np.ndarray) -> np.ndarray:
    """Unit Poisson deviance of each window: 2 (y log(y / mu) - (y - mu)); 0 for a perfect mean."""
    counts = np.asarray(counts, dtype=float)
    means = np.maximum(np.asarray(means, dtype=float), 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(counts > 0, counts * np.log(counts / means), 0.0)
    return np.asarray(2 * (term - (counts - means)))


def blend_name(baseline: str) -> str:
    return f"{BLENDED} blended with the {baseline}"


@dataclass(frozen=True)
class Blend:
    """Equal-weight average of several candidates' rates (expected counts are linear in them)."""

    parts: tuple[PageRate, ...]

    @property
    def zone(self) -> ZoneInfo:
        return self.parts[0].zone

    def hourly_rate(self, hours: pd.DatetimeIndex) -> np.ndarray:
        return np.asarray(np.mean([p.hourly_rate(hours) for p in self.parts], axis=0))

    def expected(self, starts: pd.DatetimeIndex, ends: pd.DatetimeIndex,
                 sleep_zone: ZoneInfo | None = None) -> np.ndarray:
        return np.asarray(np.mean([p.expected(starts, ends, sleep_zone) for p in self.parts],
                                  axis=0))


def clearly_below(ours: np.ndarray, theirs: np.ndarray, errors: float) -> bool:
    """Lower mean by more than `errors` standard errors of the paired per-window differences."""
    diff = ours - theirs
    if len(diff) < 2:
        return False
    return bool(diff.mean() + errors * diff.std(ddof=1) / np.sqrt(len(diff)) < 0)


@dataclass(frozen=True)
class Pick:
    method: str  # a candidate's name, or blend_name(baseline)
    parts: tuple[str, ...]  # the candidates it averages with equal weights
    rule: str  # "baseline", "blend" or "model": which step of the docstring chose it
    scores: pd.DataFrame  # method, poisson_deviance over the pooled blocks' windows


def pick(counts: np.ndarray, means: dict[str, np.ndarray], models: tuple[str, ...],
         baselines: tuple[str, ...]) -> Pick:
    """Apply the docstring's rule to the blocks' counts and the candidates' means."""
    deviance = {name: poisson_deviance(counts, m) for name, m in means.items()}
    base = min(baselines, key=lambda b: float(deviance[b].mean()))
    blend = blend_name(base)
    deviance[blend] = poisson_deviance(counts, (means[BLENDED] + means[base]) / 2)
    scores = pd.DataFrame({"method": list(deviance),
                           "poisson_deviance": [float(d.mean()) for d in deviance.values()]})
    scores = scores.sort_values("poisson_deviance", kind="stable").reset_index(drop=True)
    chosen = Pick(base, (base,), "baseline", scores)
    if clearly_below(deviance[blend], deviance[base], BLEND_SE):
        chosen = Pick(blend, (BLENDED, base), "blend", scores)
    leader = min(models, key=lambda m: float(deviance[m].mean()))
    if all(clearly_below(deviance[leader], deviance[other], MODEL_SE)
           for other in (base, chosen.method)):
        chosen = Pick(leader, (leader,), "model", scores)
    return chosen


def pick_reason(chosen: Pick, windows: int, blocks: int) -> str:
    """Why, in one clause per step of the rule; the caller appends the spread's reason."""
    pooled = chosen.scores.set_index("method")["poisson_deviance"]
    others = ", ".join(f"{name} {score:.2f}" for name, score in pooled.items()
                       if name != chosen.method)
    where = f"{blocks} rolling backtests inside the history ({windows} windows)"
    if chosen.rule == "model":
        why = (f"on {where} it led the better baseline and the blend with storm-aware by more "
               f"than {MODEL_SE:.0f} standard errors")
    elif chosen.rule == "blend":
        why = (f"an equal-weight blend: on {where} no model led the baselines by "
               f"{MODEL_SE:.0f} standard errors, and the blend led the {chosen.parts[1]} by "
               f"more than {BLEND_SE:.0f}")
    else:
        why = (f"on {where} no model led it by {MODEL_SE:.0f} standard errors, nor "
               f"{BLENDED} blended with it by {BLEND_SE:.0f}")
    return (f"uses {chosen.method}: {why}; mean Poisson deviance {pooled[chosen.method]:.2f}, "
            f"against {others}")
