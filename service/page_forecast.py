"""`rota solve --pages`: turn a paging history into the plain numbers the solver balances.

The scheduler never imports analysis; this service-layer step runs the forecast and hands the
solver expected pages per shift and per member zone as scheduler.page_loads.ExpectedPages."""

from __future__ import annotations

from analysis.forecast import forecast_shifts, sleep_pages
from scheduler.domain import Team
from scheduler.page_loads import ExpectedPages
from scheduler.shifts import expand

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
