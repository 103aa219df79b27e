"""`apply_override` (contract section 6): split rows, covers_for, stacking, hard rules that
refuse and soft rules that warn."""

from __future__ import annotations

import pytest
from overrides_fixtures import alternating, at, make_team, rows

from scheduler.errors import HardRuleError, InputError
from scheduler.formats.csvfile import parse_schedule, schedule_csv
from scheduler.living.overrides import Override, apply_override

T = "2027-01-04T"


def test_part_of_a_row_splits_it_in_three_with_covers_for():
    team = make_team(4)
    result = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 12:00"),
                                                        at("2027-01-04 14:00")))
    assert rows(result.schedule)[:4] == [
        (f"{T}09:00:00+01:00", f"{T}12:00:00+01:00", "primary", "m0", ""),
        (f"{T}09:00:00+01:00", f"{T}21:00:00+01:00", "secondary", "m1", ""),
        (f"{T}12:00:00+01:00", f"{T}14:00:00+01:00", "primary", "m2", "m0"),
        (f"{T}14:00:00+01:00", f"{T}21:00:00+01:00", "primary", "m0", ""),
    ]
    assert result.changed_rows == 1
    assert schedule_csv(result.schedule).startswith("start,end,shift,role,person,site,covers_for\n")


def test_split_at_the_start_and_at_the_end_of_a_row_makes_two_rows():
    team = make_team(4)
    start = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 09:00"),
                                                       at("2027-01-04 12:00")))
    assert [r[2:] for r in rows(start.schedule, "primary")[:2]] == [
        ("primary", "m2", "m0"), ("primary", "m0", "")]
    end = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 18:00"),
                                                     at("2027-01-04 21:00")))
    assert rows(end.schedule, "primary")[:2] == [
        (f"{T}09:00:00+01:00", f"{T}18:00:00+01:00", "primary", "m0", ""),
        (f"{T}18:00:00+01:00", f"{T}21:00:00+01:00", "primary", "m2", "m0")]


def test_a_whole_row_changes_hands_without_splitting():
    team = make_team(4)
    result = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 09:00"),
                                                        at("2027-01-04 21:00")))
    first = next(a for a in result.schedule.assignments if a.role == "primary")
    assert (first.person, first.covers_for, first.part) == ("m2", "m0", None)
    assert len(result.schedule.assignments) == len(alternating(team).assignments)


def test_an_interval_across_two_rows_splits_both():
    # Five people: m3 holds nothing from the 5th 09:00 to the 6th 09:00.
    result = apply_override(alternating(make_team(5)), Override(
        "primary", "m3", at("2027-01-05 18:00"), at("2027-01-06 03:00")))
    got = [r for r in rows(result.schedule, "primary")
           if r[0] >= "2027-01-05T09" and r[0] < "2027-01-06T09"]
    assert [(r[3], r[4]) for r in got] == [("m4", ""), ("m3", "m4"), ("m3", "m1"), ("m1", "")]
    assert result.changed_rows == 2


def test_overrides_stack_on_a_final_schedule_read_back_from_csv():
    team = make_team(4)
    first = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 12:00"),
                                                       at("2027-01-04 16:00")))
    reread = parse_schedule(schedule_csv(first.schedule), team, "final.csv")
    second = apply_override(reread, Override("primary", "m3", at("2027-01-04 14:00"),
                                             at("2027-01-04 18:00")))
    assert [(r[0][11:16], r[1][11:16], r[3], r[4]) for r in rows(second.schedule, "primary")[:4]
            ] == [("09:00", "12:00", "m0", ""), ("12:00", "14:00", "m2", "m0"),
                  ("14:00", "16:00", "m3", "m2"), ("16:00", "18:00", "m3", "m0")]
    # Giving a piece back to the scheduled holder joins touching rows again.
    back = apply_override(second.schedule, Override("primary", "m0", at("2027-01-04 12:00"),
                                                    at("2027-01-04 18:00")))
    assert [(r[3], r[4]) for r in rows(back.schedule, "primary")[:2]] == [
        ("m0", ""), ("m0", "m2")]


def test_override_across_the_spring_forward_gap_keeps_elapsed_time():
    team = make_team(4, start="2027-03-27", end="2027-03-29")
    result = apply_override(alternating(team), Override(
        "primary", "m0", at("2027-03-28 01:00"), at("2027-03-28 05:00")))
    night = [r for r in rows(result.schedule, "primary")
             if "2027-03-27T21" <= r[0] < "2027-03-28T09"]
    assert night == [
        ("2027-03-27T21:00:00+01:00", "2027-03-28T01:00:00+01:00", "primary", "m2", ""),
        ("2027-03-28T01:00:00+01:00", "2027-03-28T05:00:00+02:00", "primary", "m0", "m2"),
        ("2027-03-28T05:00:00+02:00", "2027-03-28T09:00:00+02:00", "primary", "m2", ""),
    ]
    during = next(a for a in result.schedule.assignments if a.covers_for == "m2")
    assert (during.end - during.start).total_seconds() == 3 * 3600  # 01:00 CET to 05:00 CEST


def test_role_rule_is_hard():
    team = make_team([{"id": "m0"}, {"id": "m1"}, {"id": "m2"},
                      {"id": "m3", "roles": ["secondary"]}])
    with pytest.raises(HardRuleError, match="role rule: m3 does not hold role primary"):
        apply_override(alternating(team), Override("primary", "m3", at("2027-01-04 12:00"),
                                                   at("2027-01-04 14:00")))


