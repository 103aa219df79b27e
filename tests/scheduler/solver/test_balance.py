"""Issue 11: the spread of every load. Range and balance score on hand-checked schedules,
integer bounds for loads that come in whole slots, and a solve that closes the ranges."""

import pytest
import yaml

from bench.solve import instance
from scheduler.problem.loads import QUANTITIES
from scheduler.problem.metrics import balance_score, load_range
from scheduler.problem.slots import build_problem
from scheduler.solver.bounds.fairness import lower_bounds, lp_bound
from scheduler.solver.solve import solve
from scheduler.teamfile.parse import parse_team
from tests.harness.teams import make_team

Q = {q.name: q for q in QUANTITIES}


def test_range_and_balance_score_by_hand():
    problem = build_problem(make_team(3, end="2027-01-05"))  # one day and one night shift
    assert [(s.shift.template, s.role) for s in problem.slots] == [
        ("day", "primary"), ("day", "secondary"), ("night", "primary"), ("night", "secondary")]
    holders = [0, 1, 0, 2]
    raw = [0.0] * 3
    for slot, m in zip(range(4), holders, strict=True):
        raw[m] += problem.load["shifts"][slot][m]
    # shifts 2, 1, 1: range 1; pairs (2,1) (2,1) (1,1) -> (0.5 + 0.5 + 1) / 3
    assert load_range(problem, Q["shifts"], raw) == 1.0
    assert balance_score(problem, Q["shifts"], raw) == pytest.approx(2 / 3)
    # Nobody holding any night hours: two members with none count as even.
    assert balance_score(problem, Q["night"], [0.0, 0.0, 0.0]) == 1.0


def test_range_is_per_site_pool():
    shifts = [{"name": "emea", "start": "08:00", "end": "20:00", "site": "emea"},
              {"name": "amer", "start": "20:00", "end": "08:00", "site": "amer"}]
    members = [{"id": "e1", "site": "emea"}, {"id": "e2", "site": "emea"},
               {"id": "a1", "site": "amer"}, {"id": "a2", "site": "amer"}]
    problem = build_problem(make_team(members, shifts=shifts, end="2027-01-05",
                                      timezone="UTC"))
    # emea 1 and 1, amer 2 and 0: the amer pool's range, not max(2) - min over everyone.
    assert load_range(problem, Q["shifts"], [1.0, 1.0, 2.0, 0.0]) == 2.0
    assert load_range(problem, Q["shifts"], [2.0, 0.0, 1.0, 1.0]) == 2.0
    assert load_range(problem, Q["shifts"], [1.0, 1.0, 1.0, 1.0]) == 0.0


def test_night_bound_counts_whole_nights():
    # 3 members, 7 nights x 2 roles = 14 night slots of 10 night hours each (22-08). The LP
    # splits them 4.67 each (46.7 h); no schedule gives anyone a fraction of a night, so the
    # bound is 5 nights = 50 h.
    problem = build_problem(make_team(3))
    assert lp_bound(problem, Q["night"]) == pytest.approx(140 / 3)
    assert lower_bounds(problem)["night"] == pytest.approx(50.0)


def test_weekend_bound_rounds_up_to_whole_slots():
    # Weekend hours per slot: Fri night 9, Sat day 12, Sat night 12, Sun day 12, Sun night 3,
    # all multiples of 3 h; 96 h over 3 members is 32 h, which no member's load can equal.
    problem = build_problem(make_team(3))
    assert lp_bound(problem, Q["weekend"]) == pytest.approx(32.0)
    assert lower_bounds(problem)["weekend"] == pytest.approx(33.0)


def test_solve_closes_night_weekend_and_primary_ranges():
    members = [{"id": f"m{i}"} for i in range(6)]
    schedule = solve(make_team(members, end="2027-02-01", rules={"min_rest_hours": 12}),
                     time_limit=3, seed=1)
    lines = {line.quantity: line for line in schedule.report.fairness}
    assert lines["shifts"].range <= 1.0
    assert lines["night"].range <= 10.0  # one night's worth
    assert lines["weekend"].range <= 12.0  # one weekend shift
    assert lines["primary"].range <= 2.0
    assert all(0.0 < line.balance <= 1.0 for line in lines.values())


def test_the_readme_promise_on_the_12_person_quarter():
    # The README's fairness figures come from bench/solve.py; this is its 12-person, 13-week
    # team (half-time members, 10-day vacations) at the bench's 10 s limit and seed 0. The
    # budget is deterministic, so the ranges are the bench's on any machine.
    _, doc = instance("daynight-12x13")
    team = parse_team(yaml.safe_dump(doc, sort_keys=False), "daynight-12x13.yaml")
    lines = {line.quantity: line for line in solve(team, time_limit=10, seed=0).report.fairness}
    assert lines["night"].range <= 10.0 + 1e-6  # one night's 10 night hours
    assert lines["weekend"].range <= 12.0 + 1e-6  # one 12 h weekend shift
    assert lines["primary"].range <= 2.0
    assert lines["shifts"].achieved == pytest.approx(lines["shifts"].bound)
