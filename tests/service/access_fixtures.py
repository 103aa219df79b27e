"""A tiny team with one lead, one member and one member without email, its round-robin
schedule and a paging export: enough to call every state-changing service function."""

from __future__ import annotations

from scheduler import Assignment, Schedule, expand, parse_team
from scheduler.formats.csvfile import schedule_csv
from service.access import Actor

TEAM = "gate-sre"
TEAM_YAML = """\
team: gate-sre
timezone: Europe/Berlin
start: 2027-03-01
end: 2027-03-03
roles: [primary]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: lea, name: Lea Lead, email: Lea@Example.com}
  - {id: max, name: Max Member, email: max@example.com}
  - {id: nomail, name: No Email}
leads: [lea]
"""
PAGES_CSV = (
    "id,created_at,responder,severity\n"
    "P1,2027-03-01T23:10:00+01:00,max,critical\n"
    "P2,not a time,max,critical\n"
)

LEAD = Actor(email="lea@example.com")  # the file says Lea@Example.com: case does not matter
MEMBER = Actor(email="MAX@example.com")
OUTSIDER = Actor(email="eve@elsewhere.example")


def round_robin_csv(team_yaml: str = TEAM_YAML, offset: int = 0) -> str:
    team = parse_team(team_yaml, "team.yaml")
    people = [m.id for m in team.members]
    shifts = expand(team)
    assignments = [Assignment(s, "primary", people[(s.index + offset) % len(people)])
                   for s in shifts]
    return schedule_csv(Schedule(team=team, shifts=shifts, assignments=assignments))
