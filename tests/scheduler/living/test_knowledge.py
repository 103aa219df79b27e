"""Skills matrix and knowledge risk, and the team editor's skills and trainee columns."""

from __future__ import annotations

import yaml

from scheduler.living.knowledge import all_skills, knowledge_risks, skills_matrix
from scheduler.teamfile.busy import BusyRow, with_busy
from scheduler.teamfile.edit import edited_rules, member_rows, rebuild_team_file
from scheduler.teamfile.parse import parse_team
from tests.harness.teams import make_team, team_yaml

MEMBERS = [{"id": "alice", "skills": ["failover", "tracing"],
            "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]},
           {"id": "bob", "skills": ["failover"]},
           {"id": "carol", "skills": ["rollback"]}]


def test_matrix_lists_required_skills_first():
    team = make_team(MEMBERS, rules={"required_skills": ["rollback"]})
    assert all_skills(team) == ["rollback", "failover", "tracing"]
    assert skills_matrix(team)["alice"] == {"rollback": False, "failover": True, "tracing": True}


def test_knowledge_risk_is_a_shift_with_one_available_holder():
    team = make_team(MEMBERS, end="2027-01-08")
    risks = {(r.shift.start.isoformat(), r.skill): r.available for r in knowledge_risks(team)}
    # failover: alice and bob, except on alice's day off, when only bob is free.
    assert risks[("2027-01-06T08:00:00+00:00", "failover")] == ("bob",)
    assert ("2027-01-05T08:00:00+00:00", "failover") not in risks
    # rollback and tracing have one holder each: every shift is at risk (or has nobody).
    assert risks[("2027-01-05T08:00:00+00:00", "rollback")] == ("carol",)
    assert risks[("2027-01-06T08:00:00+00:00", "tracing")] == ()


def test_busy_elsewhere_counts_as_unavailable_for_knowledge_risk():
    from datetime import UTC, datetime

    team = with_busy(make_team(MEMBERS, end="2027-01-06"), [BusyRow(
        "bob", datetime(2027, 1, 4, 0, tzinfo=UTC), datetime(2027, 1, 4, 12, tzinfo=UTC), "x")])
    risks = {(r.shift.start.isoformat(), r.skill): r.available for r in knowledge_risks(team)}
    assert risks[("2027-01-04T08:00:00+00:00", "failover")] == ("alice",)


def test_editor_round_trips_skills_trainees_and_required_skills():
    spec = yaml.safe_load(team_yaml([{**m, "name": m["id"].title()} for m in MEMBERS]))
    rows = member_rows(spec)
    assert rows[0]["skills"] == "failover, tracing" and rows[0]["shadow_shifts"] == 0
    rows[2]["shadow_shifts"] = 4  # the lead marks carol as a trainee
    rows[1]["skills"] = "failover, rollback"
    rules = edited_rules({}, 0, 0, 2, "rollback, failover")
    team = parse_team(yaml.safe_dump(rebuild_team_file(spec, rows, [], spec["shifts"], rules)))
    assert team.member("carol").shadow_shifts == 4
    assert team.member("bob").skills == {"failover", "rollback"}
    assert team.rules.required_skills == ("rollback", "failover")
    cleared = edited_rules({"required_skills": ["x"]}, 0, 0, 2, "")
    assert "required_skills" not in {k for k, v in cleared.items() if v is not None}


def test_shadow_rows_are_not_time_on_call():
    from scheduler.formats.csvfile import parse_schedule
    from scheduler.living.oncall import on_call_hours

    team = make_team([{"id": "alice"}, {"id": "bob"}, {"id": "tina", "shadow_shifts": 1}],
                     end="2027-01-05")
    text = ("start,end,shift,role,person,site\n"
            "2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,\n"
            "2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,secondary,bob,\n"
            "2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,shadow,tina,\n")
    assert on_call_hours(parse_schedule(text, team)) == {"alice": 12.0, "bob": 12.0}
