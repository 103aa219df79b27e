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
# Deterministic charge per round on top of CP-SAT's own count: loading the model costs each
# round wall time in proportion to its size, whatever the round frees (0.17 s at 115k
# variables here), which CP-SAT's clock does not see. Charging it keeps wall time in step
# with the budget.
ROUND_CHARGE = 0.01
CHARGE_PER_VARIABLE = 0.8e-6
# Which neighbourhood each round frees, in turn: W a window of consecutive shifts, M two (or,
# without pairs, a few) random members, H a window around a hot shift (`focus`), P a heavily
# and a lightly loaded member (`extremes`). Freeing a pair of members is cheap (CP-SAT proves
# the best swap between them in a few hundredths of a unit) and is what evens loads out on a
# small team; on a large one, random pairs and windows improved more often (on 40 people:
# 56% and 60% of rounds against 29% for the most and least loaded), so pairs get fewer turns.
# Measured with bench/solve.py over seeds 0-2: see bench/RESULTS.md.
PATTERN = "WMH"
PATTERN_WITH_PAIRS = "PWPPMP"
PATTERN_LARGE_TEAM = "PWM"
LARGE_TEAM = 20  # members


@dataclass
class LnsResult:
    values: list[int]
    objective: float
    rounds: int
    improvements: int
    wall_capped: bool
    used: float = 0.0  # deterministic units spent (less than the budget if patience ran out)


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
    extremes: Callable[..., list[tuple[int, int]]] | None = None,
    patience: int | None = None,
) -> LnsResult:
    """Improve `values` (a complete solution of `model`) within `budget` deterministic units.

    `focus(values)` may name shifts worth re-optimising (say, the holiday shifts of the most
    loaded member); its rounds (H in PATTERN) centre their window on one of them.
    `extremes(values)` ranks pairs of members to free together, widest gap first (say, the
    most and the least loaded of one load, so a round can move load from one to the other);
    its rounds (P) free the first pair not tried since the last improvement, or two random
    members once every pair was tried.
    `deadline` (time.monotonic) and `cpu_deadline` (time.process_time) are safety caps: if
    either passes before the deterministic budget is spent, the search stops there and says
    so (`wall_capped`); the result is then no longer a pure function of the inputs.
    With `patience`, the search also stops after that many rounds in a row without an
    improvement, leaving the rest of the budget unspent (`used` says how much was spent)."""
    rng = random.Random(seed)
    hoods = _Neighbourhoods(assignment, shift_of_slot, pairs=extremes is not None)
    pattern = PATTERN if extremes is None else (
        PATTERN_WITH_PAIRS if len(hoods.members) <= LARGE_TEAM else PATTERN_LARGE_TEAM)
    if focus is None:
        pattern = pattern.replace("H", "W")
    fixed = _FixedCopy(model, list(assignment.values()), values)
    charge = ROUND_CHARGE + CHARGE_PER_VARIABLE * len(values)
    used, rounds, improvements, capped, idle = 0.0, 0, 0, False, 0
    tried: set[tuple[int, int]] = set()  # pairs freed since the last improvement
    while used < budget and not stop.is_set() and (patience is None or idle < patience):
        if time.monotonic() > deadline or time.process_time() > cpu_deadline:
            capped = True
            break
        kind = pattern[rounds % len(pattern)]
        hot = focus(values) if focus is not None and kind == "H" else []
        pair = _untried_pair(extremes(values), tried) if extremes and kind == "P" else []
        if kind == "P" and not pair:
            kind = "M"  # every ranked pair was tried since the last improvement
        free = sorted(hoods.pick(kind, hot, pair, rng))
        fixed.release(free)
        solver = _subsolver(seed + rounds, min(SUBSOLVE_LIMIT, max(0.05, budget - used)))
        status = solver.solve(fixed.model)
        used += solver.deterministic_time + charge
        rounds += 1
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < objective - 0.5:
            values = list(solver.response_proto.solution)
            objective = solver.objective_value
            improvements += 1
            idle = -1
            tried.clear()
            fixed.hint(values)
            if on_improve:
                on_improve(objective, improvements)
        fixed.fix(free, values)
        idle += 1
    return LnsResult(values, objective, rounds, improvements, capped, used)