def test_site_rule_is_hard():
    shifts = [{"name": "day", "start": "09:00", "end": "21:00", "site": "emea"},
              {"name": "night", "start": "21:00", "end": "09:00"}]
    members = [{"id": "m0", "site": "emea"}, {"id": "m1", "site": "emea"},
               {"id": "m2", "site": "emea"}, {"id": "m3"}]
    team = make_team(members, shifts=shifts)
    schedule = alternating(team, ["m0", "m1", "m2", "m3"])
    with pytest.raises(HardRuleError, match=r"site rule: .* is for site emea; m3 is at site"):
        apply_override(schedule, Override("primary", "m3", at("2027-01-04 12:00"),
                                          at("2027-01-04 14:00")))
    # The night names no site: m3 may cover part of it.
    apply_override(schedule, Override("primary", "m0", at("2027-01-04 22:00"),
                                      at("2027-01-04 23:00")))


def test_time_off_is_checked_for_the_overridden_piece_only():
    members = [{"id": "m0"}, {"id": "m1"}, {"id": "m2"},
               {"id": "m3", "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]}]
    team = make_team(members)
    schedule = alternating(team, ["m0", "m1", "m3", "m2"])
    # Night of the 5th (21:00-09:00) overlaps m3's day off on the 6th only after midnight.
    ok = apply_override(schedule, Override("primary", "m3", at("2027-01-05 09:00"),
                                           at("2027-01-05 12:00")))
    assert ok.warnings == []
    with pytest.raises(HardRuleError, match=r"time-off rule: m3 is away \(time off\)"):
        apply_override(schedule, Override("primary", "m3", at("2027-01-06 10:00"),
                                          at("2027-01-06 11:00")))


def test_overlap_rule_is_hard_for_another_role_and_for_the_same_holder():
    team = make_team(4)
    with pytest.raises(HardRuleError, match="overlap rule: m1 already holds secondary"):
        apply_override(alternating(team), Override("primary", "m1", at("2027-01-04 12:00"),
                                                   at("2027-01-04 14:00")))
    with pytest.raises(HardRuleError, match="overlap rule: m0 already holds primary"):
        apply_override(alternating(team), Override("primary", "m0", at("2027-01-04 12:00"),
                                                   at("2027-01-04 14:00")))


def test_short_rest_is_a_warning_not_an_error():
    team = make_team(4, rules={"min_rest_hours": 12})
    # m2 holds the night from 21:00: covering until 14:00 leaves 7 hours of rest.
    result = apply_override(alternating(team), Override("primary", "m2", at("2027-01-04 12:00"),
                                                        at("2027-01-04 14:00")))
    assert result.warnings == [
        "min rest: m2 rests 7.0 h between 2027-01-04T12:00+01:00–2027-01-04T14:00+01:00 and "
        "2027-01-04T21:00+01:00–2027-01-05T09:00+01:00 (min_rest_hours 12)"]
    clean = apply_override(alternating(make_team(4)), Override(
        "primary", "m2", at("2027-01-04 12:00"), at("2027-01-04 14:00")))
    assert clean.warnings == []


def test_weekly_cap_is_a_warning():
    team = make_team(4, rules={"max_shifts_per_week": 7})
    # m0 starts a day shift every day (7 in the week): one more start goes over the cap.
    result = apply_override(alternating(team), Override("primary", "m0", at("2027-01-04 22:00"),
                                                        at("2027-01-04 23:00")))
    assert any(w.startswith("weekly cap: m0 starts 8 shifts in the 7 days") for w in
               result.warnings)
    under = apply_override(alternating(make_team(4, rules={"max_shifts_per_week": 8})),
                           Override("primary", "m0", at("2027-01-04 22:00"),
                                    at("2027-01-04 23:00")))
    assert not any(w.startswith("weekly cap") for w in under.warnings)


@pytest.mark.parametrize("start,end,message", [
    ("2027-01-03 12:00", "2027-01-03 14:00", "not inside the plan"),
    ("2027-01-11 08:00", "2027-01-11 10:00", "not inside the plan"),
    ("2027-01-04 14:00", "2027-01-04 12:00", "not after --start"),
])
def test_interval_must_be_inside_the_plan(start, end, message):
    team = make_team(4)
    with pytest.raises(InputError, match=message):
        apply_override(alternating(team), Override("primary", "m2", at(start), at(end)))


def test_unknown_role_and_member_are_input_errors():
    team = make_team(4)
    with pytest.raises(InputError, match="--role: unknown role 'imoc'"):
        apply_override(alternating(team), Override("imoc", "m2", at("2027-01-04 12:00"),
                                                   at("2027-01-04 14:00")))
    with pytest.raises(InputError, match="--person: 'zed' is not a member"):
        apply_override(alternating(team), Override("primary", "zed", at("2027-01-04 12:00"),
                                                   at("2027-01-04 14:00")))


def test_an_override_can_fill_part_of_an_uncovered_row():
    from overrides_fixtures import schedule_of

    team = make_team(4, roles=["primary"])
    result = apply_override(schedule_of(team, {}), Override(
        "primary", "m1", at("2027-01-04 12:00"), at("2027-01-04 14:00")))
    assert rows(result.schedule)[:3] == [
        (f"{T}09:00:00+01:00", f"{T}12:00:00+01:00", "primary", "", ""),
        (f"{T}12:00:00+01:00", f"{T}14:00:00+01:00", "primary", "m1", ""),
        (f"{T}14:00:00+01:00", f"{T}21:00:00+01:00", "primary", "", ""),
    ]
