"""`rota solve --busy OTHER.csv`: rows a member holds in another team's schedule are time away;
a bad busy file is exit 2 with one line naming the file, line and column."""

from __future__ import annotations

import csv

from service.cli import main
from tests.harness.teams import team_yaml

IMOC = """\
start,end,shift,role,person,site
2027-01-04T10:00:00+01:00,2027-01-11T10:00:00+01:00,week,imoc,m0,
"""


def test_busy_member_holds_nothing_that_week(tmp_path, capsys):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(5, end="2027-01-11"))
    other = tmp_path / "imoc.csv"
    other.write_text(IMOC)
    out = tmp_path / "schedule.csv"
    code = main(["solve", str(team), "--out", str(out), "--time-limit", "2",
                 "--busy", str(other)])
    assert code == 0
    assert "busy elsewhere: 1 rows in 1 file(s); 1 member(s) of test-sre away then" \
        in capsys.readouterr().err
    rows = list(csv.DictReader(out.open()))
    # Only the Monday 09:00-21:00 shift starts before m0's IMOC week; it overlaps it, too.
    assert not [r for r in rows if r["person"] == "m0"]


def test_bad_busy_file_is_exit_2(tmp_path, capsys):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(5))
    other = tmp_path / "imoc.csv"
    other.write_text(IMOC.replace("2027-01-11T10:00:00+01:00", "next week"))
    code = main(["solve", str(team), "--out", str(tmp_path / "s.csv"), "--busy", str(other)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"rota: {other}:2: end: not an ISO 8601 time: 'next week'"


def test_a_missing_skill_is_exit_2_naming_the_shift_and_the_skill(tmp_path, capsys):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml([
        {"id": "alice", "skills": ["failover"],
         "time_off": [{"start": "2027-01-04", "end": "2027-01-10"}]},
        {"id": "bob"}, {"id": "carol"}], rules={"required_skills": ["failover"]}))
    code = main(["solve", str(team), "--out", str(tmp_path / "s.csv"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert ("  2027-01-04 09:00 day: nobody free has 'failover' (only alice, who is on time off)"
            in err.splitlines())
