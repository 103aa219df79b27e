"""Hard rule: no overlap and min_rest_hours (contract section 1). Between the end of one of a
person's shifts and the start of their next lie at least min_rest_hours, any role, shadow rows
included (section 7); two shifts never overlap. Kept history (a re-plan's frozen shifts) may
break a rule that has since tightened, but binds every pair with a shift still to plan."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from scheduler.domain import Schedule
from scheduler.solver.rules.rows import blocks, by_person, label

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "no overlap + min rest"


def build(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver.builders import no_overlap_and_min_rest

    no_overlap_and_min_rest(mv.model, mv.problem, mv.works, mv.problem.frozen)
    return []


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    rest = timedelta(hours=team.rules.min_rest_hours)
    found: list[str] = []
    for person, rows in by_person(schedule).items():
        for (_, e1), (s2, _) in pairwise(blocks(rows)):
            if s2 < e1:
                found.append(f"{person} holds overlapping shifts at {label(team, s2)}")
            elif s2 - e1 < rest:
                found.append(f"{person} rests {(s2 - e1) / timedelta(hours=1):g} h before "
                             f"{label(team, s2)} (min_rest_hours {team.rules.min_rest_hours:g})")
    return found
