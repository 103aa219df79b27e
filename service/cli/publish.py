"""`rota publish TEAM.yaml schedule.csv` (contract section 2): store the schedule as the team's
newest published version (service.actions.changes, audited as the command line)."""

from __future__ import annotations

import argparse
import sys

from scheduler import ScheduleFileError, TeamFileError, read_text_file
from service.access import CLI_ACTOR
from service.actions import changes
from service.cli.registry import add_command
from service.store import open_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    publish = add_command(sub, "publish")
    publish.add_argument("team", metavar="TEAM.yaml")
    publish.add_argument("schedule", metavar="schedule.csv")
    publish.add_argument("--force", action="store_true",
                         help="publish even if it undoes an override or a row already started")


def run(args: argparse.Namespace) -> int:
    team_yaml = read_text_file(args.team, TeamFileError, encoding="utf-8-sig")
    schedule_csv = read_text_file(args.schedule, ScheduleFileError, encoding="utf-8-sig")
    publication = changes.publish(open_store(), CLI_ACTOR, team_yaml, schedule_csv,
                                  team_source=args.team, schedule_source=args.schedule,
                                  force=args.force)
    print(f"published {publication.team_name} version {publication.version} "
          f"at {publication.published_at.isoformat()}; `rota feeds list "
          f"{publication.team_name}` prints the feed paths", file=sys.stderr)
    return 0
