"""On-call hours report: classes in the member's zone, months, DST, overrides, incidents."""

from __future__ import annotations

from pathlib import Path

from overrides_fixtures import alternating, at, make_team, schedule_of

from analysis.hours import hours_report, incidents_on_call
from scheduler.living.overrides import Override, apply_override


def line(report, person, month):
    row = report[(report["person"] == person) & (report["month"] == month)]
    assert len(row) == 1, (person, month)
    return row.iloc[0].to_dict()


def test_weekday_day_and_night_split_business_and_off_hours():
    team = make_team(4, roles=["primary"])
    # Monday 4 Jan 2027: day 09-21 is 9 business + 3 off hours; the night 21-09 is 11 off
    # hours and Tuesday's 08-09 business hour.
    report = hours_report(schedule_of(team, {(0, "primary"): "m0", (1, "primary"): "m1"}))
    assert line(report, "m0", "2027-01") == {
        "person": "m0", "month": "2027-01", "hours": 12.0, "business_hours": 9.0,
        "off_hours": 3.0, "weekend_hours": 0.0, "holiday_hours": 0.0, "override_hours": 0.0}
    m1 = line(report, "m1", "2027-01")
    assert (m1["off_hours"], m1["business_hours"]) == (11.0, 1.0)


def test_weekend_and_holiday_hours_and_holiday_beats_weekend():
    team = make_team(4, roles=["primary"], holidays=["2027-01-06", "2027-01-09"])
    # Shift 4 is Wed 6 Jan's day (holiday); 10 is Sat 9 Jan's day (holiday and weekend);
    # 11 is Sat night into Sunday (weekend).
    report = hours_report(schedule_of(team, {(4, "primary"): "m0", (10, "primary"): "m1",
                                             (11, "primary"): "m2"}))
    assert line(report, "m0", "2027-01")["holiday_hours"] == 12.0
    assert line(report, "m1", "2027-01")["holiday_hours"] == 12.0
    assert line(report, "m1", "2027-01")["weekend_hours"] == 0.0
    m2 = line(report, "m2", "2027-01")
    assert (m2["holiday_hours"], m2["weekend_hours"]) == (3.0, 9.0)  # 21-24 on the 9th


def test_hours_are_in_the_members_own_zone():
    members = [{"id": "m0", "timezone": "America/New_York"}, {"id": "m1"}]
    team = make_team(members, roles=["primary"])
    # Berlin 09-21 on Monday is New York 03:00-15:00: 5 off hours then 7 business.
    report = hours_report(schedule_of(team, {(0, "primary"): "m0"}))
    m0 = line(report, "m0", "2027-01")
    assert (m0["business_hours"], m0["off_hours"]) == (7.0, 5.0)


def test_a_night_across_a_month_end_counts_in_both_months():
    team = make_team(4, roles=["primary"], start="2027-01-29", end="2027-02-02")
    # Shift 5 is the night of Sun 31 Jan into Mon 1 Feb.
    report = hours_report(schedule_of(team, {(5, "primary"): "m0"}))
    jan, feb = line(report, "m0", "2027-01"), line(report, "m0", "2027-02")
    assert (jan["hours"], jan["weekend_hours"]) == (3.0, 3.0)
    assert (feb["hours"], feb["off_hours"]) == (9.0, 8.0)
    assert feb["business_hours"] == 1.0


def test_a_dst_night_is_eleven_hours():
    team = make_team(4, roles=["primary"], start="2027-03-27", end="2027-03-29")
    report = hours_report(schedule_of(team, {(1, "primary"): "m0"}))  # Sat 27 -> Sun 28 Mar
    assert line(report, "m0", "2027-03")["hours"] == 11.0
    assert line(report, "m0", "2027-03")["weekend_hours"] == 11.0


def test_overrides_count_for_whoever_covered():
    team = make_team(4)
    final = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 12:00"),
                                                       at("2027-01-04 14:00"))).schedule
    before, after = hours_report(alternating(team)), hours_report(final)
    assert line(after, "m0", "2027-01")["hours"] == line(before, "m0", "2027-01")["hours"] - 2
    assert line(after, "m2", "2027-01")["hours"] == line(before, "m2", "2027-01")["hours"] + 2
    assert line(after, "m2", "2027-01")["override_hours"] == 2.0
    assert line(after, "m0", "2027-01")["override_hours"] == 0.0


def test_incidents_count_for_the_primary_at_their_creation(tmp_path: Path):
    team = make_team(4)
    final = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 12:00"),
                                                       at("2027-01-04 14:00"))).schedule
    pages = tmp_path / "pages.csv"
    pages.write_text("id,created_at,responder\n"
                     "1,2027-01-04T11:00:00+01:00,x\n"
                     "2,2027-01-04T12:00:00+01:00,x\n"  # the override starts: m2's
                     "3,2027-01-04T13:59:59+01:00,x\n"
                     "4,2027-01-04T14:00:00+01:00,x\n"
                     "5,2026-12-01T14:00:00+01:00,x\n")  # before the plan: nobody on call
    counted, uncounted = incidents_on_call(pages, final)
    report = hours_report(final, counted)
    assert line(report, "m0", "2027-01")["incidents"] == 2
    assert line(report, "m2", "2027-01")["incidents"] == 2
    assert line(report, "m1", "2027-01")["incidents"] == 0
    assert uncounted == 1
    assert "incidents" not in hours_report(final).columns
