"""The `rota` commands: one line per command, name -> the module that builds its parser and
runs it.

The table names modules as strings, not imported functions, on purpose: `rota --help` and every
command that is not being run must not import a command's module, because some of them pull in
OR-Tools (solve, replan) or SciPy (forecast) at import time. service.cli imports only
the module of the command on the command line; the others get a bare sub-parser from `help`.

A module exposes `add_parser(sub) -> None` (adds its sub-parser(s) to argparse's
`sub = parser.add_subparsers(...)`) and `run(args) -> int` (the exit status); a module written
before the registry may name its functions otherwise, given as `add=` and `run=`.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any, NamedTuple


class Command(NamedTuple):
    module: str  # dotted path, imported only when this command runs
    help: str  # the one line `rota --help` shows
    add: str = "add_parser"  # the module's function adding the sub-parser(s)
    run: str = "run"  # the module's function running the parsed command


COMMANDS: dict[str, Command] = {
    "solve": Command("service.cli.solve", "build a fair schedule from a team file"),
    "analyze": Command("service.cli.analyze", "check paging history against the per-shift limit"),
    "ical": Command("service.cli.ical", "write an iCalendar file of the schedule"),
    "publish": Command("service.cli.publish", "store a schedule as the team's newest version"),
    "feeds": Command("service.cli.feeds", "list, rotate or revoke secret feed tokens"),
    "forecast": Command("service.cli.forecast", "expected pages and over-limit chance per shift"),
    "staffing": Command("service.cli.forecast", "people needed per site, and whether pages fit"),
    "import": Command("service.cli.paging.import_", "download paging history from PagerDuty, Grafana "
                                             "OnCall or Splunk On-Call into a file rota analyze "
                                             "reads"),
    "override": Command("service.cli.override", "put a person on a role for an interval; writes "
                                                "the final schedule"),
    "cover": Command("service.cli.cover", "who could take a person's rows in an interval, best "
                                          "first"),
    "hours": Command("service.cli.hours", "on-call hours per person and month (payroll report)"),
    "diff": Command("service.cli.diff", "rows that changed hands between two schedules"),
    "replan": Command("service.cli.replan", "re-plan a schedule for the current team file, "
                                            "changing as few rows as the rules allow"),
    "handoff": Command("service.cli.handoff", "Markdown handoff for the shift ending at --at"),
    "now": Command("service.cli.now", "who is on call now (or at --at), and who is next"),
    "push": Command("service.cli.paging.push", "make a paging tool's schedule follow the plan"),
    "notify": Command("service.cli.notify", "send change notices, reminders and handoff posts"),
}


def add_command(sub: Any, name: str) -> argparse.ArgumentParser:
    """The sub-parser of `name`, its help line taken from the table (one place to write it)."""
    summary = COMMANDS[name].help
    parser: argparse.ArgumentParser = sub.add_parser(name, help=summary, description=summary)
    return parser


def adder(command: Command) -> Callable[[Any], None]:
    """The command's add-parser function; imports its module."""
    adds: Callable[[Any], None] = getattr(importlib.import_module(command.module), command.add)
    return adds


def runner(command: Command) -> Callable[[argparse.Namespace], int]:
    """The command's run function; imports its module."""
    runs: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(command.module), command.run)
    return runs
