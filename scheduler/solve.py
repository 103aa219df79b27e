"""Build and run the CP-SAT model; return a Schedule with its fairness report.

Flow: pre-check each slot has someone eligible -> model with every rule of constraints.py ->
solve with a fairness-aware greedy hint -> report achieved versus provable bound.
If full coverage is impossible, say which slots and why; with allow_gaps, first find the
fewest uncovered slots, then balance the rest with that number fixed.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from . import constraints as rules
from . import lns
from .bounds import lower_bounds, max_weighted, weighted_loads
from .domain import Assignment, FairnessLine, Schedule, SolveReport, Team
from .errors import InfeasibleError
from .greedy import fair_greedy, round_robin
from .loads import QUANTITIES, per_unit
from .problem import Problem, build_problem

# How much one shift of imbalance costs, per load; spacing and preferences come after fairness.
IMPORTANCE = {"shifts": 20.0, "hours": 20.0, "weekend": 4.0, "holiday": 4.0, "night": 4.0,
              "primary": 4.0}
SCALE = 1000
SPREAD_WEIGHT = 2 * SCALE
PREFERENCE_WEIGHT = SCALE // 2
SEARCH_SHARE = 0.85
DETERMINISTIC_PER_SECOND = 0.5
CORE_SHARE = 0.3  # phase 1 (shifts and hours); phase 2 balances everything else
LNS_SHARE = 0.9  # of each phase's budget; the rest is for CP-SAT to load the hint


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

    status: int
    values: list[int] | None
    objective: float | None
    bound: float | None
    first_at: float | None

    @property
    def found(self) -> bool:
        return self.values is not None

    def holders(self, x: rules.X, slots: int) -> list[int | None]:
        assert self.values is not None
        return holders_from(self.values, x, slots)


def holders_from(values: list[int], x: rules.X, slots: int) -> list[int | None]:
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


def explain_uncoverable(problem: Problem) -> list[str]:
    """Slots that no schedule can cover, judged one shift at a time (Hall's condition)."""
    reasons = []
    team = problem.team
    for shift in problem.shifts:
        label = shift.start.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")
        per_role = {r: problem.eligibility.members_for(shift.index, r) for r in team.roles}
        union = sorted({m for ids in per_role.values() for m in ids})
        for role, ids in per_role.items():
            if not ids:
                reasons.append(f"{label} {shift.template}/{role}: no eligible member available"
                               f"{_why_nobody(problem, shift.site, role)}")
        if all(per_role.values()) and len(union) < len(team.roles):
            names = ", ".join(union)
            reasons.append(
                f"{label} {shift.template}/{team.roles[-1]}: {len(union)} eligible member"
                f"{'s' if len(union) != 1 else ''} available ({names}), {len(team.roles)} needed"
            )
    return reasons


def _why_nobody(problem: Problem, site: str | None, role: str) -> str:
    members = [m for m in problem.team.members if role in m.roles]
    if site is not None:
        members = [m for m in members if m.site == site]
        if not members:
            return f" (no member of site {site} holds role {role})"
    elif not members:
        return f" (no member holds role {role})"
    return " (all are on time off or unavailable)"


class Solver:
    """One solve of one team. `stop()` may be called from another thread: the best schedule
    found so far is kept."""

    def __init__(self, team: Team, *, time_limit: float = 30.0, seed: int = 0,
                 allow_gaps: bool = False, workers: int = 1,
                 on_progress: ProgressFn | None = None,
                 preload: dict[str, dict[int, int]] | None = None) -> None:
        self.team = team
        self.preload = preload  # history excess per load and member (scheduler.history)
        self.time_limit = time_limit
        self.seed = seed
        self.allow_gaps = allow_gaps
        self.workers = workers
        self.on_progress = on_progress
        self._stop = threading.Event()
        self._current: cp_model.CpSolver | None = None

    def stop(self) -> None:
        self._stop.set()
        if self._current is not None:
            self._current.stop_search()

    # ------------------------------------------------------------------ model

    def _model(self, problem: Problem, allow_gaps: bool, fair: bool,
               max_gaps: int | None = None, bounds: dict[str, float] | None = None,
               caps: dict[str, int] | None = None, phase: str = "balance",
               ) -> tuple[cp_model.CpModel, rules.X, list, dict]:
        """Phase "core" minimises only the team-wide max weighted shifts and hours; phase
        "balance" caps those at what "core" reached and balances everything else."""
        model = cp_model.CpModel()
        book = rules.HintBook()
        x = rules.new_assignment_vars(model, problem)
        gaps = rules.coverage(model, problem, x, allow_gaps, book)
        works = rules.one_role_per_shift(model, problem, x, book)
        rules.no_overlap_and_min_rest(model, problem, works)
        rules.max_shifts_per_week(model, problem, works)
        terms: list[rules.Penalty] = []
        if allow_gaps and max_gaps is not None:
            model.add(sum(g for g, _ in gaps) <= max_gaps)
        elif allow_gaps:
            terms += gaps
        tops: dict = {}
        if fair:
            only = ("shifts", "hours") if phase == "core" else None
            # With history, the plan-alone bounds are no floor for history + plan.
            floors = bounds if self.preload is None else None
            fairness, tops = rules.fairness(model, problem, x, IMPORTANCE, SCALE, book, floors,
                                            only, self.preload)
            if phase == "core":
                # One shift of imbalance weighs the same in both (counts are in 1/100 shift).
                terms += [(tops["shifts"], problem.average_shift_minutes), (tops["hours"], 100)]
            else:
                for name, cap in (caps or {}).items():
                    model.add(tops[name] <= cap)
                terms += fairness
                terms += rules.spread(model, problem, works, SPREAD_WEIGHT, book)
                terms += rules.preferences(problem, works, PREFERENCE_WEIGHT)
        if terms:
            model.minimize(sum(var * coef for var, coef in terms))
        self._book = book
        return model, x, gaps, tops

    def _run(self, model: cp_model.CpModel, budget: float, phase: str, started: float,
             first_only: bool = False) -> tuple[cp_model.CpSolver, int, _Watcher]:
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
        watcher = _Watcher(self.on_progress, phase, started)
        if self._stop.is_set():
            solver.parameters.max_time_in_seconds = 0.01
        status = solver.solve(model, watcher)
        self._current = None
        return solver, status, watcher

    def _search(self, model: cp_model.CpModel, x: rules.X, budget: float, phase: str,
                started: float, deadline: float) -> SearchResult:
        """CP-SAT takes the complete hint as its first solution; Rota's deterministic LNS
        improves it. With --workers > 1, CP-SAT's parallel portfolio does all the search."""
        lns_share = LNS_SHARE if self.workers == 1 else 0.0
        solver, status, watcher = self._run(model, budget * (1 - lns_share), phase, started,
                                            first_only=lns_share > 0)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return SearchResult(status, None, None, None, watcher.first_at)
        result = SearchResult(status, list(solver.response_proto.solution),
                              solver.objective_value, solver.best_objective_bound, watcher.first_at)
        if status == cp_model.OPTIMAL or lns_share == 0.0:
            return result

        def report(objective: float, improvements: int) -> None:
            if self.on_progress:
                self.on_progress(Progress(time.monotonic() - started, objective,
                                          result.bound or 0.0, watcher.solutions + improvements,
                                          phase))

        problem = self._problem
        better = lns.improve(
            model, {key: var.index for key, var in x.items()},
            [slot.shift.index for slot in problem.slots], result.values, result.objective,
            budget=DETERMINISTIC_PER_SECOND * budget * lns_share, seed=self.seed,
            deadline=deadline, stop=self._stop, on_improve=report,
            focus=lambda values: self._hot_shifts(x, values))
        result.values, result.objective = better.values, better.objective
        return result

    def _hot_shifts(self, x: rules.X, values: list[int]) -> list[int]:
        """Shifts carrying the load furthest above its bound: those held by the member with
        the largest weighted load of that quantity, where that load is non-zero."""
        problem = self._problem
        holders = holders_from(values, x, len(problem.slots))
        worst: tuple[float, str, int] | None = None
        for quantity in QUANTITIES:
            raw = weighted_loads(problem, holders, quantity.name)
            factors = problem.factor[quantity.name]
            bound = self._bounds.get(quantity.name, 0.0)
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

    def _hint(self, model: cp_model.CpModel, x: rules.X, holders: list[int | None]) -> None:
        """Hint a full starting schedule, auxiliary variables included (see HintBook)."""
        self._book.apply(model, self._problem, x, holders)

    # ------------------------------------------------------------------ solve

    def solve(self) -> Schedule:
        started = time.monotonic()
        problem = build_problem(self.team)
        self._problem = problem
        hopeless = explain_uncoverable(problem)
        if hopeless and not self.allow_gaps:
            raise InfeasibleError(hopeless)
        greedy = fair_greedy(problem)
        max_gaps = None
        # Phase budgets are fixed shares of the limit, never of the time left, so a run does
        # not depend on how busy the machine was; 15% stays for the bounds and the report.
        budget = SEARCH_SHARE * self.time_limit
        if self.allow_gaps or hopeless:
            max_gaps = self._fewest_gaps(problem, greedy, budget * 0.3, started)
            budget *= 0.7
        bounds = lower_bounds(problem)
        self._bounds = bounds
        gaps_on = max_gaps is not None
        # Phase 1: the loads that matter most, alone, so the search reaches their bound fast.
        model, x, _, tops = self._model(problem, gaps_on, True, max_gaps, bounds, phase="core")
        self._hint(model, x, greedy)
        # The wall-clock deadlines are safety nets; the deterministic budgets end each phase.
        core = self._search(model, x, budget * CORE_SHARE, "core", started,
                            started + self.time_limit * (1 - SEARCH_SHARE + SEARCH_SHARE * CORE_SHARE))
        first_at = core.first_at
        caps: dict[str, int] = {}
        best = greedy
        if core.found:
            assert core.values is not None
            best = core.holders(x, len(problem.slots))
            caps = {name: core.values[tops[name].index] for name in ("shifts", "hours")}
        result = core
        if core.status != cp_model.INFEASIBLE:
            model, x, _, _ = self._model(problem, gaps_on, True, max_gaps, bounds, caps)
            self._hint(model, x, best)
            result = self._search(model, x, budget * (1 - CORE_SHARE), "balance", started,
                                  started + self.time_limit * 0.95)
            first_at = first_at if first_at is not None else result.first_at
        if result.status == cp_model.INFEASIBLE and not self.allow_gaps:
            raise InfeasibleError(self._explain_with_gaps(problem, greedy, started))
        if result.found:
            holders = result.holders(x, len(problem.slots))
        elif result.status != cp_model.INFEASIBLE and all(h is not None for h in best):
            # Out of time before the balancing phase's first solution: the best rule-keeping
            # schedule so far (the phase-1 result or the greedy start) is still a valid answer.
            holders = best
        elif result.status == cp_model.INFEASIBLE:
            raise InfeasibleError(["the solver proved the rules cannot all hold"])
        else:
            raise InfeasibleError([
                f"no schedule found within the time limit of {self.time_limit:g} s; "
                "raise --time-limit or relax the rules"
            ])
        uncovered = sum(1 for h in holders if h is None)
        status = "optimal" if result.status == cp_model.OPTIMAL else "feasible"
        if not result.found:
            status = "feasible" if core.found else "heuristic"
        report = SolveReport(
            status="gaps" if uncovered else status,
            wall_seconds=time.monotonic() - started,
            first_solution_seconds=first_at,
            objective=result.objective,
            best_bound=result.bound,
            uncovered=uncovered,
        )
        if not result.found:
            report.notes.append("time limit reached before the balancing phase found a schedule; "
                                "this is the phase-1 (shifts and hours) result or the greedy start")
        fill_fairness(report, problem, holders, bounds)
        return to_schedule(problem, holders, report)

    def _fewest_gaps(self, problem: Problem, greedy: list[int | None], budget: float,
                     started: float) -> int:
        model, x, _, _ = self._model(problem, True, False)
        self._hint(model, x, greedy)
        solver, status, _ = self._run(model, budget, "coverage", started)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return round(solver.objective_value)
        return sum(1 for h in greedy if h is None)

    def _explain_with_gaps(self, problem: Problem, greedy: list[int | None],
                           started: float) -> list[str]:
        model, x, gaps, _ = self._model(problem, True, False)
        self._hint(model, x, greedy)
        solver, status, _ = self._run(model, max(2.0, self.time_limit * 0.3), "explain", started)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return ["the rules cannot all hold (no schedule found to say which shifts)"]
        team = problem.team
        rule_text = []
        if team.rules.min_rest_hours:
            rule_text.append(f"min_rest_hours={team.rules.min_rest_hours:g}")
        if team.rules.max_shifts_per_week:
            rule_text.append(f"max_shifts_per_week={team.rules.max_shifts_per_week}")
        why = " and ".join(rule_text) or "the overlap rule"
        reasons = []
        for (gap, _), slot in zip(gaps, problem.slots, strict=True):
            if solver.boolean_value(gap):
                label = slot.shift.start.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")
                ids = problem.eligibility.members_for(slot.shift.index, slot.role)
                reasons.append(
                    f"{label} {slot.shift.template}/{slot.role}: {len(ids)} eligible member"
                    f"{'s' if len(ids) != 1 else ''} ({', '.join(ids)}), but {why} leave"
                    f"{'s' if len(rule_text) == 1 else ''} none of them free"
                )
        return reasons or ["the rules cannot all hold together"]


def fill_fairness(report: SolveReport, problem: Problem, holders: list[int | None],
                  bounds: dict[str, float] | None = None) -> None:
    """Achieved versus bound per quantity, plus each member's raw load and pro-rata target."""
    bounds = bounds if bounds is not None else lower_bounds(problem)
    baseline = round_robin(problem)
    for quantity in QUANTITIES:
        raw = weighted_loads(problem, holders, quantity.name)
        rr_raw = weighted_loads(problem, baseline, quantity.name)
        report.fairness.append(FairnessLine(
            quantity=quantity.name,
            unit=quantity.unit,
            achieved=max_weighted(problem, quantity, raw),
            bound=bounds[quantity.name],
            round_robin=max_weighted(problem, quantity, rr_raw),
        ))
        unit = per_unit(quantity)
        total = sum(raw) / unit
        factors = problem.factor[quantity.name]
        total_f = sum(factors) or 1.0
        for m, member in enumerate(problem.members):
            report.loads.setdefault(member, {})[quantity.name] = raw[m] / unit
            report.targets.setdefault(member, {})[quantity.name] = total * factors[m] / total_f


def to_schedule(problem: Problem, holders: list[int | None], report: SolveReport | None) -> Schedule:
    assignments = [
        Assignment(slot.shift, slot.role, problem.members[h] if h is not None else None)
        for slot, h in zip(problem.slots, holders, strict=True)
    ]
    return Schedule(problem.team, problem.shifts, assignments, report)


def solve(team: Team, *, time_limit: float = 30.0, seed: int = 0, allow_gaps: bool = False,
          workers: int = 1, on_progress: ProgressFn | None = None) -> Schedule:
    """Build a fair schedule. Raises InfeasibleError (with reasons) unless allow_gaps."""
    return Solver(team, time_limit=time_limit, seed=seed, allow_gaps=allow_gaps,
                  workers=workers, on_progress=on_progress).solve()


def fairness_table(report: SolveReport) -> str:
    """A plain-text table: quantity, achieved, bound, verdict (and the round-robin figure)."""
    lines = [f"{'load':<10}{'achieved':>10}{'bound':>10}{'round-robin':>13}  verdict"]
    for line in report.fairness:
        if math.isnan(line.bound):
            verdict = "no bound (gaps)"
        elif line.gap <= 1e-6:
            verdict = "optimal"
        else:
            verdict = f"within {line.gap:.2f} {line.unit} of the bound"
        rr = f"{line.round_robin:.2f}" if line.round_robin is not None else "-"
        lines.append(f"{line.quantity:<10}{line.achieved:>10.2f}{line.bound:>10.2f}{rr:>13}  {verdict}")
    return "\n".join(lines)
