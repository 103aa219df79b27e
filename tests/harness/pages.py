"""A tiny team and a PagerDuty export writer for the analysis tests."""

from __future__ import annotations

TEAM_YAML = """\
team: tiny
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-11
roles: [primary]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice, name: Alice Wagner, email: alice@example.com}
  - {id: bob, name: Bob Schmidt, email: bob@example.com, timezone: America/New_York}
"""

PD_HEADER = ("id,incident_number,description,created_on,acknowledged_by_user_names,"
             "assigned_to_user_names,urgency,seconds_to_first_ack")


def pd_csv(*rows: str) -> bytes:
    return ("\n".join([PD_HEADER, *rows]) + "\n").encode()
