"""Hard rule: coverage (contract section 1). Every shift has exactly one holder per role at
every instant. With gaps allowed a gap literal may stand in (the "uncovered" soft rule prices
it). Rows of kept history (a re-plan's `problem.frozen` shifts) stay as they were: a kept row
is held by its one possible holder, or stays empty without a gap literal."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from scheduler.domain import SHADOW, Schedule
from scheduler.solver.report.infeasible import explain_uncoverable
from scheduler.solver.rules.rows import by_shift, label

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

NAME = "coverage"


def build(mv: ModelVars) -> list[Penalty]:
    model, problem = mv.model, mv.problem
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (slot_index, _), var in mv.x.items():
        by_slot[slot_index].append(var)
    for slot_index, slot in enumerate(problem.slots):
        holders = by_slot.get(slot_index, [])
        if slot.shift.index in problem.frozen:
            if holders:
                model.add_exactly_one(holders)
            continue
        if mv.spec.allow_gaps:
            gap = model.new_bool_var(f"gap[{slot_index}]")
            model.add_exactly_one([*holders, gap])
            mv.gaps.append((gap, 1))
            mv.gap_slots.append(slot_index)
            mv.book.add(gap, lambda st, i=slot_index: int(st.holders[i] is None))
        else:
            model.add_exactly_one(holders)
    return []


def check(schedule: Schedule) -> list[str]:
    team = schedule.team
    found: list[str] = []
    for rows in by_shift(schedule).values():
        shift = rows[0].shift
        when = f"{label(team, shift.start)} {shift.template}"
        for role in team.roles:
            pieces = sorted((a for a in rows if a.role == role), key=lambda a: a.start)
            at = shift.start
            for a in pieces:
                if a.start != at:
                    break
                at = a.end
            if at != shift.end or not pieces:
                found.append(f"{when}/{role}: the rows do not tile the shift exactly once")
            found += [f"{when}/{role}: uncovered" for a in pieces if a.person is None]
        found += [f"{when}/{a.role}: not a role of the team" for a in rows
                  if a.role != SHADOW and a.role not in team.roles]
    return found


explain = explain_uncoverable
