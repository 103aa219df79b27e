"""A seeded generator of paging histories with a known shape, for tests and benchmarks.

Rate per hour = base x daily shape (busier evenings) x weekday factor x trend^(weeks), times a
day-level gamma shock (mean 1) for over-dispersion; incidents per hour are Poisson on that rate,
plus occasional storms (a burst of 3-6 incidents within three hours; with `storm_tail`, a
heavy-tailed Pareto size instead, as real alert storms have, up to MAX_STORM incidents). Output is the generic CSV
that `rota analyze` and `rota forecast` read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

FLAT_WEEK = (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
MAX_STORM = 250


@dataclass(frozen=True)
class HistoryShape:
    start: datetime  # aware; the history's first hour
    days: int
    per_day: float = 4.0  # incidents a day at the start, before shocks and storms
    weekday_factor: tuple[float, ...] = FLAT_WEEK  # Mon..Sun, multiplies the rate
    trend_per_week: float = 1.0  # 1.05 = five percent more pages each week
    day_shock_shape: float = 4.0  # gamma shape of the daily shock (smaller = wilder days)
    storm_chance: float = 0.0  # per day
    storm_tail: float = 0.0  # Pareto shape of storm sizes (smaller = heavier); 0 = 3 to 6
    seed: int = 0


def _daily_shape() -> np.ndarray:
    """24 multipliers with mean 1: quiet mornings, busy evenings."""
    hours = np.arange(24)
    shape = 1.0 + 0.5 * np.cos(2 * np.pi * (hours - 20) / 24)
    return shape / shape.mean()


def incident_times(shape: HistoryShape) -> list[datetime]:
    rng = np.random.default_rng(shape.seed)
    daily = _daily_shape()
    out: list[datetime] = []
    for day in range(shape.days):
        midnight = shape.start + timedelta(days=day)
        level = shape.per_day / 24 * shape.trend_per_week ** (day / 7)
        level *= shape.weekday_factor[midnight.weekday()]
        level *= rng.gamma(shape.day_shock_shape, 1 / shape.day_shock_shape)
        for hour, count in enumerate(rng.poisson(level * daily)):
            out += [midnight + timedelta(hours=hour, seconds=int(s))
                    for s in rng.integers(0, 3600, size=count)]
        if rng.random() < shape.storm_chance:
            begin = midnight + timedelta(hours=int(rng.integers(0, 22)))
            out += [begin + timedelta(seconds=int(s))
                    for s in rng.integers(0, 3 * 3600, size=_storm_size(shape, rng))]
    return sorted(out)


def _storm_size(shape: HistoryShape, rng: np.random.Generator) -> int:
    if shape.storm_tail <= 0:
        return int(rng.integers(3, 7))
    return int(min(MAX_STORM, np.ceil(3 * (1 + rng.pareto(shape.storm_tail)))))


def history_csv(shape: HistoryShape, responders: tuple[str, ...] = ("oncall",)) -> str:
    """Generic CSV id,created_at,responder (offset-aware timestamps)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "created_at", "responder"])
    for number, created in enumerate(incident_times(shape), start=1):
        writer.writerow([f"S{number:05d}", created.isoformat(timespec="seconds"),
                         responders[number % len(responders)]])
    return buffer.getvalue()
