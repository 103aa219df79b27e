"""`rota diff OLD.csv NEW.csv`: print CSV person,start,end,role,change (contract section 6)."""

from __future__ import annotations

import argparse
import sys

from scheduler import ScheduleFileError, diff_csv, diff_holders, read_holders, read_text_file
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    diff = add_command(sub, "diff")
    diff.add_argument("old", metavar="OLD.csv")
    diff.add_argument("new", metavar="NEW.csv")


def run(args: argparse.Namespace) -> int:
    old, old_written = read_holders(read_text_file(args.old, ScheduleFileError), args.old)
    new, new_written = read_holders(read_text_file(args.new, ScheduleFileError), args.new)
    written = {**old_written, **new_written}
    changes = diff_holders(old, new)
    sys.stdout.write(diff_csv(changes, lambda instant: written[instant]))
    return 0
