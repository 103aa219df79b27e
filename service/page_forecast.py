"""`rota solve --pages`: turn a paging history into the plain numbers the solver balances.

The scheduler never imports analysis; this service-layer step runs the forecast and hands the
solver expected pages per shift and per member zone as scheduler.problem.page_loads.ExpectedPages."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pandas as pd

from analysis import (
    Forecast,
    PagesFileError,
    fit_forecast,
    forecast_shifts,
    read_pages,
    sleep_pages,
)
from scheduler import ExpectedPages, Schedule, Team, add_page_loads, build_problem, expand

if TYPE_CHECKING:  # the solver pulls in OR-Tools; `rota forecast` learns without it
    from scheduler import Solver


def learn(pages_path: str, team: Team) -> Forecast:
    """Read the history (rejected rows reported on stderr) and fit the forecast."""
    return fit_forecast(history(pages_path, team), team)


def history(pages_path: str, team: Team) -> pd.DataFrame:
    """The readable incidents of a paging history; rejected rows reported on stderr."""
    pages = read_pages(pages_path, team.timezone)
    if pages.incidents.empty:
        raise PagesFileError(pages_path, None, "", "no readable incident to learn from "
                             f"({len(pages.rejected)} rejected row(s))")
    if len(pages.rejected):
        first = pages.rejected.iloc[0]
        print(f"rota: {pages_path}: {len(pages.rejected)} row(s) rejected, first at line "
              f"{first['line']}: {first['reason']}", file=sys.stderr)
    return pages.incidents


def expected_pages(team: Team, pages_path: str) -> ExpectedPages:
    model = learn(pages_path, team)
    shifts = expand(team)
    frame = forecast_shifts(model, team, shifts)
    zones = [m.timezone for m in team.members]
    sleep = sleep_pages(model, shifts, zones)
    return ExpectedPages(
        per_shift={int(i): float(v) for i, v in zip(frame["index"], frame["expected_pages"],
                                                     strict=True)},
        sleep={zone: dict(enumerate(values)) for zone, values in sleep.items()},
    )


def solve_with_pages(solver: Solver, pages: ExpectedPages,
                     preload: dict[str, list[int]] | None = None) -> Schedule:
    """Solve with the two page loads added; the schedule carries `expected_pages`.
    `preload` is a history excess (scheduler.problem.history), as `rota solve --history` gives."""
    problem = build_problem(solver.team)
    add_page_loads(problem, pages)
    if preload is not None:
        problem.preload = preload
    schedule = solver.solve(problem)
    schedule.expected_pages = {s.index: pages.of(s.index) for s in schedule.shifts}
    return schedule
