"""Each hard rule of contract section 1: a schedule that breaks it is caught, and the solver's
schedule for a team where the rule bites keeps it."""

import itertools
from dataclasses import replace
from datetime import timedelta

import pytest

from scheduler import solve
from scheduler.errors import InfeasibleError
from tests.harness.hard_rules import violations
from tests.harness.teams import make_team

# The default path: one worker, deterministic budget, repeatable.
FAST = {"time_limit": 3, "seed": 0}
HOUR = timedelta(hours=1)


def break_rule(schedule, index, person):
    """A copy of the schedule with assignment `index` given to `person`."""
    rows = list(schedule.assignments)
    rows[index] = replace(rows[index], person=person)
    return replace(schedule, assignments=rows)


def holders(schedule, person):
    return [a for a in schedule.assignments if a.person == person]


def test_coverage_every_slot_exactly_once():
    schedule = solve(make_team(4), **FAST)
    assert violations(schedule) == []
    assert len(schedule.assignments) == len(schedule.shifts) * 2
    broken = break_rule(schedule, 0, None)
    assert any("uncovered" in v for v in violations(broken))


def test_role_eligibility():
    members = [{"id": "p1", "roles": ["primary"]}, {"id": "p2", "roles": ["primary"]},
               {"id": "s1", "roles": ["secondary"]}, {"id": "s2", "roles": ["secondary"]}]
    schedule = solve(make_team(members), **FAST)
    assert violations(schedule) == []
    assert {a.person for a in schedule.assignments if a.role == "secondary"} <= {"s1", "s2"}
    secondary_row = next(i for i, a in enumerate(schedule.assignments) if a.role == "secondary")
    assert "without the role" in " ".join(violations(break_rule(schedule, secondary_row, "p1")))


def test_site_eligibility_follow_the_sun():
    shifts = [{"name": "emea", "start": "06:00", "end": "14:00", "site": "emea"},
              {"name": "amer", "start": "14:00", "end": "22:00", "site": "amer"},
              {"name": "apac", "start": "22:00", "end": "06:00", "site": "apac"}]
    members = [{"id": f"{site}{i}", "site": site, "timezone": zone}
               for site, zone in (("emea", "Europe/London"), ("amer", "America/New_York"),
                                  ("apac", "Australia/Sydney")) for i in range(3)]
    schedule = solve(make_team(members, shifts=shifts, end="2027-01-08"), **FAST)
    assert violations(schedule) == []
    for a in schedule.assignments:
        assert a.person.startswith(a.shift.site)
    assert "site" in " ".join(violations(break_rule(schedule, 0, "apac0")))


