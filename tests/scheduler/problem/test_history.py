"""`rota solve --history`: earlier plans' loads count toward fairness, shared by weight; a
member not in the history counts as having carried their fair share."""

import csv

import pytest

from scheduler.domain import Assignment, Schedule
from scheduler.formats.csvfile import write_schedule
from scheduler.problem.history import history_of
from scheduler.problem.slots import build_problem
from scheduler.shifts.expand import expand
from scheduler.solver.solve import Solver
from service.cli import main
from tests.harness.teams import make_team, team_yaml

Q1 = {"start": "2027-01-04", "end": "2027-01-18"}
Q2 = {"start": "2027-01-18", "end": "2027-02-01"}


def overloaded_quarter(team, heavy=("m0", "m1")):
    """Quarter 1: the two `heavy` members hold both roles of 10 shifts each of the 14 days;
    the others share what is left (so m0, m1 hold 20 rows each, m2, m3 hold 8)."""
    shifts = expand(team)
    assignments = []
    for s in shifts:
        pair = heavy if s.index % 28 < 20 else tuple(m.id for m in team.members if m.id not in heavy)
        assignments += [Assignment(s, role, person) for role, person in zip(team.roles, pair,
                                                                            strict=True)]
    return Schedule(team, shifts, assignments)


def test_history_is_shared_by_weight_and_newcomers_carried_their_share():
    team = make_team([{"id": "m0"}, {"id": "m1"}, {"id": "m2"}, {"id": "m3", "weight": 0.5},
                      {"id": "new"}], **Q1)
    past = overloaded_quarter(make_team(4, **Q1))
    history = history_of(team, [past])
    assert set(history.loads) == {"m0", "m1", "m2", "m3"}
    total = sum(h["shifts"] for h in history.loads.values())
    assert total == 56
    # Shares by weight over the members in the history: 56 x 1 / 3.5 = 16, m3 gets 8.
    assert history.excess["m0"]["shifts"] == history.loads["m0"]["shifts"] - 16
    assert history.excess["m3"]["shifts"] == history.loads["m3"]["shifts"] - 8
    assert "new" not in history.excess
    assert history.preload(["new", "m0"])["shifts"] == [0, history.excess["m0"]["shifts"]]


def test_the_same_history_twice_counts_once():
    team = make_team(4, **Q1)
    past = overloaded_quarter(team)
    assert history_of(team, [past, past]).loads == history_of(team, [past]).loads


@pytest.mark.parametrize("with_history", [True, False])
def test_two_quarters_bring_combined_loads_within_one_shift_of_the_bound(with_history):
    q1_team = make_team(4, **Q1)
    q2_team = make_team(4, **Q2)
    history = history_of(q2_team, [overloaded_quarter(q1_team)])
    preload = history.preload([m.id for m in q2_team.members])
    problem = build_problem(q2_team)
    if with_history:
        problem.preload = preload
    schedule = Solver(q2_team, time_limit=4).solve(problem)
    held = {m.id: sum(1 for a in schedule.assignments if a.person == m.id) for m in q2_team.members}
    combined = {p: held[p] + history.loads[p]["shifts"] for p in held}
    if with_history:
        # 112 rows over two quarters: 28 each is the combined bound; allow one shift.
        assert max(combined.values()) <= 28 + 1
        assert held["m0"] < held["m2"] and held["m1"] < held["m3"]
    else:
        assert max(held.values()) == 14  # the plan alone is balanced, the history is not
        assert max(combined.values()) == 34


def test_combined_bound_is_water_filling():
    from scheduler.problem.history import combined_bound
    from scheduler.problem.loads import QUANTITIES

    team = make_team(4, **Q2)
    problem = build_problem(team)
    # 56 slots; excess +6, +6, -6, -6: the bound is t with 2(t-6) + 2(t+6) = 56, so 14.
    preload = {"shifts": [6, 6, -6, -6]}
    assert combined_bound(problem, QUANTITIES[0], preload) == pytest.approx(14.0)
    # One member far ahead: the other three share 56 (t = 18.67), but that member's own
    # history alone is 40.
    preload = {"shifts": [40, 0, 0, 0]}
    assert combined_bound(problem, QUANTITIES[0], preload) == pytest.approx(40)
    preload = {"shifts": [10, 0, 0, -10]}
    # 4t - 10 + 10 = 56 -> t = 14, above the largest excess 10.
    assert combined_bound(problem, QUANTITIES[0], preload) == pytest.approx(14)


def test_cli_solve_with_history_prints_both_tables(tmp_path, capsys):
    q1_team = make_team(4, **Q1)
    past = tmp_path / "q1.csv"
    write_schedule(overloaded_quarter(q1_team), past)
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(4, **Q2))
    out = tmp_path / "q2.csv"
    assert main(["solve", str(team), "--out", str(out), "--history", str(past),
                 "--time-limit", "3", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "history + plan" in printed and "plan alone:" in printed
    rows = list(csv.DictReader(out.open()))
    counts = {p: sum(1 for r in rows if r["person"] == p) for p in ("m0", "m1", "m2", "m3")}
    assert counts["m0"] + counts["m1"] < counts["m2"] + counts["m3"]


def test_cli_bad_history_file_exits_2(tmp_path, capsys):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(4, **Q2))
    bad = tmp_path / "past.csv"
    bad.write_text("start,end,shift,role,person,site\nnot-a-time,x,day,primary,m0,\n")
    assert main(["solve", str(team), "--out", str(tmp_path / "o.csv"), "--history", str(bad),
                 "--quiet"]) == 2
    assert "past.csv:2: start: not an ISO 8601 time" in capsys.readouterr().err