def _untried_pair(ranked: list[tuple[int, int]], tried: set[tuple[int, int]]) -> list[int]:
    """The first ranked pair not tried since the last improvement (marked tried), or []."""
    for hi_lo in ranked:
        if hi_lo not in tried:
            tried.add(hi_lo)
            return list(hi_lo)
    return []


def _subsolver(seed: int, limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = limit
    # A light presolve: with all but a neighbourhood fixed, one pass already shrinks the
    # model to the freed part, and a round took 0.17 s instead of 0.29 s on 40 people
    # (most of a round is CP-SAT reading the model; the search itself is a few ms).
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.max_presolve_iterations = 1
    return solver


class _Neighbourhoods:
    """Which assignment variables a round frees: a window of consecutive shifts, the slots of
    a few random members, a window around a hot shift, or the slots of a named pair."""

    def __init__(self, assignment: dict[tuple[int, int], int], shift_of_slot: list[int],
                 pairs: bool = False) -> None:
        self.by_shift: dict[int, list[int]] = defaultdict(list)
        self.by_member: dict[int, list[int]] = defaultdict(list)
        for (slot, member), index in assignment.items():
            self.by_shift[shift_of_slot[slot]].append(index)
            self.by_member[member].append(index)
        self.shifts = sorted(self.by_shift)
        self.members = sorted(self.by_member)
        per_shift = max(1, len(assignment) // max(1, len(self.shifts)))
        self.window = max(2, FREE_VARIABLES // per_shift)
        # Rounds of random members free two when pairs do the balancing, else up to four.
        self.team_size = 2 if pairs else max(2, min(4, len(self.members) // 3))

    def _window_from(self, first: int) -> set[int]:
        return {i for s in self.shifts[first:first + self.window] for i in self.by_shift[s]}

    def pick(self, kind: str, hot: list[int], pair: list[int], rng: random.Random) -> set[int]:
        """The variables a round of this kind frees."""
        if hot:
            centre = self.shifts.index(hot[rng.randrange(len(hot))])
            return self._window_from(max(0, centre - self.window // 2))
        if pair:
            return {i for m in pair for i in self.by_member[m]}
        if kind in "WH" or len(self.members) <= self.team_size:
            return self._window_from(rng.randrange(len(self.shifts)))
        return {i for m in rng.sample(self.members, self.team_size) for i in self.by_member[m]}


class _FixedCopy:
    """One copy of the model with every assignment variable fixed to the current solution.
    A round releases its neighbourhood and fixes it again afterwards, so a round costs in
    proportion to the neighbourhood, not to the model (copying and re-fixing the whole model
    took 0.18 s a round on the 40-person year). CP-SAT's presolve then drops the fixed part,
    which made a 400-variable neighbourhood solve to optimality in a third of the time."""

    def __init__(self, model: cp_model.CpModel, indices: list[int], values: list[int]) -> None:
        self.model = model.clone()
        self.domains = {i: tuple(self.model.proto.variables[i].domain) for i in indices}
        self.fix(indices, values)
        self.hint(values)

    def fix(self, indices: list[int], values: list[int]) -> None:
        variables = self.model.proto.variables
        for index in indices:
            domain = variables[index].domain
            domain.clear()
            domain.extend((values[index], values[index]))

    def release(self, indices: list[int]) -> None:
        variables = self.model.proto.variables
        for index in indices:
            domain = variables[index].domain
            domain.clear()
            domain.extend(self.domains[index])

    def hint(self, values: list[int]) -> None:
        hint = self.model.proto.solution_hint
        hint.vars.clear()
        hint.vars.extend(range(len(values)))
        hint.values.clear()
        hint.values.extend(values)
