"""`rota solve --pages`: turn a paging history into the plain numbers the solver balances.

The scheduler never imports analysis; this service-layer step runs the forecast and hands the
solver expected pages per shift and per member zone as scheduler.page_loads.ExpectedPages."""

from __future__ import annotations

from analysis.forecast import forecast_shifts, sleep_pages
from scheduler.domain import Schedule, Team
from scheduler.page_loads import ExpectedPages, add_page_loads
from scheduler.problem import build_problem
from scheduler.shifts import expand
from scheduler.solve import Solver

from .forecast_command import learn


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
    `preload` is a history excess (scheduler.history), as `rota solve --history` gives."""
    problem = build_problem(solver.team)
    add_page_loads(problem, pages)
    if preload is not None:
        problem.preload = preload
    schedule = solver.solve(problem)
    schedule.expected_pages = {s.index: pages.of(s.index) for s in schedule.shifts}
    return schedule
