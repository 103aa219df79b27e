"""`rota analyze PAGES --team TEAM.yaml [--schedule schedule.csv] --out DIR`: the CLI glue."""

from __future__ import annotations

import argparse

from analysis.acks import parse_ack_targets
from analysis.api import analyze
from analysis.outputs import summary_text, write_outputs
from scheduler.formats.csvfile import read_schedule
from scheduler.teamfile.parse import load_team
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    analyze = add_command(sub, "analyze")
    analyze.add_argument("pages", metavar="PAGES.csv")
    analyze.add_argument("--team", required=True, metavar="TEAM.yaml")
    analyze.add_argument("--schedule", metavar="schedule.csv")
    analyze.add_argument("--out", required=True, metavar="DIR")
    analyze.add_argument("--ack-target", action="append", default=[], metavar="URGENCY=MIN",
                         help="acknowledgement target per urgency, e.g. high=5 (repeatable)")


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    targets = parse_ack_targets(args.ack_target or [])
    schedule = read_schedule(args.schedule, team) if args.schedule else None
    result = analyze(args.pages, team, schedule, targets)
    write_outputs(result, args.out)
    print(summary_text(result))
    return 0
