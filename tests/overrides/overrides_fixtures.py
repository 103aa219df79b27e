"""Tiny teams and hand-built schedules for the override, cover and hours tests (a unique module
name: tests/ has no packages)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import yaml

from scheduler.domain import Assignment, Schedule, Team
from scheduler.formats.csvfile import parse_schedule, schedule_csv
from scheduler.shifts.expand import expand
from scheduler.teamfile.parse import parse_team

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
DAY_NIGHT = [{"name": "day", "start": "09:00", "end": "21:00"},
             {"name": "night", "start": "21:00", "end": "09:00"}]


def team_yaml(members: list[dict] | int = 4, *, rules=None, start="2027-01-04",
              end="2027-01-11", shifts=None, **extra) -> str:
    if isinstance(members, int):
        members = [{"id": f"m{i}", "name": f"Member {i}"} for i in range(members)]
    doc = {"team": "cover-sre", "timezone": "Europe/Berlin", "start": start, "end": end,
           "shifts": shifts or DAY_NIGHT, "members": members}
    if rules:
        doc["rules"] = rules
    doc.update(extra)
    return yaml.safe_dump(doc, sort_keys=False)


def make_team(members: list[dict] | int = 4, **kwargs) -> Team:
    return parse_team(team_yaml(members, **kwargs), "team.yaml")


def alternating(team: Team, people: list[str] | None = None) -> Schedule:
    """Shift i: primary people[2i mod n], secondary people[2i+1 mod n]. With four people each
    works every other shift, so everyone rests exactly 12 hours between day/night shifts."""
    people = people or [m.id for m in team.members]
    shifts = expand(team)
    assignments = [Assignment(s, role, people[(2 * s.index + r) % len(people)])
                   for s in shifts for r, role in enumerate(team.roles)]
    schedule = Schedule(team, shifts, assignments)
    # Through the reader, as every command gets it.
    return parse_schedule(schedule_csv(schedule), team)


def at(text: str) -> datetime:
    """A Berlin wall time, e.g. at("2027-01-04 12:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def rows(schedule: Schedule, role: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """(start, end, role, person, covers_for) per CSV row, Berlin times as HH:MM or full ISO."""
    lines = schedule_csv(schedule, final=True).splitlines()[1:]
    out = []
    for line in lines:
        start, end, _shift, r, person, _site, covers = line.split(",")[:7]
        if role is None or r == role:
            out.append((start, end, r, person, covers))
    return out


def schedule_of(team: Team, holders: dict[tuple[int, str], str]) -> Schedule:
    """A schedule with the given (shift index, role) -> person; every other row a gap."""
    shifts = expand(team)
    assignments = [Assignment(s, role, holders.get((s.index, role)))
                   for s in shifts for role in team.roles]
    return parse_schedule(schedule_csv(Schedule(team, shifts, assignments)), team)
