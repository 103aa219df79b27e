"""`rota replan` on the command line: CSV out, the printed report, exit codes."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.formats.csvfile import parse_instant, read_schedule, write_schedule
from scheduler.solver.solve import solve
from scheduler.teamfile.busy import read_busy, with_busy
from scheduler.teamfile.parse import load_team, parse_team
from service.cli import main
from tests.harness.replan_check import changed_rows, fewest_changes, replan_violations
from tests.harness.teams import team_yaml

PLAN = {"start": "2027-01-04", "end": "2027-01-18", "rules": {"min_rest_hours": 12}}
FROM = "2027-01-08T00:00:00+01:00"


def members(**extra):
    out = [{"id": f"m{i}"} for i in range(5)]
    for m in out:
        m.update(extra.get(m["id"], {}))
    return out


def setup(tmp_path, **changes):
    before = team_yaml(members(), **PLAN)
    previous = tmp_path / "previous.csv"
    write_schedule(solve(parse_team(before, "t.yaml"), time_limit=2, seed=1), previous)
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(members(**changes), **PLAN))
    return str(team), str(previous)


def test_replan_writes_schedule_and_reports(tmp_path, capsys):
    team, previous = setup(tmp_path, m1={"time_off": [{"start": "2027-01-10", "end": "2027-01-11"}]})
    out = tmp_path / "new.csv"
    assert main(["replan", team, "--previous", previous, "--out", str(out), "--from", FROM,
                 "--time-limit", "3", "--max-changes", "20"]) == 0
    printed = capsys.readouterr().out
    assert "proven minimum" in printed
    assert "person,gained,lost" in printed and "next shift moved:" in printed
    assert "with at most" in printed and "shifts" in printed
    old_rows = list(csv.DictReader(Path(previous).read_text().splitlines()))
    new_rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [(r["start"], r["role"]) for r in old_rows] == [(r["start"], r["role"]) for r in new_rows]
    assert not [r for r in new_rows if r["person"] == "m1" and r["start"].startswith("2027-01-10T")]
    # The diff of the two files names m1's lost rows.
    assert main(["diff", previous, str(out)]) == 0
    diff = capsys.readouterr().out
    assert "m1,2027-01-10T09:00:00+01:00" in diff or "m1,2027-01-10T21:00:00+01:00" in diff


def test_replan_infeasible_exits_2_naming_shifts(tmp_path):
    off = {"time_off": [{"start": "2027-01-12", "end": "2027-01-12"}]}
    team, previous = setup(tmp_path, m0=off, m1=off, m2=off, m3=off)
    result = subprocess.run([sys.executable, "-m", "service.cli", "replan", team, "--previous",
                             previous, "--out", str(tmp_path / "n.csv"), "--from", FROM,
                             "--time-limit", "3"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "2027-01-12 09:00 day/" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "n.csv").exists()


def test_replan_bad_from_and_bad_previous_exit_2(tmp_path, capsys):
    team, previous = setup(tmp_path)
    assert main(["replan", team, "--previous", previous, "--out", str(tmp_path / "n.csv"),
                 "--from", "2027-01-08 nine"]) == 2
    assert "--from: not an ISO 8601 time" in capsys.readouterr().err
    assert main(["replan", team, "--previous", str(tmp_path / "none.csv"),
                 "--out", str(tmp_path / "n.csv")]) == 2
    assert "cannot read file" in capsys.readouterr().err


def test_replan_from_outside_the_plan_is_exit_2_not_a_silent_no_op(tmp_path, capsys):
    team, previous = setup(tmp_path, m1={"time_off": [{"start": "2027-01-10", "end": "2027-01-11"}]})
    out = tmp_path / "new.csv"
    for outside in ("2027-02-01T00:00:00+01:00", "2027-01-18T09:00", "2026-12-31"):
        assert main(["replan", team, "--previous", previous, "--out", str(out),
                     "--from", outside, "--time-limit", "2"]) == 2
        err = capsys.readouterr().err
        assert "--from:" in err and "is outside the plan (2027-01-04 00:00 CET to " \
            "2027-01-18 09:00 CET)" in err, err
    assert not out.exists()


def test_replan_from_parsing_and_default():
    from service.cli.replan import parse_from

    team = parse_team(team_yaml(members(), **PLAN), "t.yaml")
    previous = solve(team, time_limit=1, seed=1)
    offset = parse_from(FROM, team, previous)
    assert parse_from("2027-01-08T00:00", team, previous) == offset  # team wall clock
    assert parse_from("2027-01-08", team, previous) == offset
    # Default: now, but a plan that has not started yet is re-planned from its start.
    start = parse_from("2027-01-04T00:00", team, previous)
    assert parse_from(None, team, previous, now=parse_instant(
        "2026-12-07T12:00:00+00:00", "t", 0, "now")) == start
    late = parse_instant("2027-03-01T00:00:00+01:00", "t", 0, "now")
    with pytest.raises(InputError, match="the plan ended at 2027-01-18 09:00 CET"):
        parse_from(None, team, previous, now=late)


def test_replan_with_history_gives_the_overloaded_member_fewer_new_rows(tmp_path, capsys):
    team, previous = setup(tmp_path, m1={"time_off": [{"start": "2027-01-10", "end": "2027-01-11"}]})
    # An earlier plan where m0 and m2 held every day row; m1, m3, m4 one night row each.
    past = tmp_path / "past.csv"
    rows = ["start,end,shift,role,person,site"]
    for day in range(1, 15):
        when = f"2026-12-{day:02d}T09:00:00+01:00,2026-12-{day:02d}T21:00:00+01:00,day"
        rows += [f"{when},primary,m0,", f"{when},secondary,m2,"]
    for day, person in ((15, "m1"), (16, "m3"), (17, "m4")):
        rows.append(f"2026-12-{day:02d}T21:00:00+01:00,2026-12-{day + 1:02d}T09:00:00+01:00,"
                    f"night,primary,{person},")
    past.write_text("\n".join(rows) + "\n")
    out = tmp_path / "new.csv"
    assert main(["replan", team, "--previous", previous, "--out", str(out), "--from", FROM,
                 "--time-limit", "3", "--history", str(past), "--max-changes", "30"]) == 0
    printed = capsys.readouterr().out
    assert "history: 1 file(s); members in it: m0, m1, m2, m3, m4" in printed
    new_rows = list(csv.DictReader(out.read_text().splitlines()))
    later = [r for r in new_rows if r["start"] >= "2027-01-08"]
    held = {p: sum(1 for r in later if r["person"] == p) for p in ("m0", "m2", "m3", "m4")}
    assert max(held["m0"], held["m2"]) < min(held["m3"], held["m4"])


def test_replan_with_busy_moves_only_the_rows_the_busy_time_touches(tmp_path, capsys):
    # m2 became IMOC in another team from 10 Jan 00:00 to 11 Jan 00:00 (Berlin); with
    # min_rest_hours 12 they are away from 9 Jan 12:00 to 11 Jan 12:00.
    team, previous = setup(tmp_path)
    other = tmp_path / "imoc.csv"
    other.write_text("start,end,shift,role,person,site\n"
                     "2027-01-10T00:00:00+01:00,2027-01-11T00:00:00+01:00,day,imoc,m2,\n")
    out = tmp_path / "new.csv"
    assert main(["replan", team, "--previous", previous, "--out", str(out), "--from", FROM,
                 "--time-limit", "3", "--busy", str(other)]) == 0
    assert "busy elsewhere: 1 rows in 1 file(s)" in capsys.readouterr().err
    old_rows = list(csv.DictReader(Path(previous).read_text().splitlines()))
    new_rows = list(csv.DictReader(out.read_text().splitlines()))
    away_lo, away_hi = "2027-01-09T12:00:00+01:00", "2027-01-11T12:00:00+01:00"
    touched = [i for i, r in enumerate(old_rows) if r["end"] > away_lo and r["start"] < away_hi]
    assert not [r for r in (new_rows[i] for i in touched) if r["person"] == "m2"]
    # As few rows changed as a plain, separately written model finds, with no hard rule broken.
    team_file = with_busy(load_team(team), read_busy(str(other)))
    old, new = read_schedule(previous, team_file), read_schedule(str(out), team_file)
    replan_from = parse_instant(FROM, "test", 0, "from")
    assert replan_violations(old, new, replan_from) == []
    assert changed_rows(old, new, replan_from) == fewest_changes(team_file, old, replan_from)
