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
    cpu_deadline: float = float("inf"),
    on_improve: Callable[[float, int], None] | None = None,
    focus: Callable[..., list[int]] | None = None,
    extremes: Callable[..., list[int]] | None = None,
) -> LnsResult:
    """Improve `values` (a complete solution of `model`) within `budget` deterministic units.

    `focus(values)` may name shifts worth re-optimising (say, the holiday shifts of the most
    loaded member); every third round (fourth, with `extremes`) then centres its window on
    one of them. `extremes(values)` may name members to free together (say, the most and the
    least loaded of one load, so a round can move load from one to the other); every fourth
    round then frees all their slots, with one more member drawn at random.
    `deadline` (time.monotonic) and `cpu_deadline` (time.process_time) are safety caps: if
    either passes before the deterministic budget is spent, the search stops there and says
    so (`wall_capped`); the result is then no longer a pure function of the inputs."""
    rng = random.Random(seed)
    hoods = _Neighbourhoods(assignment, shift_of_slot)
    period = 4 if extremes is not None else 3  # kinds of round: window, members, hot, pair
    charge = ROUND_CHARGE + CHARGE_PER_VARIABLE * len(values)
    used, rounds, improvements, capped = 0.0, 0, 0, False
    while used < budget and not stop.is_set():
        if time.monotonic() > deadline or time.process_time() > cpu_deadline:
            capped = True
            break
        hot = focus(values) if focus is not None and rounds % period == 2 else []
        pair = extremes(values) if extremes is not None and rounds % period == 3 else []
        free = hoods.pick(rounds % period, hot, pair, rng)
        sub = _fix_outside(model, assignment, values, free)
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


class _Neighbourhoods:
    """Which assignment variables a round frees: a window of consecutive shifts, the slots of
    a few random members, a window around a hot shift, or the slots of a named pair."""

    def __init__(self, assignment: dict[tuple[int, int], int], shift_of_slot: list[int]) -> None:
        self.by_shift: dict[int, list[int]] = defaultdict(list)
        self.by_member: dict[int, list[int]] = defaultdict(list)
        for (slot, member), index in assignment.items():
            self.by_shift[shift_of_slot[slot]].append(index)
            self.by_member[member].append(index)
        self.shifts = sorted(self.by_shift)
        self.members = sorted(self.by_member)
        per_shift = max(1, len(assignment) // max(1, len(self.shifts)))
        self.window = max(2, FREE_VARIABLES // per_shift)
        self.team_size = max(2, min(4, len(self.members) // 3))

    def _window_from(self, first: int) -> set[int]:
        return {i for s in self.shifts[first:first + self.window] for i in self.by_shift[s]}

    def pick(self, kind: int, hot: list[int], pair: list[int], rng: random.Random) -> set[int]:
        if hot:
            centre = self.shifts.index(hot[rng.randrange(len(hot))])
            return self._window_from(max(0, centre - self.window // 2))
        if pair:
            others = [m for m in self.members if m not in pair]
            chosen = pair + (rng.sample(others, 1) if others else [])
            return {i for m in chosen for i in self.by_member[m]}
        if kind == 0 or len(self.members) <= self.team_size:
            return self._window_from(rng.randrange(len(self.shifts)))
        return {i for m in rng.sample(self.members, self.team_size) for i in self.by_member[m]}


def _fix_outside(model: cp_model.CpModel, assignment: dict[tuple[int, int], int],
                 values: list[int], free: set[int]) -> cp_model.CpModel:
    """A copy of the model with every assignment variable outside `free` fixed to its value,
    and the whole current solution as the hint."""
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
    return sub
