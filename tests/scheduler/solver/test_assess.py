"""The fairness report of a stored schedule is the one its solve gave."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scheduler import solve
from scheduler.errors import ScheduleFileError
from scheduler.solver.report.assess import fairness_report
from tests.harness.teams import make_team


@pytest.fixture(scope="module")
def schedule():
    return solve(make_team(3), time_limit=2, seed=0)


def test_same_fairness_as_the_solve(schedule):
    report = fairness_report(schedule)
    assert report.status == "assessed" and report.uncovered == 0
    assert report.fairness == schedule.report.fairness
    assert report.loads == schedule.report.loads
    assert report.targets == schedule.report.targets


def test_an_uncovered_row_makes_gaps(schedule):
    rows = list(schedule.assignments)
    rows[0] = replace(rows[0], person=None)
    report = fairness_report(replace(schedule, assignments=rows))
    assert (report.status, report.uncovered) == ("gaps", 1)


def test_a_stranger_is_refused(schedule):
    rows = list(schedule.assignments)
    rows[0] = replace(rows[0], person="zoe")
    with pytest.raises(ScheduleFileError, match="'zoe' is not a member"):
        fairness_report(replace(schedule, assignments=rows), "s.csv")
