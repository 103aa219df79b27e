"""A tiny team, its schedule and a running local PagerDuty for each test (the store fixture is
tests/conftest.py's: SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.formats.csvfile import parse_schedule
from scheduler.teamfile.parse import parse_team
from tests.pager.servers.pagerduty_server import FakePagerDuty, running

HOUR = timedelta(hours=1)
# 2027-01-04 is a Monday; the team is in Berlin (UTC+1 in January).
MONDAY_9 = datetime(2027, 1, 4, 8, tzinfo=UTC)
USERS = {"PALICE1", "PBOB002", "PCAROL3"}

TEAM_YAML = """\
team: payments-sre
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-06
roles: [primary]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice, aliases: {pagerduty: PALICE1}}
  - {id: bob, aliases: {pagerduty: PBOB002}}
  - {id: carol, aliases: {pagerduty: PCAROL3}}
pager:
  - {tool: pagerduty, target: PSCHED1, role: primary}
"""


def schedule_csv(*holders: str) -> str:
    """Four 12-hour primary rows from Monday 09:00 Berlin, held in turn by `holders`."""
    names = ["day", "night"] * 2
    lines = ["start,end,shift,role,person,site"]
    for i, person in enumerate(holders):
        start = (MONDAY_9 + 12 * i * HOUR).astimezone(TEAM.timezone)
        end = start + 12 * HOUR
        lines.append(f"{start.isoformat()},{end.isoformat()},{names[i]},primary,{person},")
    return "\n".join(lines) + "\n"


TEAM = parse_team(TEAM_YAML, "team.yaml")
PLAN = ("alice", "bob", "carol", "alice")


def schedule(*holders: str):  # type: ignore[no-untyped-def]
    return parse_schedule(schedule_csv(*(holders or PLAN)), TEAM, "schedule.csv")


@pytest.fixture
def pagerduty() -> Iterator[FakePagerDuty]:
    fake = FakePagerDuty(USERS, now=MONDAY_9 - HOUR)
    with running(fake):
        yield fake
    assert fake.invalid == [], "a request broke PagerDuty's published reference"
