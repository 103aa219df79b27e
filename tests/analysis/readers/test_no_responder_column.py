"""An export without any responder column (PagerDuty's web download lets users pick the
columns): with --schedule every incident counts for the primary on call at its creation;
without, exit 2 names the missing column (contract section 4)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from service.cli import main

TEAM = """\
team: payments
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-06
roles: [primary]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice}
  - {id: bob}
"""
SCHEDULE = """\
start,end,shift,role,person,site
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,
2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,night,primary,bob,
2027-01-05T09:00:00+01:00,2027-01-05T21:00:00+01:00,day,primary,alice,
2027-01-05T21:00:00+01:00,2027-01-06T09:00:00+01:00,night,primary,bob,
"""
# PagerDuty's web incidents CSV with the people columns left out of the download.
PAGES = '''\
Incident Number,Title,Description,Status,Urgency,Priority,Service,Escalation Policy,Created At,Resolved At
1201,High error rate on payments-api,High error rate,resolved,high,P1,payments-api,Payments primary,2027-01-04T10:12:44+01:00,2027-01-04T10:40:02+01:00
1202,Disk usage 91% on ledger-db-2,Disk usage,resolved,low,,ledger,Payments primary,2027-01-04T21:00:00+01:00,2027-01-04T22:00:00+01:00
1203,"checkout: ""connection refused""",refused,resolved,high,P2,checkout,Payments primary,2027-01-05T03:30:00+01:00,2027-01-05T04:10:00+01:00
1204,Queue backlog growing,backlog,triggered,high,,fraud-scoring,Payments primary,yesterday,
1205,Before the plan,early,resolved,low,,ledger,Payments primary,2027-01-03T12:00:00+01:00,
'''


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {"team": tmp_path / "team.yaml", "schedule": tmp_path / "schedule.csv",
             "pages": tmp_path / "incidents.csv"}
    for name, text in (("team", TEAM), ("schedule", SCHEDULE), ("pages", PAGES)):
        paths[name].write_text(text, encoding="utf-8")
    return {name: str(path) for name, path in paths.items()}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_with_a_schedule_every_incident_counts_for_the_primary_on_call(files, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", files["pages"], "--team", files["team"], "--schedule",
                 files["schedule"], "--out", str(out)]) == 0
    people = {row["person"]: int(row["incidents"]) for row in read(out / "people.csv")}
    assert people == {"alice": 1, "bob": 2}  # 21:00 exactly is the night's: bob
    rejected = [(row["line"], row["reason"]) for row in read(out / "rejected.csv")]
    assert rejected == [("5", "bad timestamp in Created At: 'yesterday'"),
                        ("6", "no primary on call")]


def test_without_a_schedule_exit_2_names_the_missing_column(files, tmp_path, capsys):
    assert main(["analyze", files["pages"], "--team", files["team"],
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert files["pages"] in err
    assert "missing column 'Assigned To' for the PagerDuty web incidents CSV" in err


def test_hours_with_pages_reads_such_a_file_too(files, capsys):
    assert main(["hours", files["schedule"], "--team", files["team"], "--pages",
                 files["pages"]]) == 0
    assert "2 row(s)" in capsys.readouterr().err  # the bad timestamp and the one before the plan
