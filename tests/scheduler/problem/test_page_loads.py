"""Expected pages as balanced loads inside the scheduler (plain numbers in, no analysis)."""

from __future__ import annotations

import pytest

from scheduler.problem.page_loads import ExpectedPages, add_page_loads
from scheduler.problem.slots import build_problem
from scheduler.teamfile.parse import parse_team

TEAM = """\
team: t
timezone: Europe/Berlin
start: 2027-04-05
end: 2027-04-07
roles: [primary, secondary]
shifts:
  - {name: day, start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: a, name: A}
  - {id: b, name: B, timezone: America/New_York}
  - {id: c, name: C, time_off: [{start: 2027-04-06, end: 2027-04-06}]}
"""
PER_SHIFT = {0: 1.5, 1: 3.0, 2: 0.25, 3: 2.0}
SLEEP = {"Europe/Berlin": {0: 0.0, 1: 2.5, 2: 0.0, 3: 1.0},
         "America/New_York": {0: 0.5, 1: 0.5, 2: 0.1, 3: 0.2}}


@pytest.fixture
def problem():
    problem = build_problem(parse_team(TEAM))
    add_page_loads(problem, ExpectedPages(PER_SHIFT, SLEEP))
    return problem


def test_only_primary_slots_carry_pages_in_hundredths(problem):
    for i, slot in enumerate(problem.slots):
        amounts = set(problem.load["pages"][i].values())
        if slot.role == "primary":
            assert amounts == {round(PER_SHIFT[slot.shift.index] * 100)}
        else:
            assert amounts == {0}


def test_sleep_pages_follow_each_members_zone(problem):
    night_primary = next(i for i, s in enumerate(problem.slots)
                         if s.shift.index == 1 and s.role == "primary")
    column = problem.load["sleep_pages"][night_primary]
    assert column[0] == 250 and column[1] == 50  # a in Berlin, b in New York


def test_pages_are_balanced_pro_rata_and_reported(problem):
    names = [q.name for q in problem.quantities]
    assert names[-2:] == ["pages", "sleep_pages"]
    factors = problem.factor["pages"]
    # c is away on the 6th, so can hold less of the load: a smaller fair share.
    assert factors[0] == factors[1] == 1.0 and 0 < factors[2] < 1.0


def test_a_problem_without_pages_has_only_the_registry_loads():
    problem = build_problem(parse_team(TEAM))
    assert "pages" not in problem.load
    assert [q.name for q in problem.quantities][:6] == ["shifts", "hours", "weekend", "holiday",
                                                        "night", "primary"]


def test_adding_the_page_loads_twice_is_refused(problem):
    with pytest.raises(ValueError, match="already in the problem"):
        add_page_loads(problem, ExpectedPages(PER_SHIFT, SLEEP))
