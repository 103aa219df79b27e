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
from scheduler.ical import build_calendar
from scheduler.io import read_schedule
from scheduler.team import load_team

from .feeds import feed_path
from .store import open_store


def _read_text(path: str, error: type[Exception]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _file_error(error, path, f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise _file_error(error, path, "not a UTF-8 text file") from None


def _file_error(error: type[Exception], path: str, message: str) -> Exception:
    if error is TeamFileError:
        return TeamFileError(path, None, "", message)
    return error(f"{path}: {message}")


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
    team_yaml = _read_text(args.team, TeamFileError)
    schedule_csv = _read_text(args.schedule, ScheduleFileError)
    publication = open_store().publish(team_yaml, schedule_csv, team_source=args.team,
                                       schedule_source=args.schedule)
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
        token = store.rotate_token(args.team_name, person)
        writer.writerows([["person", "path"], [person or "", feed_path(token)]])
    else:
        revoked = store.revoke_token(args.team_name, person)
        whose = f"{person}'s feed" if person else "the team feed"
        state = "revoked" if revoked else "was already revoked"
        print(f"{args.team_name}: {whose} {state}; `rota feeds rotate` issues a new one",
              file=sys.stderr)
    return 0
