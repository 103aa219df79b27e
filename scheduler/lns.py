"""Deterministic large-neighbourhood search (LNS) over a CP-SAT model.

One CP-SAT thread improves a schedule slowly on these models, and CP-SAT's own parallel LNS
is not repeatable under a time limit. So Rota runs its own: start from a complete solution,
free a neighbourhood of assignment variables (a window of consecutive shifts, or all the
slots of a few members), fix every other assignment, and let a single-threaded CP-SAT
re-optimise the rest. A better objective is kept. Neighbourhoods come from a seeded random
generator and each sub-solve stops on CP-SAT's deterministic clock, so the whole search is a
pure function of the inputs, the seed and the budget.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

FREE_VARIABLES = 400  # target size of a neighbourhood, in assignment variables
SUBSOLVE_LIMIT = 0.25  # deterministic time per sub-solve
# Deterministic charge per round on top of CP-SAT's own count: copying and re-fixing the model
# costs wall time in proportion to its size (0.2 s a round at 100k variables here), which
# CP-SAT's clock does not see. Charging it keeps wall time in step with the budget.
ROUND_CHARGE = 0.01
CHARGE_PER_VARIABLE = 2.5e-6


@dataclass
class LnsResult:
    values: list[int]
    objective: float
    rounds: int
    improvements: int
    wall_capped: bool


def improve(
    model: cp_model.CpModel,
    assignment: dict[tuple[int, int], int],  # (slot, member) -> variable index
    shift_of_slot: list[int],
    values: list[int],
    objective: float,
    *,
    budget: float,
    seed: int,
    deadline: float,
    stop: threading.Event,
    on_improve: Callable[[float, int], None] | None = None,
    focus: Callable[..., list[int]] | None = None,
) -> LnsResult:
    """Improve `values` (a complete solution of `model`) within `budget` deterministic units.

    `focus(values)` may name shifts worth re-optimising (say, the holiday shifts of the most
    loaded member); every third round then centres its window on one of them."""
    rng = random.Random(seed)
    by_shift: dict[int, list[int]] = defaultdict(list)
    by_member: dict[int, list[int]] = defaultdict(list)
    for (slot, member), index in assignment.items():
        by_shift[shift_of_slot[slot]].append(index)
        by_member[member].append(index)
    shifts = sorted(by_shift)
    members = sorted(by_member)
    per_shift = max(1, len(assignment) // max(1, len(shifts)))
    window = max(2, FREE_VARIABLES // per_shift)
    team_size = max(2, min(4, len(members) // 3))
    charge = ROUND_CHARGE + CHARGE_PER_VARIABLE * len(values)
    used, rounds, improvements, capped = 0.0, 0, 0, False
    while used < budget and not stop.is_set():
        if time.monotonic() > deadline:
            capped = True
            break
        hot = focus(values) if focus is not None and rounds % 3 == 2 else []
        if hot:
            centre = shifts.index(hot[rng.randrange(len(hot))])
            first = max(0, centre - window // 2)
            free = {i for s in shifts[first:first + window] for i in by_shift[s]}
        elif rounds % 3 == 0 or len(members) <= team_size:
            first = rng.randrange(len(shifts))
            free = {i for s in shifts[first:first + window] for i in by_shift[s]}
        else:
            free = {i for m in rng.sample(members, team_size) for i in by_member[m]}
        sub = model.clone()
        proto = sub.proto
        for index in assignment.values():
            if index not in free:
                domain = proto.variables[index].domain
                domain[0] = domain[1] = values[index]
        proto.solution_hint.vars.clear()
        proto.solution_hint.values.clear()
        proto.solution_hint.vars.extend(range(len(values)))
        proto.solution_hint.values.extend(values)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed + rounds
        solver.parameters.max_deterministic_time = min(SUBSOLVE_LIMIT, max(0.05, budget - used))
        status = solver.solve(sub)
        used += solver.deterministic_time + charge
        rounds += 1
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < objective - 0.5:
            values = list(solver.response_proto.solution)
            objective = solver.objective_value
            improvements += 1
            if on_improve:
                on_improve(objective, improvements)
    return LnsResult(values, objective, rounds, improvements, capped)
