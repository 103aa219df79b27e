"""The final schedule CSV (contract section 6): round trip, extra columns, bad files, and the
readers that accept it (analyze, ical)."""

from __future__ import annotations

import pytest
from overrides_fixtures import alternating, at, make_team

from analysis.api import analyze
from scheduler.errors import ScheduleFileError
from scheduler.formats.csvfile import parse_schedule, schedule_csv
from scheduler.formats.ical import build_calendar, event_contents, fingerprints, next_sequences
from scheduler.living.overrides import Override, apply_override

HEADER = "start,end,shift,role,person,site,covers_for"


def final_schedule():
    team = make_team(4)
    return apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 12:00"),
                                                      at("2027-01-04 14:00"))).schedule


def test_a_final_schedule_round_trips_through_csv():
    final = final_schedule()
    text = schedule_csv(final)
    assert text.splitlines()[0] == HEADER
    again = parse_schedule(text, final.team, "final.csv")
    assert schedule_csv(again) == text
    pieces = [a for a in again.assignments if a.part is not None]
    assert {a.shift.index for a in pieces} == {0}  # the split rows keep their shift
    assert len(again.shifts) == len(final.shifts)


def test_a_section_3_schedule_is_still_written_without_covers_for():
    team = make_team(4)
    assert schedule_csv(alternating(team)).splitlines()[0] == "start,end,shift,role,person,site"


def test_columns_after_the_known_ones_are_read_past():
    final = final_schedule()
    lines = schedule_csv(final).splitlines()
    widened = "\n".join([lines[0] + ",expected_pages"] + [ln + ",0.5" for ln in lines[1:]])
    again = parse_schedule(widened, final.team, "final.csv")
    assert schedule_csv(again) == schedule_csv(final)


def test_overlapping_pieces_of_one_row_are_rejected_with_the_line():
    final = final_schedule()
    lines = schedule_csv(final).splitlines()
    # Line 5 is the "during" piece 12:00-14:00; widen it to overlap the piece after it.
    assert lines[3].startswith("2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00")
    lines[3] = lines[3].replace("T14:00:00", "T15:00:00")
    with pytest.raises(ScheduleFileError, match=r"final.csv:5: role: second primary row"):
        parse_schedule("\n".join(lines), final.team, "final.csv")


def test_analyze_attributes_incidents_to_whoever_held_primary(tmp_path):
    final = final_schedule()
    pages = tmp_path / "pages.csv"
    pages.write_text("id,created_at,responder\n"
                     "1,2027-01-04T11:00:00+01:00,x\n"
                     "2,2027-01-04T12:30:00+01:00,x\n"
                     "3,2027-01-04T13:00:00+01:00,x\n"
                     "4,2027-01-04T15:00:00+01:00,x\n")
    result = analyze(pages, final.team, final)
    people = result.people.set_index("person")["incidents"]
    assert (people["m0"], people["m2"]) == (2, 2)
    # Split rows make no new windows: the day 09-21 is still one window, and each person's
    # count in it is compared with the limit.
    shifts = result.shifts
    assert sorted(shifts["incidents"].tolist()) == [2, 2]
    assert shifts["window_start"].nunique() == 1


def test_each_piece_is_its_own_event_with_a_stable_uid():
    final = final_schedule()
    uids = [s.uid for s in event_contents(final) if s.assignment.shift.index == 0
            and s.assignment.role == "primary"]
    assert uids == ["20270104T080000Z-day-primary.cover-sre@rota",
                    "20270104T110000Z-day-primary.cover-sre@rota",
                    "20270104T130000Z-day-primary.cover-sre@rota"]
    m2 = build_calendar(final, "m2").decode()
    assert "UID:20270104T110000Z-day-primary.cover-sre@rota" in m2
    assert "Covers for: Member 0 (m0)" in m2.replace("\r\n ", "")


def test_publishing_a_final_schedule_bumps_only_changed_events():
    team = make_team(4)
    plan = alternating(team)
    first = next_sequences({}, fingerprints(plan))
    second = next_sequences(first, fingerprints(final_schedule()))
    bumped = {uid for uid, (seq, _) in second.items() if uid in first and seq > first[uid][0]}
    new = {uid for uid in second if uid not in first}
    # The piece that keeps the shift's start keeps its UID and changes its end; the partner
    # (secondary) sees new partners. Every other event keeps its sequence.
    assert bumped == {"20270104T080000Z-day-primary.cover-sre@rota",
                      "20270104T080000Z-day-secondary.cover-sre@rota"}
    assert new == {"20270104T110000Z-day-primary.cover-sre@rota",
                   "20270104T130000Z-day-primary.cover-sre@rota"}


def test_a_window_covered_in_part_counts_as_worked_for_the_cover(tmp_path):
    final = final_schedule()  # m2 holds primary 12:00-14:00 of m0's day window
    pages = tmp_path / "pages.csv"
    pages.write_text("id,created_at,responder\n"
                     + "".join(f"{i},2027-01-04T12:{10 * i:02d}:00+01:00,x\n" for i in range(3)))
    people = analyze(pages, final.team, final).people.set_index("person")
    assert people.loc["m2", "windows_over_limit"] == 1  # 3 incidents > limit 2
    assert people.loc["m2", "longest_overloaded_run"] == 1
    assert people.loc["m0", "incidents"] == 0


def test_expected_pages_follow_covers_for_and_split_by_piece():
    from dataclasses import replace

    team = make_team(4)
    plan = replace(alternating(team), expected_pages={0: 1.2})
    final = apply_override(plan, Override("primary", "m2", at("2027-01-04 12:00"),
                                          at("2027-01-04 14:00"))).schedule
    lines = schedule_csv(final).splitlines()
    assert lines[0] == HEADER + ",expected_pages"
    # 3 h, 2 h and 7 h of a 12-hour primary row with 1.2 expected pages; secondary rows get 0.
    assert [ln.rsplit(",", 1)[1] for ln in lines[1:5]] == ["0.30", "0", "0.20", "0.70"]
