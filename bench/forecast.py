"""Score `rota forecast` on held-out history (issue 12): train on the first two thirds, score
the shift windows of the last third against the overall mean and the hour-of-week mean, on the
demo history and on generated histories with a trend and a weekly cycle; then a calibration
table of p_over_limit pooled over the generated histories' test windows.

    python bench/forecast.py [--seeds N]

Prints Markdown for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.forecast_eval import calibration, evaluate
from analysis.formats import read_pages
from analysis.synthetic import HistoryShape, history_csv
from scheduler.team import load_team

ROOT = Path(__file__).resolve().parent.parent
TEAM = ROOT / "data" / "demo" / "team.yaml"
DEMO_PAGES = ROOT / "data" / "demo" / "pages.csv"
# 39 weeks: 2% more pages a week, Friday busiest, quiet weekends, wild days and storms.
WEEKLY_CYCLE = (1.0, 1.2, 1.0, 1.3, 1.5, 0.5, 0.4)


def generated_shape(seed: int, zone: object) -> HistoryShape:
    return HistoryShape(datetime(2026, 1, 5, tzinfo=zone),  # type: ignore[arg-type]
                        days=273, per_day=3.0, weekday_factor=WEEKLY_CYCLE,
                        trend_per_week=1.02, day_shock_shape=3.0, storm_chance=0.1, seed=seed)


def _scores_table(rows: list[tuple[str, pd.DataFrame, int]]) -> str:
    lines = ["| history | test windows | method | mean Poisson deviance | mean log score |",
             "|---|---|---|---|---|"]
    for name, scores, windows in rows:
        for row in scores.itertuples(index=False):
            lines.append(f"| {name} | {windows} | {row.method} | {row.poisson_deviance:.3f} "
                         f"| {row.log_score:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    team = load_team(TEAM)
    demo = evaluate(read_pages(DEMO_PAGES, team.timezone).incidents, team)
    rows = [("demo (data/demo/pages.csv, 49 days)", demo.scores, demo.test_windows)]
    pooled = []
    per_method: list[pd.DataFrame] = []
    for seed in range(1, args.seeds + 1):
        text = history_csv(generated_shape(seed, team.timezone)).encode()
        result = evaluate(read_pages(text, team.timezone).incidents, team)
        rows.append((f"generated seed {seed} (273 days)", result.scores, result.test_windows))
        pooled.append(result.windows)
        per_method.append(result.scores)
    print(_scores_table(rows))
    medians = pd.concat(per_method).groupby("method", sort=False).median()
    print("\nMedians over the generated histories:\n")
    print("| method | mean Poisson deviance | mean log score |\n|---|---|---|")
    for method, row in medians.iterrows():
        print(f"| {method} | {row['poisson_deviance']:.3f} | {row['log_score']:.3f} |")
    table = calibration(pd.concat(pooled, ignore_index=True))
    print("\nCalibration of p_over_limit (generated histories' test windows, pooled):\n")
    print("| p_over_limit | windows | mean predicted | observed share over the limit |")
    print("|---|---|---|---|")
    for row in table.itertuples(index=False):
        print(f"| {row.p_over_limit} | {row.windows} | {row.mean_predicted:.3f} "
              f"| {row.observed_over:.3f} |")


if __name__ == "__main__":
    main()
