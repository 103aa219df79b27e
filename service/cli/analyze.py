"""`rota analyze PAGES --team TEAM.yaml [--schedule schedule.csv] --out DIR`: the CLI glue."""

from __future__ import annotations

import argparse

from analysis import analyze, parse_ack_targets, summary_text, write_outputs
from scheduler import load_team, read_schedule
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
