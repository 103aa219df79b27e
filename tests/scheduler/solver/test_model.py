"""The rule list of scheduler/solver/model.py: named hard and soft sections, rules registered by
other code take part in the solve, each soft rule's cost is reported, and a search cut short
by the wall clock says so."""

import math
import time

import pytest

from scheduler.problem.slots import build_problem
from scheduler.solver.greedy import fair_greedy
from scheduler.solver.model import (
    HARD_RULES,
    SOFT_RULES,
    ModelSpec,
    ModelVars,
    Rule,
    build_model,
    register,
)
from scheduler.solver.report.fairness import fairness_table, mark_wall_capped
from scheduler.solver.search import Deadline, Search
from scheduler.solver.solve import Solver, solve
from tests.harness.hard_rules import violations
from tests.harness.teams import make_team


def test_rule_list_names_every_rule_in_order():
    assert [r.name for r in HARD_RULES] == [
        "availability", "coverage", "one role per shift", "no overlap + min rest",
        "max shifts per week", "fixed holders", "required skills", "shadows"]
    assert [r.name for r in SOFT_RULES] == ["uncovered", "fairness", "spread", "preferences",
                                            "shadow spread"]


def test_builder_returns_the_model_and_its_variables():
    problem = build_problem(make_team(3, end="2027-01-06"))
    mv = build_model(problem, ModelSpec("balance"))
    assert len(mv.x) == len(problem.slots) * 3  # everyone is eligible for every slot
    assert set(mv.tops) == {"shifts", "hours", "weekend", "holiday", "night", "primary"}
    assert mv.gaps == []  # gaps not allowed
    core = build_model(problem, ModelSpec("core"))
    assert set(core.tops) == {"shifts", "hours"}
    assert "spread" not in core.costs
    with pytest.raises(ValueError, match="unknown phase"):
        build_model(problem, ModelSpec("nope"))


@pytest.fixture
def registered():
    """Register a rule for one test and take it out again."""
    added: list[tuple[list[Rule], Rule]] = []

    def add(rule: Rule, hard: bool) -> None:
        register(rule, hard=hard)
        added.append((HARD_RULES if hard else SOFT_RULES, rule))

    yield add
    for section, rule in added:
        section.remove(rule)


def test_a_registered_hard_rule_binds(registered):
    # "m0 never holds a night": a rule added from outside the module.
    def no_nights_for_m0(mv: ModelVars):
        for (slot, m), var in mv.x.items():
            if m == 0 and mv.problem.slots[slot].shift.template == "night":
                mv.model.add(var == 0)
        return []

    team = make_team(3, end="2027-01-07")
    free = solve(team, time_limit=2, seed=1)
    assert any(a.person == "m0" and a.shift.template == "night" for a in free.assignments)
    registered(Rule("no nights for m0", no_nights_for_m0), True)
    bound = solve(team, time_limit=2, seed=1)
    assert violations(bound) == []
    assert not any(a.person == "m0" and a.shift.template == "night" for a in bound.assignments)


def test_a_registered_soft_rule_is_costed_by_name(registered):
    # One point per shift m1 works: it shows in the report under its name.
    def m1_costs(mv: ModelVars):
        return [(var, 1) for (_, m), var in mv.works.items() if m == 1]

    registered(Rule("m1 costs", m1_costs, phases=("balance",)), False)
    schedule = solve(make_team(3, end="2027-01-07"), time_limit=2, seed=1)
    held = sum(1 for a in schedule.assignments if a.person == "m1")
    assert schedule.report.costs["m1 costs"] == held
    assert "m1 costs" in fairness_table(schedule.report)


def test_soft_rule_costs_add_up_to_the_objective():
    members = [{"id": "a", "avoid_days": ["sat"]}] + [{"id": f"m{i}"} for i in range(5)]
    schedule = solve(make_team(members, end="2027-01-18"), time_limit=2, seed=1)
    report = schedule.report
    assert set(report.costs) == {"fairness", "spread", "preferences"}
    assert sum(report.costs.values()) == pytest.approx(report.objective)


def test_a_search_cut_by_the_wall_clock_says_so():
    problem = build_problem(make_team(4, end="2027-01-18"))
    mv = build_model(problem, ModelSpec("balance"))
    mv.hint(fair_greedy(problem))
    search = Search(seed=1, workers=1, on_progress=None, started=time.monotonic())
    # A deadline already past: the LNS stops before its first round.
    result = search.search(mv, 2.0, "balance", Deadline(time.monotonic() - 1, math.inf))
    assert result.found
    assert result.wall_capped
    unhurried = search.search(mv, 0.5, "balance", Deadline(math.inf, math.inf))
    assert not unhurried.wall_capped
    cpu_cut = search.search(mv, 2.0, "balance", Deadline(math.inf, time.process_time() - 1))
    assert cpu_cut.wall_capped
    report = solve(make_team(3, end="2027-01-06"), time_limit=1).report
    mark_wall_capped(report)
    assert report.wall_capped
    assert "cut the search short" in fairness_table(report)



def test_fixed_holders_are_kept():
    team = make_team(3, end="2027-01-07")
    free = solve(team, time_limit=2, seed=1)
    problem = build_problem(team)
    # Give the first three slots to whoever did not hold them.
    changed = {i: (problem.members.index(free.assignments[i].person) + 1) % 3 for i in range(3)}
    problem.fixed.update(changed)
    fixed = Solver(team, time_limit=2, seed=1).solve(problem)
    assert violations(fixed) == []
    for i, m in changed.items():
        assert fixed.assignments[i].person == problem.members[m]
    rest = build_problem(make_team([{"id": "a", "roles": ["primary"]}, {"id": "b"}, {"id": "c"}],
                                   end="2027-01-07"))
    secondary = next(i for i, s in enumerate(rest.slots) if s.role == "secondary")
    rest.fixed[secondary] = 0  # a holds no secondary role
    with pytest.raises(ValueError, match="not eligible"):
        build_model(rest, ModelSpec("balance"))


def test_preload_shifts_the_load_to_the_others():
    team = make_team(3, end="2027-01-11")
    problem = build_problem(team)
    # m0 carries 6 shifts in from before the plan: the plan gives m0 fewer than the others.
    problem.preload["shifts"] = [6, 0, 0]
    schedule = Solver(team, time_limit=2, seed=1).solve(problem)
    assert violations(schedule) == []
    held = {m: sum(1 for a in schedule.assignments if a.person == m) for m in problem.members}
    assert held["m0"] + 6 <= min(held["m1"], held["m2"]) + 1
    plain = solve(team, time_limit=2, seed=1)
    assert max(sum(1 for a in plain.assignments if a.person == m) for m in problem.members) - \
        min(sum(1 for a in plain.assignments if a.person == m) for m in problem.members) <= 1
