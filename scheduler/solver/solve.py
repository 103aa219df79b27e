"""Solve one team: phases over the model of model.py, then the report of report.py.

Flow: pre-check each slot has someone eligible (explain.py) -> with gaps allowed, find the
fewest uncovered slots ("gaps" phase) -> phase "core" balances the max weighted shifts and
hours alone, from a fairness-aware greedy start -> phase "balance" caps those at what "core"
reached and balances everything else with spacing and preferences -> report achieved
versus provable bound (report.py).

Where things live, and where to extend:
- scheduler/solver/model.py: the rule list (HARD_RULES, SOFT_RULES) and `build_model`, returning the
  model and its variables (`ModelVars`). New rules are functions registered there
  (`register(Rule(...))`); see its docstring for how a rule reads the Problem, makes hint
  entries, and which phase it runs in.
- scheduler/problem/slots.py: data rules need, computed once (e.g. per-member preloads from history,
  fixed slot holders for a replan).
- scheduler/problem/loads.py: the balanced loads; a new Quantity there (e.g. expected pages) is
  balanced, bounded and reported like the others.
- scheduler/solver/search.py: one phase's search (CP-SAT from the hint, then the deterministic LNS).
- scheduler/solver/report/infeasible.py: why a team cannot be covered. scheduler/solver/report/fairness.py: the fairness table.

Budgets are fixed shares of --time-limit in CP-SAT's deterministic time, so a run repeats
whatever else the machine does; the wall clock is a safety cap, and the report says when it
cut the search short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import Assignment, Schedule, SolveReport, Team
from scheduler.errors import InfeasibleError
from scheduler.problem.history import combined_bounds
from scheduler.problem.slots import Problem, build_problem
from scheduler.solver import rules as hard_rules
from scheduler.solver import shadow_model as shadow_rules
from scheduler.solver import skill_model as skill_rules
from scheduler.solver.bounds.fairness import lower_bounds
from scheduler.solver.greedy import fair_greedy
from scheduler.solver.model import CORE_LOADS, ModelSpec, ModelVars, build_model, rule_costs
from scheduler.solver.report.fairness import (
    fairness_table,
    fill_fairness,
    mark_wall_capped,
    to_schedule,
)
from scheduler.solver.report.infeasible import explain_gaps, explain_uncoverable
from scheduler.solver.search import (
    Deadline,
    Progress,
    ProgressFn,
    Search,
    SearchResult,
    hot_shifts,
    widest_pair,
)

SEARCH_SHARE = 0.85
CORE_SHARE = 0.3  # phase 1 (shifts and hours); phase 2 balances everything else
# Phase 1 stops after this many LNS rounds in a row without a better max shifts or hours
# (on the 40-person year it found nothing in 28 rounds); phase 2 gets the budget it left.
CORE_PATIENCE = 12


@dataclass
class _Outcome:
    """The phase whose result is kept, the model it searched, and the fallback start."""

    core: SearchResult
    result: SearchResult
    mv: ModelVars
    best: list[int | None]


class Solver:
    """One solve of one team. `stop()` may be called from another thread: the best schedule
    found so far is kept."""

    def __init__(self, team: Team, *, time_limit: float = 30.0, seed: int = 0,
                 allow_gaps: bool = False, workers: int = 1,
                 on_progress: ProgressFn | None = None) -> None:
        self.team = team
        self.time_limit = time_limit
        self.seed = seed
        self.allow_gaps = allow_gaps
        self.workers = workers
        self.on_progress = on_progress
        self._search = Search(seed=seed, workers=workers, on_progress=on_progress,
                              started=time.monotonic())

    def stop(self) -> None:
        self._search.stop()

    def solve(self, problem: Problem | None = None) -> Schedule:
        """Solve the team; a caller that filled a Problem's preload or fixed passes it."""
        started, cpu_started = time.monotonic(), time.process_time()
        self._search.started = started
        problem = build_problem(self.team) if problem is None else problem
        hopeless = hard_rules.explain(problem, gappable=True)
        if hopeless and not self.allow_gaps:
            raise InfeasibleError(hopeless)
        # Shadow rows are not coverage, so --allow-gaps cannot leave them out.
        if trouble := hard_rules.explain(problem, gappable=False):
            raise InfeasibleError(trouble)
        greedy = fair_greedy(problem)
        max_gaps = None
        # Phase budgets are fixed shares of the limit, never of the time left, so a run does
        # not depend on how busy the machine was; 15% stays for the bounds and the report.
        budget = SEARCH_SHARE * self.time_limit
        gaps_capped = False
        if self.allow_gaps or hopeless:
            max_gaps, gaps_capped = self._fewest_gaps(problem, greedy, budget * 0.3)
            budget *= 0.7
        bounds = lower_bounds(problem)
        # With a history preload, the floors are the history + plan bounds (scheduler.problem.history).
        floors = combined_bounds(problem) or bounds
        spec = ModelSpec("core", allow_gaps=max_gaps is not None, max_gaps=max_gaps,
                         bounds=floors)
        outcome = self._phases(problem, spec, greedy, budget, (started, cpu_started))
        holders = self._holders(problem, outcome, greedy)
        report = self._report(problem, outcome, holders, started)
        if gaps_capped or outcome.core.wall_capped or outcome.result.wall_capped:
            mark_wall_capped(report)
        fill_fairness(report, problem, holders, bounds)
        return to_schedule(problem, holders, report, self._shadow_rows(problem, outcome, holders))

    @staticmethod
    def _keeps_section7(problem: Problem, holders: list[int | None]) -> bool:
        """A fallback start (the greedy one) keeps required skills and has room for shadows."""
        return skill_rules.skills_kept(problem, holders) and shadow_rules.complete(
            problem, shadow_rules.plan_shadows(problem, holders))

    def _shadow_rows(self, problem: Problem, outcome: _Outcome,
                     holders: list[int | None]) -> list[Assignment]:
        """The trainees' shadow rows of the kept solution (or placed on the kept holders)."""
        result = outcome.result
        if result.found and result.values is not None:
            plan = shadow_rules.placement(outcome.mv.shadow, result.values)
        else:
            plan = shadow_rules.plan_shadows(problem, holders)
        return shadow_rules.shadow_rows(problem, plan)

    def _phases(self, problem: Problem, spec: ModelSpec, greedy: list[int | None],
                budget: float, clocks: tuple[float, float]) -> _Outcome:
        """Phase "core", then phase "balance" with the core loads capped at what it reached.
        `clocks` is when the solve started, on the wall and the CPU clock."""
        bounds = spec.bounds or {}
        mv = build_model(problem, spec)
        mv.hint(greedy)
        # The wall-clock deadlines are safety nets; the deterministic budgets end each phase.
        core = self._search.search(
            mv, budget * CORE_SHARE, "core",
            Deadline.after(*clocks, self.time_limit * (1 - SEARCH_SHARE + SEARCH_SHARE * CORE_SHARE)),
            focus=lambda values, x=mv.x: hot_shifts(problem, bounds, x, values),
            patience=CORE_PATIENCE)
        best = greedy
        caps: dict[str, int] = {}
        if core.found:
            assert core.values is not None
            best = core.holders(mv.x, len(problem.slots))
            caps = {name: core.values[mv.tops[name].index] for name in CORE_LOADS}
        outcome = _Outcome(core, core, mv, best)
        if core.status == cp_model.INFEASIBLE:
            return outcome
        others = tuple(q.name for q in problem.quantities if q.name not in CORE_LOADS)
        balance = ModelSpec("balance", spec.allow_gaps, spec.max_gaps, spec.bounds, caps)
        mv = build_model(problem, balance)
        mv.hint(best)
        outcome.mv = mv
        outcome.result = self._search.search(
            mv, budget * (1 - CORE_SHARE) + core.unspent, "balance", Deadline.after(*clocks, self.time_limit * 0.95),
            focus=lambda values, x=mv.x: hot_shifts(problem, bounds, x, values),
            extremes=lambda values, x=mv.x: widest_pair(problem, x, values, others))
        return outcome

    def _holders(self, problem: Problem, outcome: _Outcome,
                 greedy: list[int | None]) -> list[int | None]:
        result, best = outcome.result, outcome.best
        if result.status == cp_model.INFEASIBLE and not self.allow_gaps:
            raise InfeasibleError(hard_rules.diagnose(problem)
                                  or self._explain_with_gaps(problem, greedy))
        if result.found:
            return result.holders(outcome.mv.x, len(problem.slots))
        if result.status != cp_model.INFEASIBLE and all(h is not None for h in best) \
                and self._keeps_section7(problem, best):
            # Out of time before the balancing phase's first solution: the best rule-keeping
            # schedule so far (the phase-1 result or the greedy start) is still a valid answer.
            return best
        if result.status == cp_model.INFEASIBLE:
            raise InfeasibleError(hard_rules.diagnose(problem)
                                  or ["the solver proved the rules cannot all hold"])
        # Out of time: a rule that provably cannot hold (capacity) says more than the clock.
        raise InfeasibleError(hard_rules.diagnose(problem) or [
            f"no schedule found within the time limit of {self.time_limit:g} s; "
            "raise --time-limit or relax the rules"
        ])

    def _report(self, problem: Problem, outcome: _Outcome, holders: list[int | None],
                started: float) -> SolveReport:
        result, core = outcome.result, outcome.core
        uncovered = sum(1 for h in holders if h is None)
        status = "optimal" if result.status == cp_model.OPTIMAL else "feasible"
        if not result.found:
            status = "feasible" if core.found else "heuristic"
        first_at = core.first_at if core.first_at is not None else result.first_at
        report = SolveReport(
            status="gaps" if uncovered else status,
            wall_seconds=time.monotonic() - started,
            first_solution_seconds=first_at,
            objective=result.objective,
            best_bound=result.bound,
            uncovered=uncovered,
        )
        if self.allow_gaps and (missing := skill_rules.explain_missing_skills(problem)):
            report.notes.append(f"{len(missing)} shift skill(s) nobody free has: "
                                + "; ".join(missing[:3]))
        if result.values is not None:
            report.costs = rule_costs(outcome.mv, result.values)
        else:
            report.notes.append("time limit reached before the balancing phase found a schedule; "
                                "this is the phase-1 (shifts and hours) result or the greedy start")
        return report

    def _fewest_gaps(self, problem: Problem, greedy: list[int | None],
                     budget: float) -> tuple[int, bool]:
        """The fewest uncovered slots found, and whether the wall clock cut that search."""
        mv = build_model(problem, ModelSpec("gaps", allow_gaps=True))
        mv.hint(greedy)
        run = self._search.run(mv.model, budget, "coverage")
        if run.status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return round(run.solver.objective_value), run.wall_capped
        return sum(1 for h in greedy if h is None), run.wall_capped

    def _explain_with_gaps(self, problem: Problem, greedy: list[int | None]) -> list[str]:
        mv = build_model(problem, ModelSpec("gaps", allow_gaps=True))
        mv.hint(greedy)
        run = self._search.run(mv.model, max(2.0, self.time_limit * 0.3), "explain")
        if run.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return ["the rules cannot all hold (no schedule found to say which shifts)"]
        open_slots = [slot for (gap, _), slot in zip(mv.gaps, problem.slots, strict=True)
                      if run.solver.boolean_value(gap)]  # type: ignore[arg-type]  # gaps are bool vars
        return explain_gaps(problem, open_slots)


def solve(team: Team, *, time_limit: float = 30.0, seed: int = 0, allow_gaps: bool = False,
          workers: int = 1, on_progress: ProgressFn | None = None) -> Schedule:
    """Build a fair schedule. Raises InfeasibleError (with reasons) unless allow_gaps."""
    return Solver(team, time_limit=time_limit, seed=seed, allow_gaps=allow_gaps,
                  workers=workers, on_progress=on_progress).solve()


__all__ = ["Progress", "ProgressFn", "Solver", "explain_uncoverable", "fairness_table",
           "fill_fairness", "solve", "to_schedule"]
