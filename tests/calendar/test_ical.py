"""Calendar content (issue 4): parsed back with recurring-ical-events, which expands events
on its own, and compared with the schedule rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import recurring_ical_events

from scheduler.formats.csvfile import schedule_rows
from scheduler.formats.ical import UNPUBLISHED_STAMP, build_calendar, next_sequences
from tests.harness.calendar_team import round_robin

HOUR = timedelta(hours=1)
PUBLISHED = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)


def _events(body: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return recurring_ical_events.of(calendar).between(datetime(2000, 1, 1), datetime(2100, 1, 1))


def _instants(event: icalendar.Event) -> tuple[datetime, datetime]:
    return event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)


def test_a_persons_events_are_exactly_their_schedule_rows(team):
    schedule = round_robin(team)
    for person in ("alice", "bob", "chen"):
        rows = [r for r in schedule_rows(schedule) if r["person"] == person]
        expected = sorted((datetime.fromisoformat(r["start"]).astimezone(UTC),
                           datetime.fromisoformat(r["end"]).astimezone(UTC),
                           r["role"]) for r in rows)
        events = _events(build_calendar(schedule, person))
        got = sorted((*_instants(e), str(e["SUMMARY"]).split()[1]) for e in events)
        assert got == expected
        assert rows  # every member holds something in the round robin


def test_instants_are_right_across_the_spring_forward(team):
    events = _events(build_calendar(round_robin(team)))
    night = [e for e in events if e["DTSTART"].dt.date().isoformat() == "2027-03-27"
             and e["DTSTART"].dt.hour == 21]
    assert night, "the night of 27 March is in the plan"
    start, end = _instants(night[0])
    assert start == datetime(2027, 3, 27, 20, 0, tzinfo=UTC)  # 21:00 CET
    assert end == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert end - start == 11 * HOUR
    assert night[0]["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_the_calendar_carries_the_required_properties(team):
    body = build_calendar(round_robin(team), "alice", published_at=PUBLISHED)
    text = body.decode()
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["PRODID"] and str(calendar["VERSION"]) == "2.0"
    assert "X-WR-CALNAME:" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    # Limited to the schedule's year: no transitions from other years.
    transitions = [c["DTSTART"].dt.year for z in zones for c in z.subcomponents]
    assert set(transitions) == {2027}


def test_events_name_role_team_partner_and_handoff(team):
    schedule = round_robin(team)
    event = next(e for e in icalendar.Calendar.from_ical(build_calendar(schedule, "alice"))
                 .walk("VEVENT") if "primary" in str(e["SUMMARY"]))
    assert str(event["SUMMARY"]) == "On-call primary · payments-sre"
    description = str(event["DESCRIPTION"])
    assert "Shift: day" in description or "Shift: night" in description
    assert "Partner (secondary): Bob Schmidt (bob)" in description
    assert "Handoff out:" in description and "Handoff in:" in description


def test_dtstamp_is_the_publication_time_and_bytes_are_reproducible(team):
    schedule = round_robin(team)
    first = build_calendar(schedule, "bob", published_at=PUBLISHED)
    assert first == build_calendar(round_robin(team), "bob", published_at=PUBLISHED)
    stamps = {e["DTSTAMP"].dt for e in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    assert stamps == {PUBLISHED}
    unpublished = icalendar.Calendar.from_ical(build_calendar(schedule, "bob"))
    assert {e["DTSTAMP"].dt for e in unpublished.walk("VEVENT")} == {UNPUBLISHED_STAMP}
    assert {int(e["SEQUENCE"]) for e in unpublished.walk("VEVENT")} == {0}


def test_uids_do_not_depend_on_the_person(team):
    a = icalendar.Calendar.from_ical(build_calendar(round_robin(team, 0)))
    b = icalendar.Calendar.from_ical(build_calendar(round_robin(team, 1)))
    uids_a = [str(e["UID"]) for e in a.walk("VEVENT")]
    assert uids_a == [str(e["UID"]) for e in b.walk("VEVENT")]
    assert len(set(uids_a)) == len(uids_a)


def test_team_calendar_holds_every_slot_including_gaps(team):
    schedule = round_robin(team)
    schedule.assignments[0] = type(schedule.assignments[0])(
        schedule.assignments[0].shift, schedule.assignments[0].role, None)
    events = icalendar.Calendar.from_ical(build_calendar(schedule)).walk("VEVENT")
    assert len(events) == len(schedule.assignments)
    assert "uncovered" in str(events[0]["SUMMARY"])


def test_sequence_goes_up_only_for_changed_events_and_remembers_vanished_ones():
    first = next_sequences({}, {"a": "x", "b": "y"})
    assert first == {"a": (0, "x"), "b": (0, "y")}
    second = next_sequences(first, {"a": "x", "b": "z"})
    assert second == {"a": (0, "x"), "b": (1, "z")}
    gone = next_sequences(second, {"a": "x"})
    assert gone["b"] == (2, "")
    back = next_sequences(gone, {"a": "x", "b": "z"})
    assert back["b"] == (3, "z")
