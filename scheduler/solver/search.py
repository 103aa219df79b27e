"""Search one built model: CP-SAT turns the complete hint into a first solution, then Rota's
deterministic LNS (lns.py) improves it. With workers > 1, CP-SAT's parallel portfolio does all
the search instead (faster, not repeatable).

Budgets are in CP-SAT's deterministic time, so the same inputs give the same schedule however
busy the machine is; the wall-clock limits are safety caps only, and `SearchResult.wall_capped`
says when one of them cut the search short.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.problem.loads import Quantity, per_unit
from scheduler.problem.metrics import weighted_loads
from scheduler.problem.slots import Problem
from scheduler.solver import lns
from scheduler.solver.balance import extreme_pairs, shift_worth
from scheduler.solver.builders import X
from scheduler.solver.model import ModelVars

DETERMINISTIC_PER_SECOND = 0.5
LNS_SHARE = 0.9  # of each phase's budget; the rest is for CP-SAT to load the hint
# The safety caps, as multiples of the time limit. CPU seconds of this process track the
# deterministic clock on a machine of this speed, busy or not, so the CPU cap only binds on a
# much slower CPU; the wall-clock cap allows for a machine shared with other work (a 10 s
# solve took 25-100 s of wall time here with eight other jobs on two cores).
CPU_CAP_FACTOR = 2.0
WALL_CAP_FACTOR = 10.0


@dataclass(frozen=True)
class Deadline:
    """When a phase must stop even if its deterministic budget is not spent."""

    wall: float  # time.monotonic()
    cpu: float  # time.process_time()

    @classmethod
    def after(cls, wall_start: float, cpu_start: float, seconds: float) -> Deadline:
        return cls(wall_start + WALL_CAP_FACTOR * seconds, cpu_start + CPU_CAP_FACTOR * seconds)


@dataclass(frozen=True)
class Progress:
    elapsed: float
    objective: float
    bound: float
    solutions: int
    phase: str


ProgressFn = Callable[[Progress], None]


@dataclass
class SearchResult:
    """What one phase found: the full variable vector of its best solution, if any."""

    status: cp_model.CpSolverStatus
    values: list[int] | None
    objective: float | None
    bound: float | None
    first_at: float | None
    wall_capped: bool = False
    unspent: float = 0.0  # seconds of the phase's budget left when the LNS ran out of patience

    @property
    def found(self) -> bool:
        return self.values is not None

    def holders(self, x: X, slots: int) -> list[int | None]:
        assert self.values is not None
        return holders_from(self.values, x, slots)


def holders_from(values: list[int], x: X, slots: int) -> list[int | None]:
    """The member index holding each slot in a full CP-SAT variable vector (None = gap)."""
    out: list[int | None] = [None] * slots
    for (slot_index, m), var in x.items():
        if values[var.index]:
            out[slot_index] = m
    return out


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: ProgressFn | None, phase: str, started: float) -> None:
        super().__init__()
        self.on_progress, self.phase, self.started = on_progress, phase, started
        self.first_at: float | None = None
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        now = time.monotonic() - self.started
        if self.first_at is None:
            self.first_at = now
        if self.on_progress:
            self.on_progress(Progress(now, self.objective_value, self.best_objective_bound,
                                      self.solutions, self.phase))


@dataclass
class Run:
    """One CP-SAT call and whether the wall-clock safety cap ended it."""

    solver: cp_model.CpSolver
    status: cp_model.CpSolverStatus
    watcher: _Watcher
    wall_capped: bool


class Search:
    """Search settings shared by every phase of one solve. `stop()` may be called from
    another thread: the best solution found so far is kept."""

    def __init__(self, *, seed: int, workers: int, on_progress: ProgressFn | None,
                 started: float) -> None:
        self.seed, self.workers, self.on_progress, self.started = seed, workers, on_progress, started
        self.stopped = threading.Event()
        self._current: cp_model.CpSolver | None = None

    def stop(self) -> None:
        self.stopped.set()
        if self._current is not None:
            self._current.stop_search()

    def run(self, model: cp_model.CpModel, budget: float, phase: str,
            first_only: bool = False) -> Run:
        solver = cp_model.CpSolver()
        params = solver.parameters
        # Repeatable by design: one search thread and a limit in CP-SAT's deterministic time,
        # so the same inputs, seed and --time-limit give the same schedule however busy the
        # machine is. (Eight subsolvers interleaved in one thread did no better here, and in
        # OR-Tools 9.15 that mode aborts the process on some small models: "Check failed:
        # heuristics.fixed_search != nullptr".) One deterministic unit took 0.85-2.1
        # wall seconds on these models here, so the phase gets DETERMINISTIC_PER_SECOND units
        # per second of budget; the wall-clock limit only binds on a much slower machine.
        params.num_workers = 1
        params.max_deterministic_time = max(0.2, DETERMINISTIC_PER_SECOND * budget)
        params.max_time_in_seconds = 3 * budget + 1  # safety net only; see above
        if self.workers == 1:
            params.max_time_in_seconds *= WALL_CAP_FACTOR
        # Before Rota's own LNS, CP-SAT only has to turn the complete hint into a solution.
        params.stop_after_first_solution = first_only
        if self.workers > 1:
            # Opt-in parallel portfolio: more search per second, but threads share solutions
            # by wall-clock timing, so a time-limited run may not repeat.
            params.num_workers = self.workers
            params.clear_max_deterministic_time()
        params.random_seed = self.seed
        params.log_search_progress = False
        # Presolve off: on these assignment models it found nothing to simplify (12-17 s on
        # the 40-person year), and with it on the search did not start from the complete,
        # feasible hint, so often no solution came back at all.
        params.cp_model_probing_level = 0
        params.cp_model_presolve = False
        self._current = solver
        watcher = _Watcher(self.on_progress, phase, self.started)
        if self.stopped.is_set():
            solver.parameters.max_time_in_seconds = 0.01
        status = solver.solve(model, watcher)
        self._current = None
        capped = self.workers == 1 and _wall_capped(solver, status, first_only)
        return Run(solver, status, watcher, capped)

    def search(self, mv: ModelVars, budget: float, phase: str, deadline: Deadline,
               focus: Callable[..., list[int]] | None = None,
               extremes: Callable[..., list[tuple[int, int]]] | None = None,
               patience: int | None = None) -> SearchResult:
        """CP-SAT takes the complete hint as its first solution; Rota's deterministic LNS
        improves it. With workers > 1, CP-SAT's parallel portfolio does all the search."""
        lns_share = LNS_SHARE if self.workers == 1 else 0.0
        run = self.run(mv.model, budget * (1 - lns_share), phase, first_only=lns_share > 0)
        solver, status, watcher = run.solver, run.status, run.watcher
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return SearchResult(status, None, None, None, watcher.first_at, run.wall_capped)
        result = SearchResult(status, list(solver.response_proto.solution),
                              solver.objective_value, solver.best_objective_bound,
                              watcher.first_at, run.wall_capped)
        if status == cp_model.OPTIMAL or lns_share == 0.0:
            return result

        def report(objective: float, improvements: int) -> None:
            if self.on_progress:
                self.on_progress(Progress(time.monotonic() - self.started, objective,
                                          result.bound or 0.0, watcher.solutions + improvements,
                                          phase))

        problem = mv.problem
        lns_budget = DETERMINISTIC_PER_SECOND * budget * lns_share
        better = lns.improve(
            mv.model, mv.assignment, [slot.shift.index for slot in problem.slots],
            result.values or [], result.objective or 0.0,
            budget=lns_budget, seed=self.seed,
            deadline=deadline.wall, cpu_deadline=deadline.cpu, stop=self.stopped,
            on_improve=report, focus=focus, extremes=extremes, patience=patience)
        result.values, result.objective = better.values, better.objective
        result.unspent = max(0.0, lns_budget - better.used) / DETERMINISTIC_PER_SECOND
        result.wall_capped = result.wall_capped or better.wall_capped
        return result


