"""`cover` (contract section 6): who could take a person's rows, best first by fairness."""

from __future__ import annotations

import pytest
from overrides_fixtures import alternating, at, make_team, schedule_of

from scheduler.errors import InputError
from scheduler.living.cover import cover

EARLY_LATE = [{"name": "early", "start": "07:00", "end": "15:00"},
              {"name": "late", "start": "15:00", "end": "07:00"}]


def names(result):
    return [[c.candidate for c in candidates] for _, candidates in result]


def test_ranked_by_weighted_shift_count_after_taking_the_row():
    members = [{"id": f"m{i}"} for i in range(4)] + [{"id": "m4", "weight": 0.5}]
    team = make_team(members)
    # 28 rows over five people: m0, m1, m2 hold 6 rows each, m3 and m4 hold 5.
    result = cover(alternating(team), "m0", at("2027-01-04 10:00"), at("2027-01-04 11:00"))
    assert names(result) == [["m3", "m2", "m4"]]  # m1 is m0's partner on that shift
    _row, candidates = result[0]
    assert [c.rank for c in candidates] == [1, 2, 3]
    assert [c.weighted_shifts for c in candidates] == [6, 7, 12]  # m4: 6 shifts / half weight


def test_ties_in_shifts_go_to_fewer_weighted_hours():
    team = make_team(4, shifts=EARLY_LATE, roles=["primary"])
    # Shifts alternate early (8 h), late (16 h). m1 holds two lates, m2 two earlies.
    schedule = schedule_of(team, {(0, "primary"): "m0", (3, "primary"): "m1",
                                  (5, "primary"): "m1", (6, "primary"): "m2",
                                  (8, "primary"): "m2"})
    result = cover(schedule, "m0", at("2027-01-04 07:00"), at("2027-01-04 15:00"))
    assert names(result) == [["m3", "m2", "m1"]]
    assert [c.weighted_hours for c in result[0][1]] == [8, 24, 40]


def test_every_hard_rule_excludes_a_candidate():
    shifts = [{"name": "day", "start": "09:00", "end": "21:00", "site": "emea"},
              {"name": "night", "start": "21:00", "end": "09:00", "site": "emea"}]
    members = [
        {"id": "holder", "site": "emea"},
        {"id": "partner", "site": "emea"},  # holds secondary of the same shift: overlap
        {"id": "remote"},  # no site: the shifts are emea only
        {"id": "away", "site": "emea", "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]},
        {"id": "second", "site": "emea", "roles": ["secondary"]},  # role
        {"id": "tired", "site": "emea"},  # holds the night before: rest
        {"id": "busy", "site": "emea"},  # already starts two shifts this week: cap
        {"id": "joiner", "site": "emea", "joins": "2027-01-07"},  # joins later
        {"id": "free", "site": "emea"},
    ]
    team = make_team(members, shifts=shifts, rules={"min_rest_hours": 12,
                                                    "max_shifts_per_week": 2})
    # Shift 4 is the day of the 6th; shift 3 is the night before it.
    schedule = schedule_of(team, {(4, "primary"): "holder", (4, "secondary"): "partner",
                                  (3, "primary"): "tired", (0, "primary"): "busy",
                                  (8, "primary"): "busy"})
    result = cover(schedule, "holder", at("2027-01-06 12:00"), at("2027-01-06 13:00"))
    assert names(result) == [["free"]]
    # Without the cap and the rest rule, `busy` and `tired` qualify again.
    relaxed = make_team(members, shifts=shifts)
    schedule = schedule_of(relaxed, {(4, "primary"): "holder", (4, "secondary"): "partner",
                                     (3, "primary"): "tired", (0, "primary"): "busy",
                                     (8, "primary"): "busy"})
    assert sorted(names(cover(schedule, "holder", at("2027-01-06 12:00"),
                              at("2027-01-06 13:00")))[0]) == ["busy", "free", "tired"]


def test_every_row_overlapping_the_interval_counts_whole():
    team = make_team(5)
    result = cover(alternating(team), "m0", at("2027-01-04 20:00"), at("2027-01-06 10:00"))
    # m0 holds rows 0, 5, 10, ... in CSV order: the 4th's day primary (the interval touches its
    # last hour) and the 5th's day secondary; both count whole.
    starts = [(row.start.astimezone(at("2027-01-04 00:00").tzinfo).isoformat(), row.role)
              for row, _ in result]
    assert starts == [("2027-01-04T09:00:00+01:00", "primary"),
                      ("2027-01-05T09:00:00+01:00", "secondary")]


def test_unknown_person_and_empty_interval_are_input_errors():
    team = make_team(4)
    with pytest.raises(InputError, match="--person: 'zed' is not a member"):
        cover(alternating(team), "zed", at("2027-01-04 10:00"), at("2027-01-04 11:00"))
    with pytest.raises(InputError, match="--end"):
        cover(alternating(team), "m0", at("2027-01-04 11:00"), at("2027-01-04 10:00"))


def test_cover_checks_the_rows_a_handover_can_change_and_finds_what_the_whole_plan_would():
    # cover runs the rules on around(): the candidate's rows, the holder's and the shift's.
    # On the demo (required skills, a trainee who shadows, time off, people away on days),
    # for twenty rows and every member, that finds exactly the violations the whole
    # plan's check finds: the same lines, so no candidate is wrongly offered or left out.
    from pathlib import Path

    from scheduler.formats.csvfile import parse_schedule
    from scheduler.living.cover import around, handed_over
    from scheduler.solver.rules import broken_by_change
    from scheduler.teamfile.parse import load_team

    demo = Path(__file__).resolve().parents[2] / "data" / "demo"
    team = load_team(demo / "team.yaml")
    schedule = parse_schedule((demo / "schedule.csv").read_text(), team)
    rows = [a for a in schedule.assignments if a.person][40:60]
    broken = 0
    for row in rows:
        for member in team.members:
            if member.id == row.person:
                continue
            whole = broken_by_change(schedule, handed_over(schedule, row, member.id))
            near = around(schedule, row, member.id)
            assert broken_by_change(near, handed_over(near, row, member.id)) == whole
            broken += bool(whole)
    assert 0 < broken < len(rows) * (len(team.members) - 1)  # both verdicts were exercised
