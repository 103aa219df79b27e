"""Tiny team files for tests, written as YAML text so they go through the real loader."""

from __future__ import annotations

import yaml

from scheduler.teamfile.parse import parse_team

MINUTE, HOUR, DAY = 60, 3600, 86400  # seconds, for readable assertions

DAY_NIGHT = [{"name": "day", "start": "09:00", "end": "21:00"},
             {"name": "night", "start": "21:00", "end": "09:00"}]

# Two weeks, two members with email: the smallest team file the team-file key tests extend.
TWO_MEMBERS_YAML = """\
team: payments-sre
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-18
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice, email: alice@example.com}
  - {id: bob, email: bob@example.com}
"""


def team_yaml(members: list[dict] | int = 4, *, shifts=None, rules=None, start="2027-01-04",
              end="2027-01-11", timezone="Europe/Berlin", roles=None, **extra) -> str:
    if isinstance(members, int):
        members = [{"id": f"m{i}", "name": f"Member {i}"} for i in range(members)]
    doc = {"team": "test-sre", "timezone": timezone, "start": start, "end": end,
           "shifts": shifts or DAY_NIGHT, "members": members}
    if roles:
        doc["roles"] = roles
    if rules:
        doc["rules"] = rules
    doc.update(extra)
    return yaml.safe_dump(doc, sort_keys=False)


def make_team(members: list[dict] | int = 4, **kwargs):
    return parse_team(team_yaml(members, **kwargs), "test.yaml")
