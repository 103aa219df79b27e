"""`rota override`, `rota cover` and `rota hours` from the command line: outputs, exit codes,
one-line errors, warnings on stderr."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from overrides_fixtures import alternating, make_team, team_yaml

from scheduler.formats.csvfile import schedule_csv
from service.cli import main


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    text = team_yaml(4, rules={"min_rest_hours": 12})
    team = tmp_path / "team.yaml"
    team.write_text(text)
    schedule = tmp_path / "schedule.csv"
    schedule.write_text(schedule_csv(alternating(make_team(4, rules={"min_rest_hours": 12}))))
    return team, schedule


def override(team: Path, schedule: Path, out: Path, person: str, start: str, end: str,
             role: str = "primary") -> int:
    return main(["override", str(schedule), "--team", str(team), "--role", role, "--person",
                 person, "--start", start, "--end", end, "--out", str(out)])


def test_override_writes_a_final_schedule_and_warns_on_short_rest(files, tmp_path, capsys):
    team, schedule = files
    out = tmp_path / "final.csv"
    assert override(team, schedule, out, "m2", "2027-01-04T12:00:00+01:00",
                    "2027-01-04T14:00") == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "start,end,shift,role,person,site,covers_for"
    assert "2027-01-04T12:00:00+01:00,2027-01-04T14:00:00+01:00,day,primary,m2,,m0" in lines
    err = capsys.readouterr().err
    assert "rota: warning: min rest: m2 rests 7.0 h" in err


def test_stacked_overrides_from_the_command_line(files, tmp_path):
    team, schedule = files
    first, second = tmp_path / "f1.csv", tmp_path / "f2.csv"
    assert override(team, schedule, first, "m2", "2027-01-04T12:00", "2027-01-04T16:00") == 0
    assert override(team, first, second, "m3", "2027-01-04T14:00", "2027-01-04T18:00") == 0
    rows = list(csv.DictReader(io.StringIO(second.read_text())))
    day = [(r["start"][11:16], r["end"][11:16], r["person"], r["covers_for"]) for r in rows
           if r["role"] == "primary" and r["start"].startswith("2027-01-04T") and
           r["shift"] == "day"]
    assert day == [("09:00", "12:00", "m0", ""), ("12:00", "14:00", "m2", "m0"),
                   ("14:00", "16:00", "m3", "m2"), ("16:00", "18:00", "m3", "m0"),
                   ("18:00", "21:00", "m0", "")]


@pytest.mark.parametrize("person,start,end,message", [
    ("m1", "2027-01-04T12:00", "2027-01-04T14:00",
     "rota: override breaks a hard rule: overlap rule: m1 already holds secondary"),
    ("m2", "2026-01-04T12:00", "2026-01-04T14:00", "rota: --start/--end: the interval is not "
                                                   "inside the plan"),
    ("m2", "yesterday", "2027-01-04T14:00", "rota: --start: not an ISO 8601 time: 'yesterday'"),
    ("zed", "2027-01-04T12:00", "2027-01-04T14:00", "rota: --person: 'zed' is not a member"),
])
def test_override_errors_are_one_line_and_exit_2(files, tmp_path, capsys, person, start, end,
                                                 message):
    team, schedule = files
    out = tmp_path / "final.csv"
    assert override(team, schedule, out, person, start, end) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_override_of_a_bad_schedule_file_names_the_line(files, tmp_path, capsys):
    team, schedule = files
    bad = tmp_path / "bad.csv"
    bad.write_text(schedule.read_text().replace("2027-01-04T21:00:00+01:00,2027-01-05T09:00",
                                                "2027-01-04T21:00:00,2027-01-05T09:00", 1))
    assert override(team, bad, tmp_path / "o.csv", "m2", "2027-01-04T12:00",
                    "2027-01-04T14:00") == 2
    assert "bad.csv:4: start: time has no UTC offset" in capsys.readouterr().err


def test_cover_prints_ranked_candidates(files, capsys):
    team, schedule = files
    assert main(["cover", str(team), str(schedule), "--person", "m0", "--start",
                 "2027-01-04T10:00", "--end", "2027-01-04T11:00"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "start,end,role,candidate,rank"
    # With 12 hours of rest, m2 and m3 (the night after) and m1 (the partner) cannot take it.
    assert out[1:] == []


def test_cover_without_rest_rule_lists_candidates(tmp_path, capsys):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(5))
    schedule = tmp_path / "s.csv"
    schedule.write_text(schedule_csv(alternating(make_team(5))))
    assert main(["cover", str(team), str(schedule), "--person", "m0", "--start",
                 "2027-01-04T10:00", "--end", "2027-01-04T11:00"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["candidate"], r["rank"]) for r in rows] == [("m3", "1"), ("m4", "2"),
                                                          ("m2", "3")]
    assert {r["start"] for r in rows} == {"2027-01-04T09:00:00+01:00"}


def test_cover_unknown_person_exits_2_before_any_output(files, capsys):
    team, schedule = files
    assert main(["cover", str(team), str(schedule), "--person", "zed", "--start",
                 "2027-01-04T10:00", "--end", "2027-01-04T11:00"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("rota: --person: 'zed' is not a member")


def test_hours_to_stdout_and_to_a_file(files, tmp_path, capsys):
    team, schedule = files
    assert main(["hours", str(schedule), "--team", str(team)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("person,month,hours,business_hours,off_hours,weekend_hours,holiday_hours,"
                      "override_hours")
    assert [line.split(",")[0] for line in out[1:]] == ["m0", "m1", "m2", "m3"]
    target = tmp_path / "hours.csv"
    pages = tmp_path / "pages.csv"
    pages.write_text("id,created_at,responder\n1,2027-01-04T10:00:00+01:00,x\n")
    assert main(["hours", str(schedule), "--team", str(team), "--pages", str(pages),
                 "--out", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [(r["person"], r["incidents"]) for r in rows] == [
        ("m0", "1"), ("m1", "0"), ("m2", "0"), ("m3", "0")]
    written = capsys.readouterr()
    assert written.out == ""  # like the other commands, --out says what it wrote on stderr
    assert f"wrote 4 row(s) (person and month) to {target}" in written.err


def test_hours_with_a_bad_pages_file_exits_2(files, tmp_path, capsys):
    team, schedule = files
    pages = tmp_path / "pages.csv"
    pages.write_text("what,ever\n1,2\n")
    assert main(["hours", str(schedule), "--team", str(team), "--pages", str(pages)]) == 2
    assert capsys.readouterr().err.startswith("rota: ")


def test_ical_and_publish_accept_a_final_schedule(files, tmp_path, monkeypatch, capsys):
    team, schedule = files
    final = tmp_path / "final.csv"
    assert override(team, schedule, final, "m2", "2027-01-04T12:00", "2027-01-04T14:00") == 0
    ics = tmp_path / "m2.ics"
    assert main(["ical", str(final), "--team", str(team), "--person", "m2", "--out",
                 str(ics)]) == 0
    body = ics.read_text()
    assert "UID:20270104T110000Z-day-primary.cover-sre@rota" in body
    monkeypatch.setenv("ROTA_DB", f"sqlite:///{tmp_path}/rota.db")
    assert main(["publish", str(team), str(schedule)]) == 0
    assert main(["publish", str(team), str(final)]) == 0
    assert "version 2" in capsys.readouterr().err
