"""`rota notify TEAM [--at ISO] [--dry-run] [--app-url URL]`: send what is due for a team as
stored (contract section 12). Meant for cron or a systemd timer every few minutes: a second run
sends nothing twice, and a failed delivery (exit 1, one line each on stderr) goes out next time.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

EXIT_OK, EXIT_FAILURE = 0, 1
APP_URL_ENV = "ROTA_APP_URL"


def add_parser(sub: argparse._SubParsersAction) -> None:
    notify = sub.add_parser("notify", help="send change notices, reminders and handoff posts")
    notify.add_argument("team_name", metavar="TEAM", help="the team file's `team:` name")
    notify.add_argument("--at", metavar="ISO",
                        help="what is due at this time (default now); without an offset, in "
                             "the team zone")
    notify.add_argument("--dry-run", action="store_true",
                        help="print what would be sent; send and record nothing")
    notify.add_argument("--app-url", metavar="URL",
                        help=f"link messages to the app here (default ${APP_URL_ENV})")


def run(args: argparse.Namespace) -> int:
    from service.cli.handoff import parse_at
    from service.notify.run import notify_team
    from service.store import open_store

    store = open_store()
    at = datetime.now(UTC).replace(microsecond=0)
    if args.at:
        newest = store.publication(args.team_name)
        zone = newest.team.timezone if newest is not None else ZoneInfo("UTC")
        at = parse_at(args.at, zone)
    app_url = args.app_url or os.environ.get(APP_URL_ENV) or None
    result = notify_team(store, args.team_name, at, dry_run=args.dry_run, app_url=app_url)
    verb = "would send" if args.dry_run else "sent"
    for message in result.sent:
        print(f"{verb} {message.line()}")
    for message, error in result.failures:
        print(f"rota: notify: {message.line()}: not delivered: {error}", file=sys.stderr)
    return EXIT_FAILURE if result.failures else EXIT_OK
