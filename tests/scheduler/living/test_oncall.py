"""Time on call (scheduler.living.oncall): elapsed hours, clipped to a window, shared over the plan."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler import Assignment, parse_team
from scheduler.living.oncall import on_call_hours, on_call_shares, plan_span_hours
from tests.harness.calendar_team import TEAM_YAML, round_robin

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)


@pytest.fixture
def schedule():
    return round_robin(parse_team(TEAM_YAML, "team.yaml"))


def test_the_plan_spans_four_days_less_the_spring_forward_hour(schedule):
    # 2027-03-26 09:00 CET to 2027-03-30 09:00 CEST: 96 clock hours, 95 elapsed.
    assert plan_span_hours(schedule) == 95.0


def test_every_role_hour_counts_once(schedule):
    assert sum(on_call_hours(schedule).values()) == 2 * 95.0


def test_hours_are_clipped_to_the_window(schedule):
    start = datetime(2027, 3, 26, 9, tzinfo=BERLIN)
    hours = on_call_hours(schedule, start, start + 6 * HOUR)
    # The first day shift: alice primary, bob secondary (round robin in CSV order).
    assert hours == {"alice": 6.0, "bob": 6.0}


def test_uncovered_rows_count_for_nobody(schedule):
    first = schedule.assignments[0]
    schedule.assignments[0] = Assignment(first.shift, first.role, None)
    assert sum(on_call_hours(schedule).values()) == 2 * 95.0 - 12.0


def test_shares_list_every_member(schedule):
    shares = on_call_shares(schedule)
    assert list(shares) == ["alice", "bob", "chen"]
    assert sum(share for _, share in shares.values()) == pytest.approx(2.0)
