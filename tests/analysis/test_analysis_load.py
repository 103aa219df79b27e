"""Windows, attribution and the limit (contract section 4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import analyze
from analysis.windows import cut
from scheduler.domain import Assignment, Schedule, Shift
from scheduler.shifts.expand import expand_templates
from tests.harness.pages import pd_csv

HOUR = timedelta(hours=1)


def row(ident: str, created: str, who: str = "Alice Wagner") -> str:
    return f"{ident},1,x,{created},{who},,high,"


def test_exactly_two_incidents_is_within_the_limit_three_is_over(team):
    two = analyze(pd_csv(row("a", "2027-01-05T10:00:00+01:00"),
                         row("b", "2027-01-05T11:00:00+01:00")), team)
    three = analyze(pd_csv(row("a", "2027-01-05T10:00:00+01:00"),
                           row("b", "2027-01-05T11:00:00+01:00"),
                           row("c", "2027-01-05T20:59:59+01:00")), team)
    assert two.shifts["over_limit"].tolist() == [False]
    assert three.shifts["over_limit"].tolist() == [True]
    assert three.people.set_index("person").loc["alice", "windows_over_limit"] == 1


def test_incident_at_a_handoff_belongs_to_the_later_window(team):
    result = analyze(pd_csv(row("a", "2027-01-05T21:00:00+01:00")), team)
    assert result.shifts["window_start"].tolist() == [datetime(2027, 1, 5, 20, tzinfo=UTC)]


def test_night_window_across_fall_back_lasts_13_hours_and_stays_one(team):
    shifts = expand_templates(team.shifts, team.timezone, date(2026, 10, 24), date(2026, 10, 26))
    night = next(s for s in shifts if s.template == "night" and s.start.day == 24)
    assert cut(night, team.timezone) == [(night.start, night.end)]
    assert night.end - night.start == 13 * HOUR


def test_weekly_shift_is_cut_every_12_clock_hours_across_spring_forward(team):
    start = datetime(2026, 3, 23, 9, tzinfo=UTC)  # Mon 10:00 CET
    end = datetime(2026, 3, 30, 8, tzinfo=UTC)  # Mon 10:00 CEST
    windows = cut(Shift(0, "week", start, end), team.timezone)
    assert len(windows) == 14
    local = [s.astimezone(team.timezone).strftime("%a %H:%M") for s, _ in windows]
    assert local[:2] == ["Mon 10:00", "Mon 22:00"] and local[-1] == "Sun 22:00"
    saturday_night = windows[-3]  # Sat 22:00 CET to Sun 10:00 CEST: the night loses an hour
    assert saturday_night[1] - saturday_night[0] == 11 * HOUR
    assert all(e - s == 12 * HOUR for s, e in windows if (s, e) != saturday_night)


def test_dst_night_incident_counts_in_its_window_and_the_sleep_hours(team):
    result = analyze(pd_csv(row("a", "2026-10-25T02:30:00+01:00")), team)  # second 02:30
    assert result.shifts["window_start"].tolist() == [datetime(2026, 10, 24, 19, tzinfo=UTC)]
    assert result.people.set_index("person").loc["alice", "sleep_hours"] == 1


def test_hours_are_split_in_the_persons_own_zone(team):
    # 15:00 Berlin on a Tuesday is 09:00 in New York: business hours for Bob, not sleep.
    result = analyze(pd_csv(row("a", "2027-01-05T15:00:00+01:00", "Bob"),
                            row("b", "2027-01-05T13:00:00+01:00", "Bob")), team)
    bob = result.people.set_index("person").loc["bob"]
    assert (bob["business_hours"], bob["sleep_hours"]) == (1, 1)


def test_unmatched_responders_differing_in_case_are_one_person_as_first_written(team):
    result = analyze(pd_csv(row("a", "2027-01-05T10:00:00+01:00", "Zoe Q"),
                            row("b", "2027-01-05T09:30:00+01:00", "zoe q")), team)
    assert result.people["person"].tolist() == ["alice", "bob", "Zoe Q"]
    assert result.people.set_index("person").loc["Zoe Q", "incidents"] == 2


def schedule_of(team, primaries):
    shifts = expand_templates(team.shifts, team.timezone, date(2027, 1, 4), date(2027, 1, 6))
    assignments = [Assignment(s, "primary", p) for s, p in zip(shifts, primaries, strict=False)]
    return Schedule(team, shifts[: len(assignments)], assignments)


def test_with_a_schedule_the_primary_on_call_gets_the_incident(team):
    schedule = schedule_of(team, ["bob", "alice", None])
    result = analyze(pd_csv(row("a", "2027-01-04T22:00:00+01:00", "Bob"),  # alice's night
                            row("b", "2027-01-05T10:00:00+01:00", "Bob"),  # gap
                            row("c", "2027-01-09T10:00:00+01:00", "Bob")),  # past the schedule
                     team, schedule)
    assert result.shifts["person"].tolist() == ["alice"]
    assert result.rejected.to_dict("records") == [
        {"line": 3, "reason": "no primary on call", "id": "b"},
        {"line": 4, "reason": "no primary on call", "id": "c"}]


def test_without_a_schedule_a_row_with_no_responder_is_rejected(team):
    result = analyze(pd_csv("a,1,x,2027-01-05T10:00:00+01:00,,,high,",
                            "b,1,x,2027-01-05T10:00:00+01:00,,Bob,high,"), team)
    assert result.shifts["person"].tolist() == ["bob"]
    assert result.rejected["line"].tolist() == [2]


instants = st.datetimes(min_value=datetime(2026, 3, 20), max_value=datetime(2026, 11, 5),
                        timezones=st.just(UTC))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # team is immutable
@given(st.lists(st.tuples(st.integers(0, 30), instants, st.sampled_from(["Bob", "alice", "X"])),
                max_size=25))
def test_every_valid_unique_incident_lands_in_exactly_one_window(team, rows):
    lines = [row(f"i{ident}", at.isoformat(timespec="seconds"), who) for ident, at, who in rows]
    result = analyze(pd_csv(*lines), team)
    unique = len({ident for ident, _, _ in rows})
    assert result.summary["incidents"] == unique
    assert int(result.shifts["incidents"].sum()) == unique
    windows = result.windows
    for at in result.incidents["created"]:
        assert ((windows["window_start"] <= at) & (at < windows["window_end"])).sum() == 1
