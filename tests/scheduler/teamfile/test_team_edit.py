"""Team-file editing (scheduler.teamfile.edit): tables out of a team file and back in, keeping the
keys the editors do not show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from scheduler.errors import TeamFileError
from scheduler.teamfile.edit import (
    dump_team_file,
    edited_rules,
    member_rows,
    rebuild_team_file,
    shift_rows,
    time_off_rows,
    with_horizon,
)
from scheduler.teamfile.parse import parse_team

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo" / "team.yaml"


def _spec() -> dict:
    return yaml.safe_load(DEMO.read_text())


def _rebuilt(spec: dict, members: list[dict] | None = None, rules: dict | None = None) -> str:
    return dump_team_file(rebuild_team_file(
        spec, members if members is not None else member_rows(spec), time_off_rows(spec),
        shift_rows(spec), rules if rules is not None else spec["rules"]))


def test_tables_round_trip_to_the_same_team():
    spec = _spec()
    original, rebuilt = parse_team(DEMO.read_text()), parse_team(_rebuilt(spec))
    assert rebuilt == original


def test_keys_the_editors_do_not_show_are_kept():
    team = parse_team(_rebuilt(_spec()))
    assert team.member("greta").unavailable
    assert team.member("alice").time_off


def test_an_edited_cell_is_checked_like_any_team_file():
    spec = _spec()
    members = member_rows(spec)
    members[2]["timezone"] = "Europe/Londn"
    with pytest.raises(TeamFileError, match=r"members\[2\]\.timezone: unknown time zone"):
        parse_team(_rebuilt(spec, members), "team.yaml")


def test_empty_cells_drop_optional_keys():
    spec = _spec()
    members = member_rows(spec)
    members[0].update(email=None, weight=float("nan"), roles="")
    rebuilt = yaml.safe_load(_rebuilt(spec, members))["members"][0]
    assert "email" not in rebuilt and "weight" not in rebuilt and "roles" not in rebuilt


def test_cap_zero_means_no_weekly_cap():
    rules = edited_rules({"min_rest_hours": 12}, 10, 0, 3)
    assert rules == {"min_rest_hours": 10.0, "max_shifts_per_week": None,
                     "max_incidents_per_shift": 3}
    team = parse_team(_rebuilt(_spec(), rules=rules))
    assert team.rules.max_shifts_per_week is None


def test_unquoted_clock_times_show_as_written():
    spec = {"shifts": [{"name": "night", "start": 1260, "end": "09:00"}]}
    assert shift_rows(spec) == [{"name": "night", "start": "21:00", "end": "09:00", "site": ""}]


def test_horizon_replaced_and_nothing_else():
    text = with_horizon(DEMO.read_text(), date(2027, 2, 1), date(2027, 2, 8))
    team, original = parse_team(text), parse_team(DEMO.read_text())
    assert (team.start, team.end) == (date(2027, 2, 1), date(2027, 2, 8))
    assert team.members == original.members
