"""Backtest `rota forecast` (issue 25) the way `rota forecast --backtest` does: the history's
last third forecast from its first two thirds, scored per shift window (mean Poisson deviance,
Brier score of p_over_limit) for Rota and the two baselines, on

- bursty generated histories (seeded): wild days, a weekly cycle, and heavy-tailed storms;
- generated histories with a trend and a weekly cycle (the issue 12 shape);
- the demo history (data/demo/pages.csv with data/demo/team.yaml);
- a real, bursty public stream: alerts.csv of github.com/alq666/velocity-ny-2013 (commit
  2ca3185, "the anonymized version of a production alert stream" behind the Velocity NY 2013
  talk "Alerting: more signal, less noise, less pain"; PagerDuty, March to October 2013,
  times to the hour, read as UTC). Its `error` and `warning` rows are the pages (2,072); the
  `success` rows are recoveries. The repository states no licence, so the file is not copied
  here: pass its path with --velocity;
- any other stream given with --real PAGES.csv (any format `rota analyze` reads).

All are read with the demo team's shifts (09:00-21:00 and 21:00-09:00, Berlin), or those of
the team file given with --team.

    python bench/forecast.py [--seeds N] [--many M] [--team TEAM.yaml]
                             [--velocity alerts.csv] [--real PAGES.csv ...]

Prints Markdown for bench/RESULTS.md. Targets: Rota's deviance at most 1.05x the best
baseline's, and its Brier at least 10% below the Poisson tail at the mean per weekday and shift
(the baselines' Brier here is the Poisson tail at their mean).

Two yardsticks say how reachable those targets are on a given last third:
- for generated histories, the generator's own forecast (analysis.synthetic.expected_counts
  and over_chances): what a forecaster that knew the exact process would say, the best any
  forecast can do on average; where it misses a target, the last third's noise decides;
- for every history, the Brier score of one constant chance, the last third's own share of
  windows over the limit: the best a forecast that does not tell windows apart can score.
--many M backtests bursty seeds 1..M (two processes) and counts, per target, the seeds where
Rota meets it and the seeds where the generator's own forecast does.
"""

from __future__ import annotations

import argparse
import csv
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.forecast.blend import poisson_deviance
from analysis.forecast.choice import brier
from analysis.forecast.evaluate import Backtest, backtest, calibration
from analysis.readers.pages import read_pages
from analysis.synthetic import HistoryShape, expected_counts, history_csv, over_chances
from scheduler.domain import Team
from scheduler.teamfile.parse import load_team

ROOT = Path(__file__).resolve().parent.parent
TEAM = ROOT / "data" / "demo" / "team.yaml"
DEMO_PAGES = ROOT / "data" / "demo" / "pages.csv"
WEEKLY_CYCLE = (1.0, 1.2, 1.0, 1.3, 1.5, 0.5, 0.4)
SLOT = "mean per weekday and shift"


def bursty(seed: int, team: Team) -> HistoryShape:
    """Seven months: wild days (gamma shape 1), a storm every five days, Pareto(1.1) sizes."""
    return HistoryShape(datetime(2026, 1, 5, tzinfo=team.timezone), days=210, per_day=3.0,
                        weekday_factor=WEEKLY_CYCLE, day_shock_shape=1.0, storm_chance=0.2,
                        storm_tail=1.1, seed=seed)


def trending(seed: int, team: Team) -> HistoryShape:
    """39 weeks: 2% more pages a week, Friday busiest, quiet weekends, storms of 3 to 6."""
    return HistoryShape(datetime(2026, 1, 5, tzinfo=team.timezone), days=273, per_day=3.0,
                        weekday_factor=WEEKLY_CYCLE, trend_per_week=1.02, day_shock_shape=3.0,
                        storm_chance=0.1, seed=seed)


def velocity_pages(path: str) -> bytes:
    """The Velocity NY 2013 alert stream as the generic CSV: its pages, times in UTC."""
    lines = ["id,created_at,responder"]
    with open(path, encoding="utf-8") as source:
        for record in csv.DictReader(source):
            if record["typ"] in ("error", "warning"):
                lines.append(f"{record['pd_id']},{record['ts'].replace(' ', 'T')}+00:00,oncall")
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Scores:
    """One history's last third: Rota's and the yardsticks' scores, as ratios to the targets'
    references (the best baseline's deviance; the Poisson tail at the per-slot mean's Brier)."""

    rota_deviance: float
    rota_brier: float
    ideal_deviance: float | None  # the generator's own forecast; None for recorded histories
    ideal_brier: float | None
    constant_brier: float  # one constant chance: the last third's own share over the limit


DEVIANCE_TARGET = 1.05
BRIER_TARGET = 0.90


def scores(result: Backtest, shape: HistoryShape | None, limit: int) -> Scores:
    table = result.table.set_index("method")
    best = float(table.iloc[1:]["poisson_deviance"].min())
    tail = float(table.loc[SLOT, "brier_p_over_limit"])
    windows = result.windows
    counts = windows["incidents"].to_numpy(dtype=float)
    share = float(np.mean(counts > limit)) if len(counts) else 0.0
    ideal_deviance = ideal_brier = None
    if shape is not None:
        starts = [t.to_pydatetime() for t in windows["window_start"]]
        ends = [t.to_pydatetime() for t in windows["window_end"]]
        ideal_deviance = float(poisson_deviance(counts, expected_counts(shape, starts, ends))
                               .mean()) / best
        ideal_brier = brier(over_chances(shape, starts, ends, limit, seed=shape.seed), counts,
                            limit) / tail
    return Scores(float(table.iloc[0]["poisson_deviance"]) / best,
                  float(table.iloc[0]["brier_p_over_limit"]) / tail, ideal_deviance, ideal_brier,
                  brier(np.full(len(counts), share), counts, limit) / tail)


