"""`rota ical schedule.csv --team TEAM.yaml [--person ID] --out FILE.ics` (contract section 2).

Thin: read files, call scheduler.formats.ical, write. Errors are raised as RotaError subclasses and
become exit codes in service.cli.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler import RotaError, UnknownMemberError, build_calendar, load_team, read_schedule
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    ical = add_command(sub, "ical")
    ical.add_argument("schedule", metavar="schedule.csv")
    ical.add_argument("--team", required=True, metavar="TEAM.yaml")
    ical.add_argument("--person", metavar="ID")
    ical.add_argument("--out", required=True, metavar="FILE.ics")
    ical.add_argument("--app-url", metavar="URL",
                      help="the app's address; each event then links to its Handoff panel")


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    schedule = read_schedule(args.schedule, team)
    if args.person is not None and args.person not in {m.id for m in team.members}:
        raise UnknownMemberError(f"--person: {args.person!r} is not a member of {args.team}")
    body = build_calendar(schedule, args.person, app_url=getattr(args, "app_url", None))
    try:
        Path(args.out).write_bytes(body)
    except OSError as exc:
        raise RotaError(f"{args.out}: cannot write file: {exc.strerror}") from None
    events = body.count(b"BEGIN:VEVENT")
    whose = args.person or f"team {team.name}"
    print(f"wrote {events} events ({whose}) to {args.out}", file=sys.stderr)
    return 0
