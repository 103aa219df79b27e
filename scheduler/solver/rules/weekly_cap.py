"""Hard rule: max_shifts_per_week (contract section 1): at most that many shift starts in the
7 team-zone days from the start of any of a person's shifts (shadow rows do not count). A week
of kept history over a cap that has since tightened may stay so, but gets no new shift."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from scheduler.domain import Schedule
from scheduler.solver.rules.rows import blocks, by_person, label

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "max shifts per week"


def build(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver.builders import max_shifts_per_week

    max_shifts_per_week(mv.model, mv.problem, mv.works, mv.problem.frozen)
    return []


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    cap = team.rules.max_shifts_per_week
    if cap is None:
        return []
    found: list[str] = []
    for person, rows in by_person(schedule).items():
        starts = [s for s, _ in blocks(rows, shadows=False)]
        for i, s in enumerate(starts):
            # Same wall clock 7 days later: 167 or 169 hours across a DST change.
            local = s.astimezone(team.timezone).replace(tzinfo=None) + timedelta(days=7)
            week_end = local.replace(tzinfo=team.timezone).astimezone(UTC)
            inside = [t for t in starts[i:] if t < week_end]
            if len(inside) > cap:
                found.append(f"{person} starts {len(inside)} shifts in the 7 days from "
                             f"{label(team, s)} (max_shifts_per_week {cap})")
    return found
