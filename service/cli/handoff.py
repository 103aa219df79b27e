"""`rota handoff PAGES.csv --team TEAM.yaml --schedule SCHEDULE.csv --at ISO`: the Markdown
handoff for the shift that ends at or before --at (contract section 7)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from analysis import build_handoff, handoff_markdown, parse_ack_targets
from scheduler import load_team, read_schedule
from service.cli.options.times import instant_arg
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    handoff = add_command(sub, "handoff")
    handoff.add_argument("pages", metavar="PAGES.csv")
    handoff.add_argument("--team", required=True, metavar="TEAM.yaml")
    handoff.add_argument("--schedule", required=True, metavar="SCHEDULE.csv")
    handoff.add_argument("--at", required=True, metavar="ISO",
                         help="the handoff instant; an ISO time without offset is in the team zone")
    handoff.add_argument("--ack-target", action="append", default=[], metavar="URGENCY=MIN")
    handoff.add_argument("--out", metavar="FILE.md", help="write here instead of printing")


def parse_at(text: str, zone: ZoneInfo) -> datetime:
    """--at in UTC; a time without offset is the team zone's wall clock (DST rules of
    contract section 1, as for every time option)."""
    return instant_arg(text, zone, "--at").astimezone(UTC)


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    schedule = read_schedule(args.schedule, team)
    at = parse_at(args.at, team.timezone)
    text = handoff_markdown(build_handoff(args.pages, team, schedule, at,
                                          parse_ack_targets(args.ack_target or [])))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0
