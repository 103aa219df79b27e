"""`rota solve --pages` on the demo team and history (issue 12): each person's expected pages
against their pro-rata fair share (the report's target; 1.00 = exactly fair), with and without
--pages, and each load's achieved figure against its bound.

    python bench/pages.py [--time-limit S]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scheduler.domain import Schedule
from scheduler.solver.solve import Solver
from scheduler.teamfile.parse import load_team
from service.page_forecast import expected_pages, solve_with_pages

ROOT = Path(__file__).resolve().parent.parent


def pages_per_person(schedule: Schedule, per_shift: dict[int, float]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for a in schedule.assignments:
        if a.role == "primary" and a.person:
            totals[a.person] = totals.get(a.person, 0.0) + per_shift.get(a.shift.index, 0.0)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args()
    team = load_team(ROOT / "data" / "demo" / "team.yaml")
    pages = expected_pages(team, str(ROOT / "data" / "demo" / "pages.csv"))
    per_shift = dict(pages.per_shift)
    plain = Solver(team, time_limit=args.time_limit, seed=1).solve()
    paged = solve_with_pages(Solver(team, time_limit=args.time_limit, seed=1), pages)
    assert paged.report is not None and plain.report is not None
    factors = {line.quantity: line for line in paged.report.fairness}
    targets = {p: t["pages"] for p, t in paged.report.targets.items() if t["pages"] > 0}
    print("| solve | expected pages / fair share, min - max | range |\n|---|---|---|")
    for name, schedule in (("without --pages", plain), ("with --pages", paged)):
        totals = pages_per_person(schedule, per_shift)
        ratios = [totals.get(p, 0.0) / t for p, t in targets.items()]
        print(f"| {name} | {min(ratios):.2f} - {max(ratios):.2f} "
              f"| {max(ratios) - min(ratios):.2f} |")
    print("\n| load | without --pages: achieved / bound | with --pages: achieved / bound |")
    print("|---|---|---|")
    before = {line.quantity: line for line in plain.report.fairness}
    for name, line in factors.items():
        old = before.get(name)
        shown = f"{old.achieved:.2f} / {old.bound:.2f}" if old else "-"
        print(f"| {name} | {shown} | {line.achieved:.2f} / {line.bound:.2f} |")


if __name__ == "__main__":
    main()
