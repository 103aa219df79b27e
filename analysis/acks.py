"""Time to acknowledge and to resolve, with compliance against a target per urgency.

A target is minutes to first acknowledgement for an urgency ("high=5"). Compliance is the share
of acknowledged incidents of that urgency acknowledged within the target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from scheduler import InputError

DEFAULT_ACK_TARGETS: dict[str, float] = {"high": 5.0, "low": 30.0}


def parse_ack_targets(specs: Iterable[str]) -> dict[str, float]:
    """["high=5", "P1=2"] -> {"high": 5.0, "p1": 2.0}, over the defaults."""
    targets = dict(DEFAULT_ACK_TARGETS)
    for spec in specs:
        urgency, _, minutes = spec.partition("=")
        try:
            value = float(minutes)
        except ValueError:
            value = -1.0
        if not urgency.strip() or value <= 0:
            raise InputError(f"--ack-target: expected URGENCY=MINUTES (e.g. high=5), got {spec!r}")
        targets[urgency.strip().lower()] = value
    return targets


def within_target(incidents: pd.DataFrame, targets: Mapping[str, float]) -> pd.Series:
    """True / False per acknowledged incident with a target for its urgency, else NA."""
    limit = incidents["urgency"].map(dict(targets)).astype("float64") * 60
    ok = incidents["ack_seconds"] <= limit
    return ok.astype("boolean").where(limit.notna() & incidents["ack_seconds"].notna())


def ack_stats(incidents: pd.DataFrame, targets: Mapping[str, float]) -> pd.DataFrame:
    """One row per urgency: counts, median and p90 minutes to ack, compliance, median resolve."""
    # Only the columns it needs: assign() on the incidents would copy every column, ids too.
    frame = pd.DataFrame({"urgency": incidents["urgency"],
                          "ack_minutes": incidents["ack_seconds"] / 60,
                          "resolve_minutes": incidents["resolve_seconds"] / 60,
                          "within": within_target(incidents, targets).astype("float64")})
    grouped = frame.groupby("urgency", sort=True)
    stats = pd.DataFrame({
        "incidents": grouped.size(),
        "acknowledged": grouped["ack_minutes"].count(),
        "ack_median_minutes": grouped["ack_minutes"].median(),
        "ack_p90_minutes": grouped["ack_minutes"].quantile(0.9),
        "target_minutes": [targets.get(u, np.nan) for u in grouped.size().index],
        "within_target": grouped["within"].mean(),
        "resolve_median_minutes": grouped["resolve_minutes"].median(),
    })
    return stats.rename_axis("urgency").reset_index()
