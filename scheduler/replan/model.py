"""The CP-SAT model of a re-plan: the hard rules of scheduler/solver/rules, built exactly as
solve builds them (`model.build_hard`), over every slot. Kept history (`problem.frozen`: rows
before --from, shadow rows included) stays as it was; one literal per changed row (a shadow
row a trainee no longer holds is a changed row too), and two objectives (fewest changes, then
fairness with the number of changes capped). CP-SAT variables stay in this module."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from ortools.sat.python import cp_model

from scheduler.problem.slots import Problem
from scheduler.solver import balance, lns
from scheduler.solver import builders as rules
from scheduler.solver import shadow_model as shadow_rules
from scheduler.solver.model import CORE_LOADS, IMPORTANCE, SCALE, ModelSpec, build_hard
from scheduler.solver.search import DETERMINISTIC_PER_SECOND, holders_from

CHANGE_COST = SCALE  # one changed row costs 1/20 of a shift of imbalance in shifts held
CP_SAT_SHARE = 0.5  # of the fairness phase; Rota's LNS has the rest


@dataclass
class Plan:
    """The re-plan as a Problem: slots, who held each before, and which shifts are kept."""

    problem: Problem
    before: list[str | None]  # person in the previous schedule per slot (any id), None = empty
    frozen: frozenset[int]  # indices of shifts that start before replan_from
    replan_from: datetime
    # shift index -> trainee id of the previous schedule's shadow rows (any id)
    shadows_before: dict[int, str] = field(default_factory=dict)

    def kept(self, slot_index: int) -> bool:
        return self.problem.slots[slot_index].shift.index in self.frozen


class ReplanModel:
    def __init__(self, plan: Plan, allow_gaps: bool, workers: int, seed: int) -> None:
        self.plan, self.allow_gaps, self.workers, self.seed = plan, allow_gaps, workers, seed
        problem = plan.problem
        # The same hard rules as solve, in the same order; gap literals only where the user
        # allows gaps, none on kept rows (problem.frozen).
        self.mv = mv = build_hard(problem, ModelSpec("balance", allow_gaps=allow_gaps))
        self.model, self.book, self.x = mv.model, mv.book, mv.x
        self.free_gaps = [g for g, _ in mv.gaps]
        index = {m: i for i, m in enumerate(problem.members)}
        self.changed = self._changed_rows(index)
        self.solver: cp_model.CpSolver | None = None
        self.values: list[int] | None = None  # the LNS's best solution, when it ran

    def _changed_rows(self, index: dict[str, int]) -> cp_model.LinearExpr:
        """Sum over rows to re-plan that had a person: 1 unless that person still holds it."""
        constant, kept_literals = 0, []
        for i, person in enumerate(self.plan.before):
            if self.plan.kept(i) or person is None:
                continue
            var = self.x.get((i, index.get(person, -1)))
            if var is None:
                constant += 1  # the holder may no longer hold it (left, time off, role)
            else:
                kept_literals.append(var)
        for s, trainee in self.plan.shadows_before.items():
            if s in self.plan.frozen:
                continue
            shadow = self.mv.shadow.get((s, index.get(trainee, -1)))
            if shadow is None:
                constant += 1  # the trainee can no longer shadow that shift
            else:
                kept_literals.append(shadow)
        return cp_model.LinearExpr.sum(kept_literals) * -1 + (constant + len(kept_literals))

    def minimise_changes(self) -> None:
        # Gaps first (only with allow_gaps), then changes: a gap outweighs every change.
        weight = len(self.plan.problem.slots) + len(self.plan.shadows_before) + 1
        self.model.minimize(cp_model.LinearExpr.weighted_sum(self.free_gaps, [weight] * len(
            self.free_gaps)) + self.changed)

    def balance(self, cap: int, gaps: int, bounds: dict[str, float] | None,
                start: list[int | None]) -> None:
        """Fairness (with the Problem's history preload, if any) among schedules with at most
        `cap` changed rows and `gaps` uncovered ones. As in solve's core phase, the largest
        weighted shifts and hours may not get worse than in `start` (a schedule this model
        admits): raising someone's minimum must not be paid for with a heavier maximum."""
        model = self.model
        model.add(self.changed <= cap)
        model.add(cp_model.LinearExpr.sum(self.free_gaps) <= gaps)
        problem = self.plan.problem
        penalties, tops = balance.fairness(model, problem, self.x, IMPORTANCE, SCALE, self.book,
                                           bounds)
        state = rules.HintState(problem, start)
        for q in CORE_LOADS:
            res = 100 if q == "shifts" else 1  # as rules.fairness counts them
            factors = problem.factor[q]
            worst = max((-(-balance.FACTOR_SCALE * res * state.load(q, m)
                           // max(1, round(f * balance.FACTOR_SCALE)))
                         for m, f in enumerate(factors) if f > 1e-9), default=None)
            if worst is not None:
                model.add(tops[q] <= worst)
        fairness = cp_model.LinearExpr.weighted_sum([v for v, _ in penalties],
                                                    [c for _, c in penalties])
        model.minimize(fairness + self.changed * CHANGE_COST)

    def run(self, budget: float, hint: list[str | None]) -> int:
        """Solve from a partial hint (the previous holders where still possible)."""
        problem = self.plan.problem
        index = {m: i for i, m in enumerate(problem.members)}
        holders = [index.get(h or "") for h in hint]
        for (i, m), var in self.x.items():
            self.model.add_hint(var, holders[i] == m)
        shadows = self.plan.shadows_before
        for (s, t), var in self.mv.shadow.items():
            self.model.add_hint(var, shadows.get(s) == problem.members[t])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, budget)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        self.solver = solver
        self.values = None
        return int(solver.solve(self.model))

    def improve(self, budget: float, start: list[int | None]) -> bool:
        """The fairness phase: CP-SAT searches from the complete hint for half the budget
        (it moves the few changed rows between people well), then Rota's LNS
        (scheduler/solver/lns.py, as solve uses it) improves the rest. False if no solution."""
        started = time.monotonic()
        self.book.apply(self.model, self.plan.problem, self.x, start)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        solver.parameters.max_time_in_seconds = max(0.5, budget * CP_SAT_SHARE)
        self.solver = solver
        status = int(solver.solve(self.model))
        if not self.found(status):
            return False
        if status == cp_model.OPTIMAL:
            return True
        result = lns.improve(
            self.model, {key: var.index for key, var in self.x.items()},
            [slot.shift.index for slot in self.plan.problem.slots],
            list(solver.response_proto.solution), solver.objective_value,
            budget=DETERMINISTIC_PER_SECOND * budget * (1 - CP_SAT_SHARE), seed=self.seed,
            deadline=started + budget, stop=threading.Event())
        self.values = result.values
        return True

    @staticmethod
    def found(status: int) -> bool:
        return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def holders(self) -> list[int | None]:
        assert self.solver is not None
        values = self.values or list(self.solver.response_proto.solution)
        return holders_from(values, self.x, len(self.plan.problem.slots))

    def shadow_plan(self) -> dict[int, int]:
        """shift -> trainee of the solution's shadow rows (kept ones included)."""
        assert self.solver is not None
        values = self.values or list(self.solver.response_proto.solution)
        return shadow_rules.placement(self.mv.shadow, values)

    def changed_value(self) -> int:
        assert self.solver is not None
        return int(self.solver.value(self.changed))

    def gaps_value(self) -> int:
        assert self.solver is not None
        return sum(int(self.solver.value(g)) for g in self.free_gaps)

    def uncovered_free(self) -> list[int]:
        assert self.solver is not None
        return [i for i, g in zip(self.mv.gap_slots, self.free_gaps, strict=True)
                if self.solver.value(g)]


def build_model(plan: Plan, *, allow_gaps: bool, workers: int, seed: int) -> ReplanModel:
    return ReplanModel(plan, allow_gaps, workers, seed)
