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

All are read with the demo team's shifts (09:00-21:00 and 21:00-09:00, Berlin).

    python bench/forecast.py [--seeds N] [--velocity alerts.csv] [--real PAGES.csv ...]

Prints Markdown for bench/RESULTS.md. Targets: Rota's deviance at most 1.05x the best
baseline's, and its Brier at least 10% below the Poisson tail at the mean per weekday and shift
(the baselines' Brier here is the Poisson tail at their mean).
"""

from __future__ import annotations

import argparse
import csv
import time
from datetime import datetime
from pathlib import Path

from analysis.forecast.evaluate import Backtest, backtest, calibration
from analysis.readers.pages import read_pages
from analysis.synthetic import HistoryShape, history_csv
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


def row(name: str, result: Backtest) -> str:
    table = result.table.set_index("method")
    rota = table.iloc[0]
    best = table.iloc[1:]["poisson_deviance"].min()
    cells = " | ".join(f"{r.poisson_deviance:.3f} / {r.brier_p_over_limit:.3f}"
                       for r in result.table.iloc[1:].itertuples(index=False))
    return (f"| {name} | {len(result.windows)} | {result.forecast.method} "
            f"| {rota['poisson_deviance']:.3f} / {rota['brier_p_over_limit']:.3f} | {cells} "
            f"| {rota['poisson_deviance'] / best:.2f} "
            f"| {rota['brier_p_over_limit'] / table.loc[SLOT, 'brier_p_over_limit']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--velocity", metavar="alerts.csv",
                        help="alerts.csv of github.com/alq666/velocity-ny-2013")
    parser.add_argument("--real", nargs="*", default=[], metavar="PAGES.csv")
    args = parser.parse_args()
    team = load_team(TEAM)
    histories = [(f"bursty seed {s} (210 days)", history_csv(bursty(s, team)).encode())
                 for s in range(1, args.seeds + 1)]
    histories += [(f"trend seed {s} (273 days)", history_csv(trending(s, team)).encode())
                  for s in range(1, args.seeds + 1)]
    histories += [("demo (data/demo/pages.csv)", DEMO_PAGES.read_bytes())]
    if args.velocity:
        histories += [("Velocity NY 2013 alert stream (real, 7 months)",
                       velocity_pages(args.velocity))]
    histories += [(Path(p).name, Path(p).read_bytes()) for p in args.real]
    print("| history | test windows | Rota uses | Rota deviance / Brier | overall mean | "
          f"{SLOT} | deviance / best baseline | Brier / Poisson tail at {SLOT} |")
    print("|---|---|---|---|---|---|---|---|")
    bursty_windows = []
    started = time.perf_counter()
    for name, data in histories:
        result = backtest(read_pages(data, team.timezone).incidents, team)
        print(row(name, result))
        if name.startswith("bursty"):
            bursty_windows.append(result.windows)
    print(f"\n{len(histories)} backtests in {time.perf_counter() - started:.1f} s")
    import pandas as pd

    table = calibration(pd.concat(bursty_windows, ignore_index=True))
    print("\nCalibration of Rota's p_over_limit (bursty histories' test windows, pooled):\n")
    print("| p_over_limit | windows | mean predicted | observed share over the limit |")
    print("|---|---|---|---|")
    for line in table.itertuples(index=False):
        print(f"| {line.p_over_limit} | {line.windows} | {line.mean_predicted:.3f} "
              f"| {line.observed_over:.3f} |")


if __name__ == "__main__":
    main()
