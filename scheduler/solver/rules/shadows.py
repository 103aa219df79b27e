"""Hard rule: shadows (contract section 7). A trainee (`shadow_shifts: N`) holds exactly N rows
of role `shadow`, at most one per shift, each next to a primary without shadow_shifts, with
their own time off, site, overlap and min rest. In a re-plan, kept shadow rows (before
`--from`) stay as they were and count toward N. --allow-gaps cannot leave a shadow out."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scheduler.domain import SHADOW, Schedule
from scheduler.problem.slots import Problem
from scheduler.solver.rules.rows import by_shift, label

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "shadows"


def build(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver.shadow_model import shadows

    mv.shadow = shadows(mv.model, mv.problem, mv.x, mv.works, mv.book).shadow
    return []


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    members = {m.id: m for m in team.members}
    found: list[str] = []
    for rows in by_shift(schedule).values():
        shadows = [a for a in rows if a.role == SHADOW]
        when = f"{label(team, rows[0].shift.start)} {rows[0].shift.template}"
        if len({a.person for a in shadows}) > 1:
            found.append(f"{when}: more than one shadow")
        for a in shadows:
            teachers = [p.person for p in rows if p.role == "primary"
                        and p.start < a.end and a.start < p.end]
            if not teachers or any(t is None or t not in members or members[t].shadow_shifts
                                   for t in teachers):
                found.append(f"{when}: {a.person} shadows a primary who is a trainee or nobody "
                             f"({', '.join(str(t) for t in teachers) or 'none'})")
    held = Counter(a.person for a in schedule.assignments if a.role == SHADOW)
    found += [f"{m.id} shadows {held[m.id]} shifts, not shadow_shifts={m.shadow_shifts}"
              for m in team.members if held[m.id] != m.shadow_shifts]
    return found


def explain(problem: Problem) -> list[str]:
    """A trainee with fewer free shifts next to a non-trainee primary than shadow_shifts."""
    from scheduler.solver.shadow_model import (
        explain_shadows,  # OR-Tools: not for `rota cover`'s checks
    )

    return explain_shadows(problem)
