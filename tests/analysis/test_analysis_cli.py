"""`rota analyze`: exit codes, error lines and the output files."""

from __future__ import annotations

import csv
import json

from service.cli import main
from tests.harness.pages import TEAM_YAML, pd_csv


def run(tmp_path, pages: bytes, *extra: str) -> int:
    (tmp_path / "team.yaml").write_text(TEAM_YAML)
    (tmp_path / "pages.csv").write_bytes(pages)
    return main(["analyze", str(tmp_path / "pages.csv"), "--team", str(tmp_path / "team.yaml"),
                 "--out", str(tmp_path / "out"), *extra])


def test_outputs_follow_the_contract(tmp_path, capsys):
    code = run(tmp_path, pd_csv("a,1,x,2027-01-05T10:00:00+01:00,Alice Wagner,,high,30",
                                "a,1,x,2027-01-05T10:00:00+01:00,Alice Wagner,,high,30",
                                "b,1,x,nope,Alice Wagner,,high,"))
    assert code == 0
    out = tmp_path / "out"
    shifts = list(csv.reader((out / "shifts.csv").open()))
    assert shifts == [["window_start", "window_end", "person", "incidents", "over_limit"],
                      ["2027-01-05T09:00:00+01:00", "2027-01-05T21:00:00+01:00", "alice", "1",
                       "false"]]
    people = list(csv.reader((out / "people.csv").open()))
    assert people[0][:7] == ["person", "incidents", "business_hours", "off_hours", "sleep_hours",
                             "windows_over_limit", "risk"]
    assert [r[:7] for r in people[1:]] == [["alice", "1", "1", "0", "0", "0", "low"],
                                           ["bob", "0", "0", "0", "0", "0", "low"]]
    assert (out / "rejected.csv").read_text() == "line,reason\n4,bad timestamp in created_on: 'nope'\n"
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["incidents"], summary["duplicates"], summary["rejected"]) == (1, 1, 1)
    assert "1 incidents" in capsys.readouterr().out


def test_unknown_header_exits_2_with_one_line_naming_the_columns(tmp_path, capsys):
    assert run(tmp_path, b"when,who\n2027-01-05,alice\n") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pages.csv:1: unknown header" in err and "when, who" in err


def test_missing_column_exits_2_naming_it(tmp_path, capsys):
    assert run(tmp_path, b"id,created_on,acknowledged_by_user_names\n") == 2
    assert "missing column 'assigned_to_user_names'" in capsys.readouterr().err


def test_empty_file_and_bad_ack_target_exit_2(tmp_path):
    assert run(tmp_path, b"") == 2
    assert run(tmp_path, pd_csv(), "--ack-target", "high") == 2


def test_schedule_file_is_used_for_attribution(tmp_path):
    schedule = tmp_path / "schedule.csv"
    schedule.write_text("start,end,shift,role,person,site\n"
                        "2027-01-05T09:00:00+01:00,2027-01-05T21:00:00+01:00,day,primary,bob,\n")
    assert run(tmp_path, pd_csv("a,1,x,2027-01-05T10:00:00+01:00,Alice Wagner,,high,"),
               "--schedule", str(schedule)) == 0
    assert "bob" in (tmp_path / "out" / "shifts.csv").read_text()
