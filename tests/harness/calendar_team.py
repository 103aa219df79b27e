"""Helpers for the calendar and store tests: a tiny Berlin team across the March 2027 DST change, and
round-robin schedules built straight from expanded shifts (no solver needed)."""

from __future__ import annotations

from scheduler import Assignment, Schedule, Team, expand

# 2027-03-28 02:00 CET -> 03:00 CEST: the night shift of the 27th lasts 11 hours.
TEAM_YAML = """\
team: payments-sre
timezone: Europe/Berlin
start: 2027-03-26
end: 2027-03-30
roles: [primary, secondary]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice, name: Alice Wagner, email: alice@example.com}
  - {id: bob, name: Bob Schmidt, timezone: America/New_York}
  - {id: chen, name: Chen Li, timezone: Europe/London}
"""


def round_robin(team: Team, offset: int = 0) -> Schedule:
    """Each slot in CSV order goes to the next member; `offset` shifts everyone along."""
    shifts = expand(team)
    people = [m.id for m in team.members]
    assignments = []
    for shift in shifts:
        for role in team.roles:
            assignments.append(Assignment(shift, role, people[(len(assignments) + offset)
                                                              % len(people)]))
    return Schedule(team=team, shifts=shifts, assignments=assignments)
