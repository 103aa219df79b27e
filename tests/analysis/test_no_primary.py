"""Only `primary` takes incidents: a team whose roles have no primary (an IMOC rotation) gets
every incident rejected as `no primary on call` when analysed against its schedule, and its
responders counted without one."""

from __future__ import annotations

from analysis.api import analyze
from scheduler.formats.csvfile import parse_schedule
from scheduler.teamfile.parse import parse_team

TEAM = """\
team: imoc
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-11
roles: [imoc]
shifts:
  - {name: week, start: "Mon 10:00", end: "Mon 10:00"}
members:
  - {id: alice}
  - {id: bob}
"""
SCHEDULE = """\
start,end,shift,role,person,site
2027-01-04T10:00:00+01:00,2027-01-11T10:00:00+01:00,week,imoc,alice,
"""
PAGES = b"""id,created_at,responder
I1,2027-01-05T10:00:00+01:00,bob
I2,2027-01-06T10:00:00+01:00,bob
"""


def test_imoc_schedule_takes_no_incidents():
    team = parse_team(TEAM, "imoc.yaml")
    result = analyze(PAGES, team, parse_schedule(SCHEDULE, team))
    assert len(result.incidents) == 0
    assert list(result.rejected["reason"]) == ["no primary on call"] * 2
    assert int(result.people.set_index("person").loc["alice", "incidents"]) == 0


def test_without_a_schedule_the_responder_counts():
    team = parse_team(TEAM, "imoc.yaml")
    result = analyze(PAGES, team)
    assert int(result.people.set_index("person").loc["bob", "incidents"]) == 2
