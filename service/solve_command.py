"""`rota solve TEAM.yaml --out schedule.csv`: solve, write the CSV, print the fairness table."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from scheduler.io import write_schedule
from scheduler.solve import Progress, Solver, fairness_table
from scheduler.team import load_team

from .busy_option import apply_busy
from .history_option import combined_table, history_preload, with_preload


def _progress_printer(quiet: bool) -> Callable[[Progress], None]:
    last = [0.0]

    def show(progress: Progress) -> None:
        # At most two lines a second, so long solves stay readable.
        if quiet or progress.elapsed - last[0] < 0.5:
            return
        last[0] = progress.elapsed
        print(f"  {progress.elapsed:6.1f} s  {progress.phase:<8} best objective "
              f"{progress.objective:,.0f}  bound {progress.bound:,.0f}", file=sys.stderr)

    return show


def solve_command(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    team = apply_busy(team, getattr(args, "busy", None), args.quiet)
    if args.time_limit <= 0:
        print(f"rota: --time-limit must be positive, got {args.time_limit:g}", file=sys.stderr)
        return 2
    started = time.monotonic()
    if not args.quiet:
        print(f"solving {team.name}: {len(team.members)} members, {team.start} to {team.end}, "
              f"time limit {args.time_limit:g} s", file=sys.stderr)
    preload, history_note = history_preload(team, getattr(args, "history", []))
    solver = Solver(team, time_limit=args.time_limit, seed=args.seed, allow_gaps=args.allow_gaps,
                    workers=args.workers, on_progress=_progress_printer(args.quiet))
    if getattr(args, "pages", None):
        # The forecast needs analysis (pandas, statsmodels): imported only when asked for.
        from .page_forecast import expected_pages, solve_with_pages

        schedule = solve_with_pages(solver, expected_pages(team, args.pages), preload)
    else:
        schedule = solver.solve(with_preload(team, preload))
    write_schedule(schedule, args.out)
    report = schedule.report
    assert report is not None
    rows = len(schedule.assignments)
    print(f"wrote {args.out}: {rows} rows, {report.uncovered} uncovered, status {report.status}, "
          f"{time.monotonic() - started:.1f} s")
    if preload is not None:
        print(history_note)
        print("history + plan (plan load + history excess over fair share):")
        print(combined_table(schedule, preload))
        print("plan alone:")
    print(fairness_table(report))
    if report.wall_capped:
        # The table says so too; stderr makes sure a script that keeps only stdout is told.
        print("rota: warning: a safety cap (CPU or wall clock) cut the search short; another "
              "run with the same inputs may give a different schedule", file=sys.stderr)
    return 0
