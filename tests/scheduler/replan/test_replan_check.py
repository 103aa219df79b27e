"""The independent re-plan checker itself: it flags what it should (violating and clean cases)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.domain import Assignment, Schedule
from scheduler.shifts.expand import expand
from tests.harness.replan_check import changed_rows, fewest_changes, replan_violations
from tests.harness.teams import make_team

BERLIN = ZoneInfo("Europe/Berlin")
FROM = datetime(2027, 1, 6, tzinfo=BERLIN)
PLAN = {"start": "2027-01-04", "end": "2027-01-08"}


def rotation(team, order):
    shifts = expand(team)
    rows = []
    for s in shifts:
        pair = order[s.index % len(order)]
        rows += [Assignment(s, role, p) for role, p in zip(team.roles, pair, strict=True)]
    return Schedule(team, shifts, rows)


def test_clean_and_violating_replans():
    team = make_team(4, **PLAN)
    old = rotation(team, [("m0", "m1"), ("m2", "m3")])
    assert replan_violations(old, old, FROM) == [] and changed_rows(old, old, FROM) == 0
    # A kept row (before FROM) that changed is flagged, and is not a counted change.
    moved = Schedule(team, old.shifts, [Assignment(old.assignments[0].shift, "primary", "m2"),
                                        *old.assignments[1:]])
    assert any("kept row" in v for v in replan_violations(old, moved, FROM))
    assert changed_rows(old, moved, FROM) == 0
    # A later row given to someone on time off is flagged and counted.
    off = make_team([{"id": "m0", "time_off": [{"start": "2027-01-07", "end": "2027-01-07"}]},
                     {"id": "m1"}, {"id": "m2"}, {"id": "m3"}], **PLAN)
    late = rotation(off, [("m0", "m1"), ("m2", "m3")])
    assert any("m0 away" in v for v in replan_violations(old, late, FROM))
    swapped = rotation(team, [("m1", "m0"), ("m2", "m3")])
    assert changed_rows(old, swapped, FROM) == 4  # 2 later day shifts x 2 roles


def test_reference_model_finds_the_minimum_and_infeasibility():
    team = make_team(4, **PLAN)
    old = rotation(team, [("m0", "m1"), ("m2", "m3")])
    assert fewest_changes(team, old, FROM) == 0
    off = make_team([{"id": "m0", "time_off": [{"start": "2027-01-07", "end": "2027-01-07"}]},
                     {"id": "m1"}, {"id": "m2"}, {"id": "m3"}], **PLAN)
    # m0 holds only day rows, so only the 7 January day row must change hands.
    assert fewest_changes(off, old, FROM) == 1
    nobody = make_team([{"id": "m0", "time_off": [{"start": "2027-01-07", "end": "2027-01-07"}]},
                        {"id": "m1", "time_off": [{"start": "2027-01-07", "end": "2027-01-07"}]},
                        {"id": "m2", "time_off": [{"start": "2027-01-07", "end": "2027-01-07"}]}],
                       **PLAN)
    assert fewest_changes(nobody, rotation(nobody, [("m0", "m1"), ("m2", "m0")]), FROM) is None
