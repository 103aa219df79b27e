"""`rota cover TEAM.yaml SCHEDULE.csv --person ID --start ISO --end ISO` (contract section 6):
prints CSV start,end,role,candidate,rank."""

from __future__ import annotations

import argparse
import csv
import sys

from scheduler import cover, load_team, read_schedule
from service.cli.options.times import instant_arg
from service.cli.registry import add_command

COLUMNS = ("start", "end", "role", "candidate", "rank")


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = add_command(sub, "cover")
    cmd.add_argument("team", metavar="TEAM.yaml")
    cmd.add_argument("schedule", metavar="SCHEDULE.csv")
    cmd.add_argument("--person", required=True, metavar="ID")
    cmd.add_argument("--start", required=True, metavar="ISO")
    cmd.add_argument("--end", required=True, metavar="ISO")


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    schedule = read_schedule(args.schedule, team)
    start = instant_arg(args.start, team.timezone, "--start")
    end = instant_arg(args.end, team.timezone, "--end")
    rows = cover(schedule, args.person, start, end)  # before the header: errors print nothing
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row, candidates in rows:
        when = [t.astimezone(team.timezone).isoformat(timespec="seconds")
                for t in (row.start, row.end)]
        for c in candidates:
            writer.writerow([*when, row.role, c.candidate, c.rank])
        if not candidates:
            print(f"rota: nobody can take {row.role} {when[0]}–{when[1]} without breaking a "
                  f"hard rule", file=sys.stderr)
    if not rows:
        print(f"rota: {args.person} holds no row in that interval", file=sys.stderr)
    return 0
