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
    return int(_storm_sizes(shape, rng, 1)[0])  # the same draw as one of _storm_sizes


def _storm_sizes(shape: HistoryShape, rng: np.random.Generator, count: int) -> np.ndarray:
    """`count` storm sizes: 3 to 6, or ceil(3 (1 + Pareto(storm_tail))) up to MAX_STORM."""
    if shape.storm_tail <= 0:
        return rng.integers(3, 7, size=count)
    return np.minimum(MAX_STORM, np.ceil(3 * (1 + rng.pareto(shape.storm_tail, size=count))))


def history_csv(shape: HistoryShape, responders: tuple[str, ...] = ("oncall",)) -> str:
    """Generic CSV id,created_at,responder (offset-aware timestamps)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "created_at", "responder"])
    for number, created in enumerate(incident_times(shape), start=1):
        writer.writerow([f"S{number:05d}", created.isoformat(timespec="seconds"),
                         responders[number % len(responders)]])
    return buffer.getvalue()


# The generator's own answer: what a forecaster that knew HistoryShape exactly would say. The
# forecast benchmark scores it next to Rota, to tell a forecast's error from the test windows'
# own noise (with storms this heavy, even this ideal forecast loses to a plain mean on some
# histories' last third).


def storm_size_mean(shape: HistoryShape) -> float:
    """Expected incidents per storm, exactly: sum over k of P(size >= k)."""
    if shape.storm_tail <= 0:
        return 4.5  # integers 3 to 6
    k = np.arange(1, MAX_STORM + 1, dtype=float)
    # size = ceil(3 (1 + X)) with 1 + X Pareto(storm_tail): size >= k iff 1 + X > (k - 1) / 3
    ratio = np.maximum((k - 1) / 3, 1.0)
    return float((ratio ** -shape.storm_tail).sum())


def _window_days(shape: HistoryShape, start: datetime, end: datetime) -> dict[int, list[int]]:
    """The local hours of each history day that [start, end) covers (by UTC hour)."""
    zone = shape.start.tzinfo
    first = shape.start.date()
    days: dict[int, list[int]] = {}
    moment = start
    while moment < end:
        local = moment.astimezone(zone)
        day = (local.date() - first).days
        if 0 <= day < shape.days:
            days.setdefault(day, []).append(local.hour)
        moment += timedelta(hours=1)
    return days


def _base_mean(shape: HistoryShape, day: int, hours: list[int]) -> float:
    weekday = (shape.start + timedelta(days=day)).weekday()
    level = shape.per_day / 24 * shape.trend_per_week ** (day / 7) * shape.weekday_factor[weekday]
    return float(level * _daily_shape()[hours].sum())


def _storm_overlap(hours: list[int]) -> np.ndarray:
    """For each storm start hour 0..21, how many of its three hours fall in `hours`."""
    covered = set(hours)
    return np.array([sum(h in covered for h in (s, s + 1, s + 2)) for s in range(22)])


def expected_counts(shape: HistoryShape, starts: list[datetime], ends: list[datetime]
                    ) -> np.ndarray:
    """The generator's expected incidents in each window [start, end)."""
    storm = shape.storm_chance * storm_size_mean(shape) / 22 / 3
    return np.array([sum(_base_mean(shape, day, hours) + storm * _storm_overlap(hours).sum()
                         for day, hours in _window_days(shape, start, end).items())
                     for start, end in zip(starts, ends, strict=True)])


def over_chances(shape: HistoryShape, starts: list[datetime], ends: list[datetime],
                 limit: int, draws: int = 20_000, seed: int = 0) -> np.ndarray:
    """The generator's P(more than `limit` incidents) in each window, by simulating it."""
    rng = np.random.default_rng(seed)
    out = []
    for start, end in zip(starts, ends, strict=True):
        counts = np.zeros(draws, dtype=np.int64)
        for day, hours in _window_days(shape, start, end).items():
            shock = rng.gamma(shape.day_shock_shape, 1 / shape.day_shock_shape, size=draws)
            counts += rng.poisson(shock * _base_mean(shape, day, hours))
            stormy = rng.random(draws) < shape.storm_chance
            overlap = _storm_overlap(hours)[rng.integers(0, 22, size=draws)]
            sizes = _storm_sizes(shape, rng, int(stormy.sum())).astype(np.int64)
            counts[stormy] += rng.binomial(sizes, overlap[stormy] / 3)
        out.append(float(np.mean(counts > limit)))
    return np.array(out)