def _wall_capped(solver: cp_model.CpSolver, status: cp_model.CpSolverStatus,
                 first_only: bool) -> bool:
    """CP-SAT stopped on its wall-clock limit, before its deterministic one."""
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
        return False
    if first_only and status == cp_model.FEASIBLE:
        return False
    params = solver.parameters
    return (solver.wall_time >= 0.99 * params.max_time_in_seconds
            and solver.deterministic_time < params.max_deterministic_time)


def hot_shifts(problem: Problem, bounds: dict[str, float], x: X,
               values: list[int]) -> list[int]:
    """Shifts carrying the load furthest above its bound: those held by the member with
    the largest weighted load of that quantity, where that load is non-zero."""
    holders = holders_from(values, x, len(problem.slots))
    worst: tuple[float, str, int] | None = None
    for quantity in problem.quantities:
        raw = weighted_loads(problem, holders, quantity.name)
        factors = problem.factor[quantity.name]
        bound = bounds.get(quantity.name, 0.0)
        for m, f in enumerate(factors):
            if f > 1e-9 and bound == bound and bound > 0:
                excess = (raw[m] / per_unit(quantity) / f - bound) / bound
                if worst is None or excess > worst[0]:
                    worst = (excess, quantity.name, m)
    if worst is None:
        return []
    _, name, member = worst
    return sorted({problem.slots[i].shift.index for i, h in enumerate(holders)
                   if h == member and problem.load[name][i].get(member, 0) > 0})


def widest_pair(problem: Problem, x: X, values: list[int],
                loads: tuple[str, ...] | None = None) -> list[tuple[int, int]]:
    """Pairs of a heavily and a lightly loaded member of one load (among `loads`, default
    all), widest gap in shifts' worth first: an LNS round that frees both can even them out."""
    holders = holders_from(values, x, len(problem.slots))
    worth = {q.name: shift_worth(problem, q) if loads is None or q.name in loads else math.inf
             for q in problem.quantities}

    def weighted(quantity: Quantity) -> list[float | None]:
        raw = weighted_loads(problem, holders, quantity.name)
        return [raw[m] / f if f > 1e-9 else None
                for m, f in enumerate(problem.factor[quantity.name])]

    return extreme_pairs(problem, weighted, worth)
