"""The `--busy OTHER.csv` option of `rota solve` (and `rota replan`): other teams' schedules
whose rows are time away for this team's members (contract section 7)."""

from __future__ import annotations

import argparse
import sys

from scheduler import Team, read_busy, with_busy


def add_busy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--busy", action="append", default=[], metavar="OTHER.csv",
                        help="another team's schedule: its rows are time its members are away "
                             "(with min_rest_hours around them); repeatable")


def apply_busy(team: Team, paths: list[str] | None, quiet: bool = False) -> Team:
    """The team with the rows its members hold in `paths` attached; says how many on stderr."""
    rows = [row for path in paths or [] for row in read_busy(path)]
    if not rows:
        return team
    busy_team = with_busy(team, rows)
    if not quiet:
        matched = {r.person for r in rows} & {m.id for m in team.members}
        print(f"busy elsewhere: {len(rows)} rows in {len(paths or [])} file(s); "
              f"{len(matched)} member(s) of {team.name} away then", file=sys.stderr)
    return busy_team
