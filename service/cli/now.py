"""`rota now TEAM [--at ISO]` (contract section 13): who holds each role of the team's newest
published version at an instant, since when, until when, and who takes over next.

It reads the store, not files, because "now" means the schedule people actually live by: the
newest publication, overrides included."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import datetime

from scheduler import on_call_now
from scheduler import team_iso as iso
from service.cli.options.times import instant_arg
from service.store import Publication, open_store
from service.store.base import now as current_time

COLUMNS = ("role", "person", "since", "until", "next_person", "next_start")


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("now", help="print who is on call now (or at --at) and who is next")
    cmd.add_argument("team_name", metavar="TEAM", help="the team's `team:` name")
    cmd.add_argument("--at", metavar="ISO",
                     help="the instant to ask about (default now); without an offset it is "
                          "the team zone's wall clock")


def now_rows(publication: Publication, at: datetime) -> list[list[str]]:
    team = publication.team
    rows = []
    for line in on_call_now(publication.schedule, at):
        current, upcoming = line.current, line.next
        rows.append([line.role, line.person or "",
                     iso(current.start if current else None, team),
                     iso(current.end if current else None, team),
                     (upcoming.person or "") if upcoming else "",
                     iso(upcoming.start if upcoming else None, team)])
    return rows


def run(args: argparse.Namespace) -> int:
    publication = open_store().latest_publication(args.team_name)
    team = publication.team
    at = current_time() if args.at is None else instant_arg(args.at, team.timezone, "--at")
    rows = now_rows(publication, at)  # before the header: an error prints no half table
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return 0
