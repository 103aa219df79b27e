"""Contract section 7 hard rules, one group each: required skills, shadow rows and busy
elsewhere. Per rule: the independent validator catches a schedule that breaks it, the solver's
schedule keeps it, and an impossible team is explained."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.errors import InfeasibleError
from scheduler.formats.csvfile import schedule_csv
from scheduler.solver.solve import solve
from scheduler.teamfile.busy import BusyRow, with_busy
from tests.harness.hard_rules import violations
from tests.harness.teams import make_team

FAST = {"time_limit": 3}
SKILLED = [{"id": "alice", "skills": ["failover", "rollback"]},
           {"id": "bob", "skills": ["rollback"]},
           {"id": "carol", "skills": ["failover"]},
           {"id": "dan", "skills": ["tracing"]},
           {"id": "erin", "skills": ["rollback", "failover"]}]
SKILLS = {"required_skills": ["failover", "rollback"]}


def skills_of(schedule, shift_index):
    members = {m.id: m for m in schedule.team.members}
    return {s for a in schedule.assignments if a.shift.index == shift_index and a.person
            and a.role != "shadow" for s in members[a.person].skills}


# ------------------------------------------------------------------ required skills


def test_every_shift_has_each_required_skill():
    schedule = solve(make_team(SKILLED, rules=SKILLS), **FAST)
    assert violations(schedule) == []
    for shift in schedule.shifts:
        assert {"failover", "rollback"} <= skills_of(schedule, shift.index)


def test_validator_catches_a_shift_without_a_required_skill():
    schedule = solve(make_team(SKILLED, rules=SKILLS), **FAST)
    rows = [a for a in schedule.assignments if a.shift.index == 0]
    # Give shift 0 to bob (rollback) and dan (tracing): nobody there has failover.
    broken = [replace(a, person={"primary": "bob", "secondary": "dan"}[a.role])
              if a.shift.index == 0 else a for a in schedule.assignments]
    assert len(rows) == 2
    found = violations(replace(schedule, assignments=broken))
    assert any(v.endswith("nobody holds required skill 'failover'") for v in found)


def test_a_skill_nobody_free_has_is_named_with_who_has_it():
    members = [{"id": "alice", "skills": ["failover"],
                "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]},
               {"id": "bob"}, {"id": "carol"}]
    team = make_team(members, rules={"required_skills": ["failover"]})
    with pytest.raises(InfeasibleError) as info:
        solve(team, **FAST)
    assert ("2027-01-05 21:00 night: nobody free has 'failover' "
            "(only alice, who is on time off)") in info.value.reasons
    assert len(info.value.reasons) == 3  # 05 night, 06 day, 06 night


def test_allow_gaps_keeps_going_past_a_skill_nobody_has():
    members = [{"id": "alice", "skills": ["failover"],
                "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]},
               {"id": "bob"}, {"id": "carol"}]
    team = make_team(members, rules={"required_skills": ["failover"]})
    schedule = solve(team, allow_gaps=True, **FAST)
    assert schedule.report.uncovered == 0
    assert any("nobody free has 'failover'" in note for note in schedule.report.notes)


# ------------------------------------------------------------------ shadows

TRAINEE = [*({"id": f"m{i}"} for i in range(4)), {"id": "tina", "shadow_shifts": 3}]


def shadow_rows(schedule):
    return [a for a in schedule.assignments if a.role == "shadow"]


def test_trainee_gets_exactly_n_shadow_rows_next_to_an_experienced_primary():
    team = make_team(TRAINEE, rules={"min_rest_hours": 12}, end="2027-01-18")
    schedule = solve(team, **FAST)
    assert violations(schedule) == []
    shadows = shadow_rows(schedule)
    assert len(shadows) == 3 and {a.person for a in shadows} == {"tina"}
    primaries = {a.shift.index: a.person for a in schedule.assignments if a.role == "primary"}
    assert all(primaries[a.shift.index] != "tina" for a in shadows)
    # Shadow rows cover nothing and count for no fairness load.
    assert schedule.report.loads["tina"]["shifts"] == sum(
        1 for a in schedule.assignments if a.person == "tina" and a.role != "shadow")


def test_shadow_row_comes_right_after_its_shifts_roles():
    team = make_team(TRAINEE, end="2027-01-08")
    lines = schedule_csv(solve(team, **FAST)).splitlines()[1:]
    for i, line in enumerate(lines):
        if ",shadow," in line:
            start = line.split(",")[0]
            assert lines[i - 2].startswith(start) and ",primary," in lines[i - 2]
            assert lines[i - 1].startswith(start) and ",secondary," in lines[i - 1]


def test_no_shadow_rows_without_shadow_shifts():
    schedule = solve(make_team(4), **FAST)
    assert shadow_rows(schedule) == []


def test_shadows_are_spread_over_the_plan():
    team = make_team([*({"id": f"m{i}"} for i in range(4)), {"id": "tina", "shadow_shifts": 2}],
                     end="2027-01-18")
    first, second = sorted(a.shift.start for a in shadow_rows(solve(team, **FAST)))
    assert second - first >= timedelta(days=3)  # half the ideal gap of 7 days


def test_shadows_do_not_count_toward_the_weekly_cap():
    # 28 slots, 9 regulars x 3 = 27: the trainee must hold a secondary row on top of 3 shadows.
    members = [*({"id": f"m{i}"} for i in range(9)),
               {"id": "tina", "shadow_shifts": 3, "roles": ["secondary"]}]
    schedule = solve(make_team(members, rules={"max_shifts_per_week": 3}), **FAST)
    assert violations(schedule) == []
    tina = [a.role for a in schedule.assignments if a.person == "tina"]
    assert tina.count("shadow") == 3 and tina.count("secondary") >= 1


def test_validator_catches_broken_shadow_rows():
    team = make_team(TRAINEE, rules={"min_rest_hours": 12}, end="2027-01-18")
    schedule = solve(team, **FAST)
    shadow = shadow_rows(schedule)[0]
    i = schedule.assignments.index(shadow)
    primary_row = next(j for j, a in enumerate(schedule.assignments)
                       if a.shift.index == shadow.shift.index and a.role == "primary")
    taught_by_trainee = list(schedule.assignments)
    taught_by_trainee[primary_row] = replace(taught_by_trainee[primary_row], person="tina")
    found = violations(replace(schedule, assignments=taught_by_trainee))
    assert any("shadows a primary who is a trainee or nobody (tina)" in v for v in found)
    dropped = [a for j, a in enumerate(schedule.assignments) if j != i]
    assert "tina shadows 2 shifts, not shadow_shifts=3" in violations(
        replace(schedule, assignments=dropped))
    wrong = list(schedule.assignments)
    wrong[i] = replace(shadow, person="m0")
    assert any(v.endswith("m0 shadows without shadow_shifts")
               for v in violations(replace(schedule, assignments=wrong)))


def test_shadows_keep_rest_and_time_off_for_the_trainee():
    members = [*({"id": f"m{i}"} for i in range(4)),
               {"id": "tina", "shadow_shifts": 4, "roles": ["secondary"],
                "time_off": [{"start": "2027-01-04", "end": "2027-01-10"}]}]
    schedule = solve(make_team(members, rules={"min_rest_hours": 12}, end="2027-01-18"), **FAST)
    assert violations(schedule) == []
    assert all(a.shift.start >= datetime(2027, 1, 10, 23, tzinfo=UTC)
               for a in schedule.assignments if a.person == "tina")


def test_too_many_shadow_shifts_is_explained():
    members = [*({"id": f"m{i}"} for i in range(4)),
               {"id": "tina", "shadow_shifts": 5,
                "time_off": [{"start": "2027-01-04", "end": "2027-01-08"}]}]
    with pytest.raises(InfeasibleError) as info:
        solve(make_team(members), **FAST)
    assert info.value.reasons == [
        "tina: shadow_shifts=5, but only 4 shift(s) of the plan have them free next to a "
        "primary without shadow_shifts"]


# ------------------------------------------------------------------ busy elsewhere


def busy(person, start, end):
    return BusyRow(person, datetime.fromisoformat(start).astimezone(UTC),
                   datetime.fromisoformat(end).astimezone(UTC), "other.csv:2")


def test_busy_elsewhere_is_time_away_with_rest_around_it():
    team = make_team(5, rules={"min_rest_hours": 12})
    # m0 is IMOC Tue 09:00 to Thu 09:00: nothing from Mon 21:00 to Thu 21:00.
    team = with_busy(team, [busy("m0", "2027-01-05T09:00:00+01:00", "2027-01-07T09:00:00+01:00"),
                            busy("stranger", "2027-01-04T09:00:00+01:00",
                                 "2027-01-11T09:00:00+01:00")])
    schedule = solve(team, **FAST)
    assert violations(schedule) == []
    lo, hi = datetime(2027, 1, 4, 21, tzinfo=UTC), datetime(2027, 1, 7, 20, tzinfo=UTC)
    assert not [a for a in schedule.assignments if a.person == "m0"
                and a.shift.start < hi and lo < a.shift.end]


def test_validator_catches_a_row_inside_the_rest_around_busy_time():
    team = make_team(4, rules={"min_rest_hours": 12})
    schedule = solve(team, **FAST)
    holder = schedule.assignments[0].person  # Mon 09:00-21:00
    busy_team = with_busy(team, [busy(holder, "2027-01-05T08:00:00+01:00",
                                      "2027-01-05T10:00:00+01:00")])
    found = violations(replace(schedule, team=busy_team))
    assert any(f"{holder} is busy in another team" in v for v in found)


def test_busy_primary_only_member_is_explained():
    members = [{"id": "p", "roles": ["primary"]}, {"id": "s1", "roles": ["secondary"]},
               {"id": "s2", "roles": ["secondary"]}]
    team = with_busy(make_team(members), [busy("p", "2027-01-06T12:00:00+01:00",
                                               "2027-01-06T13:00:00+01:00")])
    with pytest.raises(InfeasibleError) as info:
        solve(team, **FAST)
    assert info.value.reasons == ["2027-01-06 09:00 day/primary: no eligible member available "
                                  "(all are on time off, unavailable or busy in another team)"]


# ------------------------------------------------------------------ any roles


def test_an_imoc_rotation_is_a_team_with_its_own_role():
    shifts = [{"name": "week", "start": "Mon 10:00", "end": "Mon 10:00"}]
    team = make_team(3, roles=["imoc"], shifts=shifts, end="2027-02-01")
    schedule = solve(team, **FAST)
    assert violations(schedule) == []
    assert {a.role for a in schedule.assignments} == {"imoc"}
    assert len({a.person for a in schedule.assignments}) == 3


def test_greedy_start_keeps_required_skills_by_looking_one_slot_ahead():
    from scheduler.problem.slots import build_problem
    from scheduler.solver.greedy import fair_greedy
    from scheduler.solver.skill_model import skills_kept

    members = [{"id": "a", "skills": ["s0"]}, {"id": "b", "skills": ["s1"]},
               {"id": "ab", "skills": ["s0", "s1"]}, {"id": "c"}, {"id": "d"}]
    problem = build_problem(make_team(members, rules={"required_skills": ["s0", "s1"]}))
    assert skills_kept(problem, fair_greedy(problem))


def test_required_skills_raise_the_provable_bound():
    # alice alone has failover, so she holds a slot of all 14 shifts: no schedule does better.
    members = [{"id": "alice", "skills": ["failover"]}, {"id": "bob"}, {"id": "carol"}]
    schedule = solve(make_team(members, rules={"required_skills": ["failover"]}), **FAST)
    shifts = next(line for line in schedule.report.fairness if line.quantity == "shifts")
    assert shifts.bound == pytest.approx(14.0)
    assert shifts.achieved == pytest.approx(14.0)
    hours = next(line for line in schedule.report.fairness if line.quantity == "hours")
    assert hours.bound == pytest.approx(7 * 24.0)
