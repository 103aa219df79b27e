"""Burnout risk: a points score over five load factors, a level, and the reasons in words.

Each factor scores 0 (fine), 1 (warning) or 3 (critical). The level is `high` from 3 points
(any critical factor, or three warnings at once), `medium` from 1 point, else `low`.

factor                                         warning      critical    source
share of worked windows over the limit         >= 10%       >= 25%      SRE book: 2 per 12h shift
sleep-hour incidents per week                  >= 1         >= 2        PagerDuty: 7/month is bad
off-hour interruptions (off + sleep) / 30 days >= 7         >= 19       PagerDuty: 2 good, 7 bad,
                                                                        19 a sign of burnout
longest run of consecutive overloaded windows  >= 2         >= 3        ours: no recovery between
share of time on call (with a schedule)        > 25%        > 33%       SRE book: at most 25%

Rates are taken over the history span, but never over less than a week: a few incidents in one
afternoon say little about a month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

WARNING, CRITICAL = 1, 3
HIGH_FROM, MEDIUM_FROM = 3, 1
MIN_SPAN_DAYS = 7.0


@dataclass(frozen=True)
class Factor:
    column: str
    warning: float
    critical: float
    strict: bool = False  # True: above the threshold, False: at or above it


FACTORS = (
    Factor("over_limit_share", 0.10, 0.25),
    Factor("sleep_per_week", 1.0, 2.0),
    Factor("off_hour_per_30_days", 7.0, 19.0),
    Factor("longest_overloaded_run", 2, 3),
    Factor("oncall_share", 0.25, 1 / 3, strict=True),
)


def factor_points(values: pd.Series, factor: Factor) -> np.ndarray:
    """0, WARNING or CRITICAL per person; NaN (factor not measured) scores 0."""
    v = values.to_numpy(dtype="float64")
    reach = np.greater if factor.strict else np.greater_equal
    with np.errstate(invalid="ignore"):
        return np.where(reach(v, factor.critical), CRITICAL,
                        np.where(reach(v, factor.warning), WARNING, 0))


def span_words(days: float) -> str:
    """A history span in words: "5 hours", "1 day", "3 weeks", "4 months"."""
    def count(n: float, unit: str) -> str:
        whole = max(1, round(n))
        return f"{whole} {unit}" + ("" if whole == 1 else "s")

    if days < 1 / 24:
        return "under an hour"
    if days < 1:
        return count(days * 24, "hour")
    if days < 32:
        return count(days, "day")
    if days < 61:
        return count(days / 7, "week")
    return count(days / 30, "month")


def rate_words(per_month: float, what: str, seen: int, span_days: float) -> str:
    """"about 4 sleep-hour incidents a month at this pace, from 1 in 1 day"."""
    amount = f"{round(per_month)}" if per_month >= 1 else f"{per_month:.1f}"
    return f"about {amount} {what} a month at this pace, from {seen} in {span_words(span_days)}"


def history_note(span_days: float, incidents: int) -> str | None:
    """A warning for the summary when the history is too short for rates to mean much."""
    if incidents == 0 or span_days >= MIN_SPAN_DAYS:
        return None
    return (f"the history spans only {span_words(span_days)}, less than a week: rates are "
            f"taken over a full week and are rough")


def _reason(row: pd.Series, span_days: float) -> str:
    parts = []
    if row["points_over_limit_share"] or row["windows_over_limit"]:
        parts.append(f"{row['windows_over_limit']} of {row['windows']} windows over the limit")
    if row["points_sleep_per_week"] or row["sleep_hours"]:
        parts.append(rate_words(row["sleep_per_week"] * 30 / 7, "sleep-hour incidents",
                                row["sleep_hours"], span_days))
    if row["points_off_hour_per_30_days"]:
        parts.append(rate_words(row["off_hour_per_30_days"], "off-hour interruptions",
                                row["off_hours"] + row["sleep_hours"], span_days))
    if row["points_longest_overloaded_run"]:
        parts.append(f"{row['longest_overloaded_run']} overloaded windows in a row")
    if row["points_oncall_share"]:
        parts.append(f"{row['oncall_share']:.0%} of the time on call")
    return f"{row['risk']}: " + ("; ".join(parts) if parts else "within every threshold")


def score(people: pd.DataFrame, span_days: float) -> pd.DataFrame:
    """`people` with the factor columns, `risk_score`, `risk` and `reasons` added."""
    days = max(span_days, MIN_SPAN_DAYS)
    out = people.copy()
    windows = out["windows"].where(out["windows"] > 0)
    out["over_limit_share"] = (out["windows_over_limit"] / windows).fillna(0.0)
    out["sleep_per_week"] = out["sleep_hours"] / days * 7
    out["off_hour_per_30_days"] = (out["off_hours"] + out["sleep_hours"]) / days * 30
    total = np.zeros(len(out), dtype=np.int64)
    for factor in FACTORS:
        points = factor_points(out[factor.column], factor)
        out[f"points_{factor.column}"] = points
        total += points
    out["risk_score"] = total
    out["risk"] = np.where(total >= HIGH_FROM, "high",
                           np.where(total >= MEDIUM_FROM, "medium", "low"))
    out["reasons"] = [_reason(row, span_days) for _, row in out.iterrows()]  # one per person, not incident
    return out.drop(columns=[f"points_{f.column}" for f in FACTORS])