def row(name: str, result: Backtest, score: Scores) -> str:
    rota = result.table.iloc[0]
    cells = " | ".join(f"{r.poisson_deviance:.3f} / {r.brier_p_over_limit:.3f}"
                       for r in result.table.iloc[1:].itertuples(index=False))
    ideal = ("-" if score.ideal_deviance is None else
             f"{score.ideal_deviance:.2f} / {score.ideal_brier:.2f}")
    return (f"| {name} | {len(result.windows)} | {result.forecast.method} "
            f"| {rota['poisson_deviance']:.3f} / {rota['brier_p_over_limit']:.3f} | {cells} "
            f"| {score.rota_deviance:.2f} | {score.rota_brier:.2f} | {ideal} "
            f"| {score.constant_brier:.2f} |")


def bursty_scores(seed: int, team_path: str) -> Scores:
    team = load_team(team_path)
    shape = bursty(seed, team)
    result = backtest(read_pages(history_csv(shape).encode(), team.timezone).incidents, team)
    return scores(result, shape, team.rules.max_incidents_per_shift)


def many(seeds: int, team_path: Path) -> None:
    """Per target, how many bursty seeds 1..`seeds` Rota meets, and the generator's own
    forecast; which seeds Rota misses where that forecast meets the target."""
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(bursty_scores, range(1, seeds + 1), [str(team_path)] * seeds))
    print(f"\nBursty seeds 1-{seeds}: seeds meeting each target, Rota and the generator's own "
          "forecast (the ideal)\n")
    print("| target | Rota meets | ideal meets | Rota misses where the ideal meets "
          "| Rota: median, max | ideal: median, max |")
    print("|---|---|---|---|---|---|")
    for label, ours, ideal, target in (
            (f"deviance at most {DEVIANCE_TARGET}x the best baseline", "rota_deviance",
             "ideal_deviance", DEVIANCE_TARGET),
            (f"Brier at most {BRIER_TARGET}x the Poisson tail at the per-slot mean",
             "rota_brier", "ideal_brier", BRIER_TARGET)):
        r = np.array([getattr(x, ours) for x in results])
        i = np.array([getattr(x, ideal) for x in results])
        lost = [str(k + 1) for k in np.flatnonzero((r > target) & (i <= target))]
        print(f"| {label} | {int((r <= target).sum())} | {int((i <= target).sum())} "
              f"| {len(lost)}: {', '.join(lost) or '-'} | {np.median(r):.2f}, {r.max():.2f} "
              f"| {np.median(i):.2f}, {i.max():.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5, help="bursty and trend seeds 1..N")
    parser.add_argument("--many", type=int, default=0, metavar="M",
                        help="also count the targets met on bursty seeds 1..M")
    parser.add_argument("--team", type=Path, default=TEAM, help="whose shift windows score")
    parser.add_argument("--velocity", metavar="alerts.csv",
                        help="alerts.csv of github.com/alq666/velocity-ny-2013")
    parser.add_argument("--real", nargs="*", default=[], metavar="PAGES.csv")
    args = parser.parse_args()
    team = load_team(args.team)
    limit = team.rules.max_incidents_per_shift
    shapes = [(f"bursty seed {s} (210 days)", bursty(s, team)) for s in range(1, args.seeds + 1)]
    shapes += [(f"trend seed {s} (273 days)", trending(s, team))
               for s in range(1, args.seeds + 1)]
    histories: list[tuple[str, bytes, HistoryShape | None]] = [
        (name, history_csv(shape).encode(), shape) for name, shape in shapes]
    histories += [("demo (data/demo/pages.csv)", DEMO_PAGES.read_bytes(), None)]
    if args.velocity:
        histories += [("Velocity NY 2013 alert stream (real, 7 months)",
                       velocity_pages(args.velocity), None)]
    histories += [(Path(p).name, Path(p).read_bytes(), None) for p in args.real]
    print(f"Scored on the shift windows of {args.team.name} ({team.timezone.key}).\n")
    print("| history | test windows | Rota uses | Rota deviance / Brier | overall mean | "
          f"{SLOT} | deviance / best baseline | Brier / Poisson tail at {SLOT} "
          "| ideal: the same two ratios | Brier of one constant chance / that tail |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    bursty_windows = []
    started = time.perf_counter()
    for name, data, shape in histories:
        result = backtest(read_pages(data, team.timezone).incidents, team)
        print(row(name, result, scores(result, shape, limit)))
        if name.startswith("bursty"):
            bursty_windows.append(result.windows)
    print(f"\n{len(histories)} backtests in {time.perf_counter() - started:.1f} s")
    if bursty_windows:
        table = calibration(pd.concat(bursty_windows, ignore_index=True))
        print("\nCalibration of Rota's p_over_limit (bursty histories' test windows, pooled):\n")
        print("| p_over_limit | windows | mean predicted | observed share over the limit |")
        print("|---|---|---|---|")
        for line in table.itertuples(index=False):
            print(f"| {line.p_over_limit} | {line.windows} | {line.mean_predicted:.3f} "
                  f"| {line.observed_over:.3f} |")
    if args.many:
        many(args.many, args.team)


if __name__ == "__main__":
    main()
