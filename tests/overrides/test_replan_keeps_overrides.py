"""A re-plan of a final schedule (contract section 6): rows before --from are copied unchanged,
split rows and covers_for included; a later override stays while its row keeps its holder, and
is dropped, and said so, when the row changes hands."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from scheduler.formats.csvfile import write_schedule
from scheduler.solver.solve import solve
from scheduler.teamfile.parse import parse_team
from service.cli import main

TEAM = {
    "team": "t", "timezone": "Europe/Berlin", "start": "2027-01-04", "end": "2027-01-11",
    "roles": ["primary", "secondary"],
    "shifts": [{"name": "day", "start": "09:00", "end": "21:00"},
               {"name": "night", "start": "21:00", "end": "09:00"}],
    "members": [{"id": m} for m in "abcde"],
}
FROM = "2027-01-06T00:00:00+01:00"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text().splitlines()))


def plan(tmp_path: Path) -> tuple[Path, Path]:
    team = tmp_path / "team.yaml"
    team.write_text(yaml.safe_dump(TEAM))
    schedule = tmp_path / "schedule.csv"
    write_schedule(solve(parse_team(team.read_text(), "team.yaml"), time_limit=2, seed=1),
                   schedule)
    return team, schedule


def override(tmp_path: Path, team: Path, schedule: Path, day_start: str, hours: tuple[str, str],
             name: str) -> tuple[Path, str, str]:
    """Give two hours of the primary row starting at `day_start` to someone free that day."""
    held = rows(schedule)
    row = next(r for r in held if r["start"] == day_start and r["role"] == "primary")
    # Someone who holds neither role of that day shift: no overlap (short rest only warns).
    busy = {r["person"] for r in held if r["start"] == day_start}
    free = next(m for m in "abcde" if m not in busy)
    out = tmp_path / name
    date = day_start[:10]
    assert main(["override", str(schedule), "--team", str(team), "--role", "primary",
                 "--person", free, "--start", f"{date}T{hours[0]}:00+01:00",
                 "--end", f"{date}T{hours[1]}:00+01:00", "--out", str(out)]) == 0
    return out, row["person"], free


def two_overrides(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """A final schedule with an override before --from (4 Jan) and one after it (8 Jan);
    returns the team file, the final schedule, and the later override's holder and cover."""
    team, schedule = plan(tmp_path)
    early, _, _ = override(tmp_path, team, schedule, "2027-01-04T09:00:00+01:00",
                           ("12:00", "14:00"), "early.csv")
    final, holder, cover = override(tmp_path, team, early, "2027-01-08T09:00:00+01:00",
                                    ("10:00", "12:00"), "final.csv")
    return team, final, holder, cover


def test_kept_and_untouched_overrides_survive_a_replan(tmp_path, capsys):
    team, final, _, _ = two_overrides(tmp_path)
    out = tmp_path / "new.csv"
    assert main(["replan", str(team), "--previous", str(final), "--out", str(out),
                 "--from", FROM, "--time-limit", "2"]) == 0
    assert "changed rows: 0" in capsys.readouterr().out
    # Nothing changed in the team: the final schedule comes back as it was, split rows and all.
    assert out.read_text() == final.read_text()
    assert sum(1 for r in rows(out) if r["covers_for"]) == 2


def test_an_override_on_a_row_that_changes_hands_is_dropped_and_reported(tmp_path, capsys):
    team, final, holder, cover = two_overrides(tmp_path)
    # The holder of the overridden row takes 8 January off: the row must change hands.
    changed = dict(TEAM, members=[{"id": m, **({"time_off": [{"start": "2027-01-08",
                                                             "end": "2027-01-08"}]}
                                               if m == holder else {})} for m in "abcde"])
    team.write_text(yaml.safe_dump(changed))
    out = tmp_path / "new.csv"
    assert main(["replan", str(team), "--previous", str(final), "--out", str(out),
                 "--from", FROM, "--time-limit", "2"]) == 0
    printed = capsys.readouterr().out
    assert f"override dropped (its row changed hands): {cover} for {holder}, primary " \
           "2027-01-08 10:00-2027-01-08 12:00" in printed
    before, after = rows(final), rows(out)
    # Rows before --from, the early split included, are copied unchanged.
    assert [r for r in after if r["start"] < FROM[:19]] == [r for r in before
                                                           if r["start"] < FROM[:19]]
    day = [r for r in after if r["start"] == "2027-01-08T09:00:00+01:00" and r["role"] == "primary"]
    assert len(day) == 1 and day[0]["person"] != holder and day[0]["covers_for"] == ""
    assert day[0]["end"] == "2027-01-08T21:00:00+01:00"
