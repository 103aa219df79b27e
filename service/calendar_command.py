"""`rota ical`, `rota publish` and `rota feeds list|rotate|revoke` (contract section 2).

Thin handlers: read files, call scheduler.ical / service.store, print. Errors are raised as
RotaError subclasses and become exit codes in service.cli.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from scheduler.errors import RotaError, ScheduleFileError, TeamFileError, UnknownMemberError
from scheduler.files import read_text_file
from scheduler.ical import build_calendar
from scheduler.io import read_schedule
from scheduler.team import load_team

from . import changes
from .access import CLI_ACTOR
from .feeds import feed_path
from .store import open_store


def ical_command(args: argparse.Namespace) -> int:
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


def publish_command(args: argparse.Namespace) -> int:
    team_yaml = read_text_file(args.team, TeamFileError, encoding="utf-8-sig")
    schedule_csv = read_text_file(args.schedule, ScheduleFileError, encoding="utf-8-sig")
    publication = changes.publish(open_store(), CLI_ACTOR, team_yaml, schedule_csv,
                                  team_source=args.team, schedule_source=args.schedule,
                                  force=args.force)
    print(f"published {publication.team_name} version {publication.version} "
          f"at {publication.published_at.isoformat()}; `rota feeds list "
          f"{publication.team_name}` prints the feed paths", file=sys.stderr)
    return 0


def feeds_command(args: argparse.Namespace) -> int:
    store = open_store()
    person = getattr(args, "person", None)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if args.feeds_command == "list":
        feeds = store.feed_tokens(args.team_name)  # before the header: errors print nothing
        writer.writerow(["person", "path"])
        for member, token in feeds:
            writer.writerow([member or "", feed_path(token) if token else ""])
    elif args.feeds_command == "rotate":
        token = changes.rotate_feed(store, CLI_ACTOR, args.team_name, person)
        writer.writerows([["person", "path"], [person or "", feed_path(token)]])
    else:
        revoked = changes.revoke_feed(store, CLI_ACTOR, args.team_name, person)
        whose = f"{person}'s feed" if person else "the team feed"
        state = "revoked" if revoked else "was already revoked"
        print(f"{args.team_name}: {whose} {state}; `rota feeds rotate` issues a new one",
              file=sys.stderr)
    return 0
