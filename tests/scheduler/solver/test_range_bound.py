"""The range bound (scheduler/solver/bounds/range.py): the least range any schedule can reach, worked
out by hand and by brute force on tiny teams, and never above what the solver achieves."""

import itertools

import pytest

from scheduler.problem.loads import QUANTITIES
from scheduler.problem.metrics import load_range
from scheduler.problem.slots import build_problem
from scheduler.solver.bounds.range import range_bounds
from scheduler.solver.solve import solve
from tests.harness.teams import make_team

Q = {q.name: q for q in QUANTITIES}


def brute_force_range(problem, name: str) -> float:
    """Every way to hand out the slots that carry the load (rules dropped): the least range."""
    slots = [col for col in problem.load[name] if col and max(col.values()) > 0]
    members = range(len(problem.members))
    best = float("inf")
    for holders in itertools.product(members, repeat=len(slots)):
        raw = [0.0] * len(problem.members)
        for col, m in zip(slots, holders, strict=True):
            raw[m] += col[m]
        best = min(best, load_range(problem, Q[name], raw))
    return best


def test_whole_nights_and_primaries_by_hand():
    # 3 full-time members, 7 days of a day and a night shift: 14 night slots of 10 night
    # hours split 5, 5, 4 at best (one night apart); 14 primaries and 28 shifts likewise.
    problem = build_problem(make_team(3))
    bounds = range_bounds(problem)
    assert bounds["night"] == pytest.approx(10.0, abs=1e-3)
    assert bounds["primary"] == pytest.approx(1.0, abs=1e-3)
    assert bounds["shifts"] == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("members", [3, [{"id": "a"}, {"id": "b"}, {"id": "c", "weight": 0.5}]])
def test_weekend_hours_match_brute_force(members):
    # Weekend slots carry 9, 12, 12, 12 and 3 hours (Fri night to Sun night), twice each:
    # 3^10 ways to hand them out, weighted by fair share for the half-time member.
    problem = build_problem(make_team(members))
    assert range_bounds(problem)["weekend"] == pytest.approx(
        brute_force_range(problem, "weekend"), abs=1e-3)


def test_a_half_time_member_makes_an_even_split_impossible():
    # 14 primaries over weights 1, 1, 0.5: the best is 6, 6, 2 (weighted 6, 6, 4) or 5, 6, 3
    # (5, 6, 6): a range of one primary, never zero.
    problem = build_problem(make_team([{"id": "a"}, {"id": "b"}, {"id": "c", "weight": 0.5}]))
    assert range_bounds(problem)["primary"] == pytest.approx(1.0, abs=1e-3)


def test_never_above_what_a_schedule_reaches():
    members = [{"id": f"m{i}"} for i in range(5)] + [{"id": "half", "weight": 0.5}]
    team = make_team(members, end="2027-01-25", rules={"min_rest_hours": 12})
    schedule = solve(team, time_limit=2, seed=3)
    bounds = range_bounds(build_problem(team))
    for line in schedule.report.fairness:
        assert bounds[line.quantity] <= line.range + 1e-6, line.quantity
