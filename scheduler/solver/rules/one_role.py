"""Hard rule: one role per shift (contract section 1). Nobody holds two rows of one shift at
once: two roles, or a role and the shadow row. The builder makes works[(shift, member)], which
the rest, weekly-cap and shadow rules read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.domain import Schedule
from scheduler.solver.rules.rows import by_shift, label

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "one role per shift"


def build(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver.builders import one_role_per_shift

    mv.works = one_role_per_shift(mv.model, mv.problem, mv.x, mv.book)
    return []


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    found: list[str] = []
    for rows in by_shift(schedule).values():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if (a.person is not None and a.person == b.person and a.role != b.role
                        and a.start < b.end and b.start < a.end):
                    found.append(f"{label(team, a.shift.start)} {a.shift.template}: {a.person} "
                                 f"holds two roles ({a.role} and {b.role}) at once")
    return found
