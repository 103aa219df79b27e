"""`rota analyze --schedule` on a final schedule (contract section 6): split rows hand primary
over inside a shift, count for whoever held primary at each instant, and make no new windows."""

from __future__ import annotations

from analysis import analyze
from analysis.windows import whole_shifts
from scheduler.formats.csvfile import parse_schedule
from scheduler.teamfile.parse import parse_team
from service.cli import main
from tests.harness.pages import TEAM_YAML, pd_csv

# Alice's day shift on 5 January, 12:00-15:00 covered by Bob; the night is Bob's, weekly-style
# consecutive shifts of one template stay apart because they start at a handoff.
FINAL = """\
start,end,shift,role,person,site,covers_for
2027-01-05T09:00:00+01:00,2027-01-05T12:00:00+01:00,day,primary,alice,,
2027-01-05T12:00:00+01:00,2027-01-05T15:00:00+01:00,day,primary,bob,,alice
2027-01-05T15:00:00+01:00,2027-01-05T21:00:00+01:00,day,primary,alice,,
2027-01-05T21:00:00+01:00,2027-01-06T09:00:00+01:00,night,primary,bob,,
2027-01-06T09:00:00+01:00,2027-01-06T21:00:00+01:00,day,primary,,,
"""


def row(ident: str, created: str) -> str:
    return f"{ident},1,x,{created},Someone Else,,high,"


def test_split_rows_make_no_new_windows(team):
    schedule = parse_schedule(FINAL, team, "final.csv")
    shifts = whole_shifts(schedule)
    assert [(s.template, s.start.hour, s.end.hour) for s in shifts] == [
        ("day", 8, 20), ("night", 20, 8), ("day", 8, 20)]


def test_each_incident_counts_for_whoever_held_primary_at_its_creation(team):
    schedule = parse_schedule(FINAL, team, "final.csv")
    result = analyze(pd_csv(
        row("a", "2027-01-05T10:00:00+01:00"),  # alice
        row("b", "2027-01-05T12:00:00+01:00"),  # exactly at the override's start: bob
        row("c", "2027-01-05T13:00:00+01:00"),  # bob
        row("d", "2027-01-05T14:59:59+01:00"),  # bob
        row("e", "2027-01-05T15:00:00+01:00"),  # back to alice
        row("f", "2027-01-05T22:00:00+01:00"),  # bob's night
        row("g", "2027-01-06T10:00:00+01:00"),  # a gap: no primary on call
        row("h", "2027-01-07T10:00:00+01:00"),  # in no scheduled shift
    ), team, schedule)
    by_id = dict(zip(result.incidents["id"], result.incidents["person"].astype(str),
                     strict=True))
    assert by_id == {"a": "alice", "b": "bob", "c": "bob", "d": "bob", "e": "alice",
                     "f": "bob"}
    assert result.rejected.to_dict("records") == [
        {"line": 8, "reason": "no primary on call", "id": "g"},
        {"line": 9, "reason": "no primary on call", "id": "h"}]
    # One day window for both holders; each person's count is compared with the limit of 2.
    shifts = result.shifts[["person", "incidents", "over_limit"]].to_dict("records")
    assert shifts == [{"person": "alice", "incidents": 2, "over_limit": False},
                      {"person": "bob", "incidents": 3, "over_limit": True},
                      {"person": "bob", "incidents": 1, "over_limit": False}]
    windows = result.people.set_index("person")["windows"].to_dict()
    assert windows == {"alice": 1, "bob": 2}


def test_cli_reads_a_final_schedule(tmp_path):
    (tmp_path / "team.yaml").write_text(TEAM_YAML)
    (tmp_path / "final.csv").write_text(FINAL)
    (tmp_path / "pages.csv").write_bytes(pd_csv(row("c", "2027-01-05T13:00:00+01:00")))
    code = main(["analyze", str(tmp_path / "pages.csv"), "--team", str(tmp_path / "team.yaml"),
                 "--schedule", str(tmp_path / "final.csv"), "--out", str(tmp_path / "out")])
    assert code == 0
    assert (tmp_path / "out" / "shifts.csv").read_text().splitlines()[1:] == [
        "2027-01-05T09:00:00+01:00,2027-01-05T21:00:00+01:00,bob,1,false"]


def test_split_primary_beside_a_whole_secondary_row(team):
    two_roles = parse_team(TEAM_YAML.replace("roles: [primary]", "roles: [primary, secondary]"),
                           "tiny.yaml")
    final = ("start,end,shift,role,person,site,covers_for\n"
             "2027-01-05T09:00:00+01:00,2027-01-05T12:00:00+01:00,day,primary,alice,,\n"
             "2027-01-05T09:00:00+01:00,2027-01-05T21:00:00+01:00,day,secondary,bob,,\n"
             "2027-01-05T12:00:00+01:00,2027-01-05T21:00:00+01:00,day,primary,bob,,alice\n")
    schedule = parse_schedule(final, two_roles, "final.csv")
    result = analyze(pd_csv(row("a", "2027-01-05T11:00:00+01:00"),
                            row("b", "2027-01-05T12:30:00+01:00")), two_roles, schedule)
    assert result.incidents["person"].astype(str).tolist() == ["alice", "bob"]
    assert len(result.windows) == 1
