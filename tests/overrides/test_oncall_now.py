"""Who is on call now (contract section 13), the pure part: stints, split rows, gaps, DST."""

from __future__ import annotations

from overrides_fixtures import alternating, at, make_team, schedule_of

from scheduler.living.now import (
    Handoff,
    next_handoff,
    on_call_now,
    role_now,
    rows_holding,
    rows_starting,
    team_iso,
    upcoming_rows,
)
from scheduler.living.overrides import Override, apply_override


def line(schedule, role, when):
    """(person, since, until, next person, next start) with times as Berlin ISO."""
    now = role_now(schedule, role, when)
    team = schedule.team
    return (now.person, team_iso(now.current.start if now.current else None, team),
            team_iso(now.current.end if now.current else None, team),
            now.next.person if now.next else None,
            team_iso(now.next.start if now.next else None, team))


def test_the_holder_of_each_role_and_who_takes_over_at_the_handoff():
    schedule = alternating(make_team(4))  # day 09-21: m0 primary, m1 secondary; night: m2, m3
    assert line(schedule, "primary", at("2027-01-04 12:00")) == (
        "m0", "2027-01-04T09:00:00+01:00", "2027-01-04T21:00:00+01:00",
        "m2", "2027-01-04T21:00:00+01:00")
    assert [n.person for n in on_call_now(schedule, at("2027-01-04 12:00"))] == ["m0", "m1"]


def test_a_row_starts_holding_at_its_start_and_stops_at_its_end():
    schedule = alternating(make_team(4))
    assert role_now(schedule, "primary", at("2027-01-04 21:00")).person == "m2"
    assert role_now(schedule, "primary", at("2027-01-04 20:59")).person == "m0"


def test_an_override_splits_the_row_and_the_cover_holds_only_its_piece():
    team = make_team(4)
    final = apply_override(alternating(team), Override(
        "primary", "m2", at("2027-01-04 12:00"), at("2027-01-04 14:00"))).schedule
    assert line(final, "primary", at("2027-01-04 11:00")) == (
        "m0", "2027-01-04T09:00:00+01:00", "2027-01-04T12:00:00+01:00",
        "m2", "2027-01-04T12:00:00+01:00")
    assert line(final, "primary", at("2027-01-04 13:00")) == (
        "m2", "2027-01-04T12:00:00+01:00", "2027-01-04T14:00:00+01:00",
        "m0", "2027-01-04T14:00:00+01:00")
    held = rows_holding(final, at("2027-01-04 13:00"))
    assert [(a.role, a.person, a.covers_for) for a in held] == [
        ("primary", "m2", "m0"), ("secondary", "m1", None)]


def test_consecutive_rows_of_one_person_are_one_stint():
    team = make_team(4)
    schedule = schedule_of(team, {(0, "primary"): "m0", (1, "primary"): "m0",
                                  (2, "primary"): "m1"})
    assert line(schedule, "primary", at("2027-01-05 03:00")) == (
        "m0", "2027-01-04T09:00:00+01:00", "2027-01-05T09:00:00+01:00",
        "m1", "2027-01-05T09:00:00+01:00")


def test_a_role_nobody_holds_is_a_gap_and_next_is_the_first_person_after_it():
    team = make_team(4)
    schedule = schedule_of(team, {(0, "primary"): "m0", (3, "primary"): "m1",
                                  (4, "primary"): "m0"})
    # Shifts 1 and 2 are uncovered: nobody from the 4th 21:00 to the 5th 21:00.
    assert line(schedule, "primary", at("2027-01-05 10:00")) == (
        None, "2027-01-04T21:00:00+01:00", "2027-01-05T21:00:00+01:00",
        "m1", "2027-01-05T21:00:00+01:00")
    # m0's next turn is after a gap: the next holder is skipped past it.
    assert line(schedule, "primary", at("2027-01-04 10:00"))[3:] == (
        "m1", "2027-01-05T21:00:00+01:00")
    assert line(schedule, "secondary", at("2027-01-05 10:00"))[0] is None


def test_before_and_after_the_plan_nobody_holds_and_next_is_the_first_holder():
    schedule = alternating(make_team(4))
    assert line(schedule, "primary", at("2027-01-01 00:00")) == (
        None, "", "", "m0", "2027-01-04T09:00:00+01:00")
    assert line(schedule, "primary", at("2027-02-01 00:00")) == (None, "", "", None, "")


def test_across_spring_forward_the_night_lasts_eleven_hours():
    schedule = alternating(make_team(4, start="2027-03-27", end="2027-03-29"))
    # The night of the 27th: 21:00 CET to 09:00 CEST, 11 hours.
    assert line(schedule, "primary", at("2027-03-28 08:00")) == (
        "m2", "2027-03-27T21:00:00+01:00", "2027-03-28T09:00:00+02:00",
        "m0", "2027-03-28T09:00:00+02:00")


def test_rows_starting_is_a_half_open_window_in_schedule_order():
    schedule = alternating(make_team(4))
    rows = rows_starting(schedule, at("2027-01-04 09:00"), at("2027-01-05 09:00"))
    assert [(a.start, a.role, a.person) for a in rows] == [
        (at("2027-01-04 21:00"), "primary", "m2"), (at("2027-01-04 21:00"), "secondary", "m3"),
        (at("2027-01-05 09:00"), "primary", "m0"), (at("2027-01-05 09:00"), "secondary", "m1")]


def test_the_next_handoff_is_the_earliest_change_of_holder_over_all_roles():
    team = make_team(4)
    final = apply_override(alternating(team), Override(
        "primary", "m2", at("2027-01-04 12:00"), at("2027-01-04 14:00"))).schedule
    handoff = next_handoff(on_call_now(final, at("2027-01-04 13:00")))
    assert handoff == Handoff("primary", "m2", "m0", at("2027-01-04 14:00"))


def test_a_handoff_into_or_out_of_a_gap_names_nobody_on_that_side():
    team = make_team(4)
    schedule = schedule_of(team, {(0, "primary"): "m0", (3, "primary"): "m1"})
    assert next_handoff([role_now(schedule, "primary", at("2027-01-04 10:00"))]) == Handoff(
        "primary", "m0", None, at("2027-01-04 21:00"))
    assert next_handoff([role_now(schedule, "primary", at("2027-01-05 10:00"))]) == Handoff(
        "primary", None, "m1", at("2027-01-05 21:00"))
    assert next_handoff([role_now(schedule, "primary", at("2027-02-01 00:00"))]) is None


def test_a_person_s_upcoming_rows_start_with_the_one_they_hold():
    schedule = alternating(make_team(4))
    rows = upcoming_rows(schedule, "m0", at("2027-01-04 12:00"), count=2)
    assert [(a.start, a.role) for a in rows] == [(at("2027-01-04 09:00"), "primary"),
                                                 (at("2027-01-05 09:00"), "primary")]
