"""`rota override SCHEDULE.csv --team TEAM.yaml --role ROLE --person ID --start ISO --end ISO
--out FINAL.csv` (contract section 6): the CLI glue around scheduler.living.overrides."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler import Override, RotaError, apply_override, load_team, read_schedule, schedule_csv
from service.cli.options.times import instant_arg
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = add_command(sub, "override")
    cmd.add_argument("schedule", metavar="SCHEDULE.csv")
    cmd.add_argument("--team", required=True, metavar="TEAM.yaml")
    cmd.add_argument("--role", required=True, metavar="ROLE")
    cmd.add_argument("--person", required=True, metavar="ID")
    cmd.add_argument("--start", required=True, metavar="ISO")
    cmd.add_argument("--end", required=True, metavar="ISO")
    cmd.add_argument("--out", required=True, metavar="FINAL.csv")


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    schedule = read_schedule(args.schedule, team)
    override = Override(args.role, args.person, instant_arg(args.start, team.timezone, "--start"),
                        instant_arg(args.end, team.timezone, "--end"))
    result = apply_override(schedule, override)
    for warning in result.warnings:
        print(f"rota: warning: {warning}", file=sys.stderr)
    try:
        Path(args.out).write_text(schedule_csv(result.schedule, final=True), encoding="utf-8")
    except OSError as exc:
        raise RotaError(f"{args.out}: cannot write file: {exc.strerror}") from None
    print(f"wrote {args.out}: {args.person} holds {args.role} from {args.start} to {args.end}; "
          f"{result.changed_rows} row(s) split or handed over, {len(result.warnings)} warning(s)",
          file=sys.stderr)
    return 0
