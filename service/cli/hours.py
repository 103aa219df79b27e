"""`rota hours SCHEDULE.csv --team TEAM.yaml [--pages PAGES.csv] [--out FILE.csv]`: on-call
hours per person and month (analysis.hours), as CSV."""

from __future__ import annotations

import argparse
import sys

from analysis import hours_report, incidents_on_call
from scheduler import RotaError, load_team, read_schedule
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = add_command(sub, "hours")
    cmd.add_argument("schedule", metavar="SCHEDULE.csv")
    cmd.add_argument("--team", required=True, metavar="TEAM.yaml")
    cmd.add_argument("--pages", metavar="PAGES.csv", help="count incidents in those hours")
    cmd.add_argument("--out", metavar="FILE.csv", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    schedule = read_schedule(args.schedule, team)
    counted = None
    if args.pages:
        counted, uncounted = incidents_on_call(args.pages, schedule)
        if uncounted:
            print(f"rota: {uncounted} row(s) of {args.pages} not counted (unreadable or no "
                  f"primary on call); `rota analyze` lists them", file=sys.stderr)
    text = hours_report(schedule, counted).to_csv(index=False, lineterminator="\n")
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            raise RotaError(f"{args.out}: cannot write file: {exc.strerror}") from None
        rows = text.count("\n") - 1
        print(f"wrote {rows} row(s) (person and month) to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
