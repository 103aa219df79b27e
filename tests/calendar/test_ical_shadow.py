"""A trainee's shadow rows are their own events, and every event links to its handoff."""

from __future__ import annotations

from icalendar import Calendar

from scheduler.formats.csvfile import parse_schedule, schedule_csv
from scheduler.formats.ical import build_calendar
from scheduler.teamfile.parse import parse_team

TEAM = """\
team: tiny sre
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-05
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice, name: Alice Example}
  - {id: bob}
  - {id: tina, shadow_shifts: 1}
"""
SCHEDULE = """\
start,end,shift,role,person,site
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,secondary,bob,
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,shadow,tina,
2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,night,primary,bob,
2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,night,secondary,alice,
"""


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def schedule():
    return parse_schedule(SCHEDULE, parse_team(TEAM, "team.yaml"))


def test_shadow_rows_round_trip_after_the_roles():
    assert schedule_csv(schedule()) == SCHEDULE


def test_trainee_feed_has_the_shadow_event():
    (event,) = events(build_calendar(schedule(), "tina"))
    assert str(event["summary"]) == "Shadowing alice, primary · tiny sre"
    assert "Role: shadow" in str(event["description"])
    assert str(event["uid"]).endswith("-day-shadow.tiny sre@rota")


def test_primary_sees_the_shadow_as_partner():
    first = events(build_calendar(schedule(), "alice"))[0]
    assert "Partner (shadow): tina" in str(first["description"])


def test_description_links_to_the_handoff_panel():
    body = build_calendar(schedule(), "bob", app_url="https://rota.example.com/")
    night = events(body)[1]
    assert ("Handoff notes: https://rota.example.com/schedule?team=tiny%20sre"
            "&handoff=20270104T200000Z") in str(night["description"])
    assert "Handoff notes" not in str(events(build_calendar(schedule(), "bob"))[1]["description"])
