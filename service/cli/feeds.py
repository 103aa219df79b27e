"""`rota feeds list|rotate|revoke TEAM [--person ID]` (contract section 2): the secret feed
tokens of a stored team; `list` prints CSV person,path."""

from __future__ import annotations

import argparse
import csv
import sys

from service.access import CLI_ACTOR
from service.actions import changes
from service.cli.registry import add_command
from service.store import open_store
from service.web.feeds import feed_path


def add_parser(sub: argparse._SubParsersAction) -> None:
    feeds = add_command(sub, "feeds")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    feeds_list = feeds_sub.add_parser("list", help="print CSV person,path")
    feeds_list.add_argument("team_name", metavar="TEAM")
    for action in ("rotate", "revoke"):
        cmd = feeds_sub.add_parser(action, help=f"{action} a feed token")
        cmd.add_argument("team_name", metavar="TEAM")
        cmd.add_argument("--person", metavar="ID", help="the member; omit for the team feed")


def run(args: argparse.Namespace) -> int:
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