def test_time_off_counts_in_the_members_own_zone():
    # Sydney time off on Jan 6 local covers Jan 5 13:00 to Jan 6 13:00 UTC.
    members = [{"id": "syd", "timezone": "Australia/Sydney",
                "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]}] + [
        {"id": f"m{i}"} for i in range(3)]
    schedule = solve(make_team(members), **FAST)
    assert violations(schedule) == []
    team = schedule.team
    off = team.member("syd").time_off[0]
    for a in holders(schedule, "syd"):
        local_start = a.shift.start.astimezone(team.member("syd").timezone)
        local_end = a.shift.end.astimezone(team.member("syd").timezone)
        assert not ((local_start.date() <= off.end and local_end.date() >= off.start and
                    local_end.time().hour + local_end.time().minute > 0) or local_start.date() == off.start)
    clash = next(i for i, a in enumerate(schedule.assignments)
                 if a.shift.start.astimezone(team.member("syd").timezone).date() == off.start)
    assert "time off" in " ".join(violations(break_rule(schedule, clash, "syd")))


def test_one_role_per_shift_and_no_overlap():
    schedule = solve(make_team(3), **FAST)
    assert violations(schedule) == []
    primary = schedule.assignments[0].person
    assert "two roles" in " ".join(violations(break_rule(schedule, 1, primary)))


def test_min_rest_hours():
    schedule = solve(make_team(7, rules={"min_rest_hours": 24}), **FAST)
    assert violations(schedule) == []
    for person in schedule.team.members:
        mine = sorted({a.shift.start: a.shift for a in holders(schedule, person.id)}.values(),
                      key=lambda s: s.start)
        for a, b in itertools.pairwise(mine):
            assert b.start - a.end >= 24 * HOUR
    # Give the next shift's primary to whoever held the first shift: 0 h of rest.
    first = schedule.assignments[0].person
    index = next(i for i, a in enumerate(schedule.assignments)
                 if a.shift.index == 1 and a.person != first)
    assert "rests" in " ".join(violations(break_rule(schedule, index, first)))


def test_min_rest_is_elapsed_time_across_dst():
    # 21:00 CET to 09:00 CEST is only 11 hours. With 12 h rest and 4 people, everyone must
    # hold every other shift at most; the 11 h night leaves Sunday's day shift 1 person short.
    team = make_team(4, rules={"min_rest_hours": 12}, start="2027-03-27", end="2027-03-29")
    with pytest.raises(InfeasibleError) as info:
        solve(team, **FAST)
    assert any(r.startswith("2027-03-28 09:00 day/") for r in info.value.reasons)
    schedule = solve(make_team(6, rules={"min_rest_hours": 12}, start="2027-03-27", end="2027-03-29"), **FAST)
    assert violations(schedule) == []


def test_max_shifts_per_week():
    team = make_team(8, rules={"max_shifts_per_week": 4}, end="2027-01-18")
    schedule = solve(team, **FAST)
    assert violations(schedule) == []
    person = schedule.assignments[0].person
    rows = list(schedule.assignments)
    # Hand `person` the primary of five day shifts in a row: 5 starts in a week.
    for i, a in enumerate(rows):
        if a.role == "primary" and a.shift.index in (0, 2, 4, 6, 8):
            rows[i] = replace(a, person=person)
    assert any("starts" in v for v in violations(replace(schedule, assignments=rows)))


def test_infeasible_team_names_the_shift_and_why():
    members = [{"id": "alice"}, {"id": "bob", "time_off": [{"start": "2027-01-05", "end": "2027-01-05"}]}]
    with pytest.raises(InfeasibleError) as info:
        solve(make_team(members, end="2027-01-07"), **FAST)
    assert "2027-01-05 09:00 day/secondary: 1 eligible member available (alice), 2 needed" in info.value.reasons


def test_infeasible_by_rest_rules_is_explained():
    # Two people, 12 h shifts, 12 h rest: each can take every other shift, but both are needed.
    with pytest.raises(InfeasibleError) as info:
        solve(make_team(2, rules={"min_rest_hours": 12}, end="2027-01-06"), **FAST)
    assert any("min_rest_hours=12" in r for r in info.value.reasons)


def test_allow_gaps_leaves_the_fewest_rows_uncovered():
    members = [{"id": "alice"}, {"id": "bob", "time_off": [{"start": "2027-01-05", "end": "2027-01-05"}]}]
    schedule = solve(make_team(members, end="2027-01-07"), allow_gaps=True, **FAST)
    gaps = [a for a in schedule.assignments if a.person is None]
    # Jan 5 local day: day and night shifts overlap it (the night of Jan 4 ends 09:00 Jan 5 too).
    assert len(gaps) == 3
    assert schedule.report.uncovered == 3
    assert len({a.shift.index for a in gaps}) == 3  # one role short on each affected shift


def test_weights_and_availability_give_pro_rata_shares():
    members = [{"id": "full1"}, {"id": "full2"}, {"id": "full3"}, {"id": "half", "weight": 0.5}]
    schedule = solve(make_team(members, end="2027-01-18"), **FAST)
    count = {m.id: len(holders(schedule, m.id)) for m in schedule.team.members}
    assert count["half"] < min(count["full1"], count["full2"], count["full3"])
    shifts_line = next(line for line in schedule.report.fairness if line.quantity == "shifts")
    assert shifts_line.achieved >= shifts_line.bound - 1e-9
    assert shifts_line.achieved - shifts_line.bound <= 1.0


def test_same_seed_and_limit_same_schedule():
    # Deterministic time, not the wall clock, ends the search, so reruns match exactly.
    team = make_team(6, rules={"min_rest_hours": 12}, end="2027-01-18")
    first = solve(team, time_limit=3, seed=7)
    second = solve(team, time_limit=3, seed=7)
    if first.report.wall_capped or second.report.wall_capped:
        pytest.skip("the machine was too busy: the wall-clock safety cap ended a run")
    assert [a.person for a in first.assignments] == [a.person for a in second.assignments]


# ------------------------------------------------ member extensions: unavailable, joins, leaves


def test_recurring_unavailability_in_the_members_own_zone():
    # 00:00-06:00 New York is 06:00-12:00 Berlin (winter): every day shift (09-21) and every
    # night shift (21-09) touches it, so "ny" can hold nothing; weekends also off for "wk".
    members = [{"id": "ny", "timezone": "America/New_York",
                "unavailable": [{"start": "00:00", "end": "06:00"}]},
               {"id": "wk", "unavailable": [{"days": ["Sat", "Sun"]}]},
               *({"id": f"m{i}"} for i in range(4))]
    schedule = solve(make_team(members), **FAST)
    assert violations(schedule) == []
    assert holders(schedule, "ny") == []
    assert all(a.shift.start.astimezone(schedule.team.timezone).weekday() < 5
               for a in holders(schedule, "wk"))
    assert "unavailable" in " ".join(violations(break_rule(schedule, 0, "ny")))
    saturday = next(i for i, a in enumerate(schedule.assignments)
                    if a.shift.start.astimezone(schedule.team.timezone).weekday() == 5)
    assert "unavailable Sat" in " ".join(violations(break_rule(schedule, saturday, "wk")))


def test_a_member_holds_nothing_before_joining_or_after_leaving():
    members = [{"id": "new", "joins": "2027-01-07"}, {"id": "old", "leaves": "2027-01-07"},
               *({"id": f"m{i}"} for i in range(3))]
    schedule = solve(make_team(members), **FAST)
    assert violations(schedule) == []
    zone = schedule.team.timezone
    assert all(a.shift.start.astimezone(zone).date().day >= 7 for a in holders(schedule, "new"))
    assert all(a.shift.end.astimezone(zone).date().day <= 7 for a in holders(schedule, "old"))
    assert holders(schedule, "new") and holders(schedule, "old")
    assert "before joining" in " ".join(violations(break_rule(schedule, 0, "new")))
    assert "after leaving" in " ".join(violations(break_rule(schedule, len(schedule.assignments)
                                                             - 1, "old")))


def test_the_validator_passes_a_shift_that_ends_as_unavailability_starts():
    # Boundary: a day shift 09:00-21:00 next to unavailability from 21:00 is allowed.
    members = [{"id": "eve", "unavailable": [{"start": "21:00", "end": "09:00"}]},
               *({"id": f"m{i}"} for i in range(4))]
    schedule = solve(make_team(members), **FAST)
    assert violations(schedule) == []
    assert all(a.shift.template == "day" for a in holders(schedule, "eve"))
    day_row = next(i for i, a in enumerate(schedule.assignments) if a.shift.template == "day"
                   and a.person != "eve" and not any(
                       b.person == "eve" and b.shift == a.shift for b in schedule.assignments))
    assert not any("eve" in v for v in violations(break_rule(schedule, day_row, "eve")))
    night_row = next(i for i, a in enumerate(schedule.assignments) if a.shift.template == "night")
    assert "unavailable" in " ".join(violations(break_rule(schedule, night_row, "eve")))
