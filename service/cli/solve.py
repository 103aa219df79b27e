"""`rota solve TEAM.yaml --out schedule.csv`: solve, write the CSV, print the fairness table."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from scheduler import Progress, Solver, fairness_table, load_team, write_schedule
from service.cli.options.busy import add_busy_option, apply_busy
from service.cli.options.history import (
    add_history_option,
    combined_table,
    history_preload,
    with_preload,
)
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    solve = add_command(sub, "solve")
    solve.add_argument("team", metavar="TEAM.yaml")
    solve.add_argument("--out", required=True, metavar="schedule.csv")
    solve.add_argument("--time-limit", type=float, default=30.0, metavar="S",
                       help="solver time budget in seconds (default 30)")
    solve.add_argument("--seed", type=int, default=0, metavar="N", help="solver random seed")
    solve.add_argument("--allow-gaps", action="store_true",
                       help="if full coverage is impossible, leave the fewest rows uncovered")
    solve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="search threads (default 1, repeatable); more search faster but a "
                            "time-limited run may then not repeat")
    solve.add_argument("--quiet", action="store_true", help="no progress lines")
    solve.add_argument("--pages", metavar="PAGES.csv",
                       help="paging history: also balance expected pages and sleep-hour pages")
    add_history_option(solve)
    add_busy_option(solve)


def _progress_printer(quiet: bool) -> Callable[[Progress], None]:
    last = [0.0]

    def show(progress: Progress) -> None:
        # At most two lines a second, so long solves stay readable.
        if quiet or progress.elapsed - last[0] < 0.5:
            return
        last[0] = progress.elapsed
        # Early on CP-SAT's bound can sit below zero, which no schedule's penalties reach:
        # a number that says nothing, so the line says so instead.
        bound = (f"bound {progress.bound:,.0f}" if progress.bound >= 0
                 else "bound not proven yet")
        print(f"  {progress.elapsed:6.1f} s  {progress.phase:<8} best objective "
              f"{progress.objective:,.0f}  {bound}", file=sys.stderr)

    return show


def run(args: argparse.Namespace) -> int:
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
        # The forecast needs analysis (pandas, SciPy): imported only when asked for.
        from service.page_forecast import expected_pages, solve_with_pages

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
