"""`rota push` (contract section 11): make paging tools page whoever the schedule says.

    rota push TOOL TEAM.yaml SCHEDULE.csv --target ID --role ROLE [--from ISO] [--until ISO]
              [--api-url URL] [--dry-run]
    rota push TEAM.yaml SCHEDULE.csv          every `pager:` target of the team file

Parsing the command line imports nothing heavy: httpx and the clients load only when a push runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from scheduler import PAGER_TOOLS, InputError, PagerTarget, load_team, read_schedule
from service.cli.options.times import instant_arg

EXIT_OK, EXIT_FAILURE = 0, 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("push", help="make a paging tool's schedule follow the plan",
                         usage="rota push [TOOL] TEAM.yaml SCHEDULE.csv [--target ID --role ROLE] "
                               "[--from ISO] [--until ISO] [--api-url URL] [--dry-run]",
                         description="Push the holders of a role to a paging tool's schedule "
                                     "as overrides. Credentials come from the environment: "
                                     "PAGERDUTY_TOKEN, OPSGENIE_API_KEY, GOALERT_TOKEN, "
                                     "SPLUNK_ONCALL_API_ID and SPLUNK_ONCALL_API_KEY.")
    cmd.add_argument("files", nargs="+", metavar="[TOOL] TEAM.yaml SCHEDULE.csv",
                     help=f"TOOL is one of {', '.join(PAGER_TOOLS)}; without it, every "
                          "target in the team file's pager: list")
    cmd.add_argument("--target", metavar="ID", help="the tool's schedule id")
    cmd.add_argument("--role", metavar="ROLE", help="the role whose holders the schedule pages")
    cmd.add_argument("--from", dest="since", metavar="ISO", help="default: now")
    cmd.add_argument("--until", metavar="ISO", help="default: the end of SCHEDULE.csv")
    cmd.add_argument("--api-url", metavar="URL", help="replaces the tool's public API address")
    cmd.add_argument("--dry-run", action="store_true",
                     help="print what would be created and deleted, change nothing")


def _targets(args: argparse.Namespace) -> tuple[str, str, list[PagerTarget] | None]:
    """(team path, schedule path, explicit target or None for the team file's list)."""
    if len(args.files) == 2:
        if args.target or args.role:
            raise InputError("push: --target and --role need TOOL: "
                             "rota push TOOL TEAM.yaml SCHEDULE.csv --target ID --role ROLE")
        return args.files[0], args.files[1], None
    if len(args.files) != 3:
        raise InputError("push: expected [TOOL] TEAM.yaml SCHEDULE.csv")
    tool, team, schedule = args.files
    if tool not in PAGER_TOOLS:
        raise InputError(f"push: unknown tool '{tool}' (one of: {', '.join(PAGER_TOOLS)})")
    if not args.target or not args.role:
        raise InputError(f"push {tool}: --target ID and --role ROLE are required")
    return team, schedule, [PagerTarget(tool, args.target, args.role)]


def run(args: argparse.Namespace) -> int:
    from service.pager.run import push_schedule
    from service.store import open_store

    team_path, schedule_path, explicit = _targets(args)
    team = load_team(team_path)
    schedule = read_schedule(schedule_path, team)
    targets = explicit if explicit is not None else list(team.pager)
    if not targets:
        raise InputError(f"{team_path}: pager: no targets to push to "
                         "(add a pager: list, or give TOOL --target --role)")
    for t in targets:
        if t.role not in team.roles:
            raise InputError(f"push: --role: unknown role '{t.role}' "
                             f"(roles: {', '.join(team.roles)})")
    now = datetime.now(UTC)
    since = instant_arg(args.since, team.timezone, "--from") if args.since else now
    until = instant_arg(args.until, team.timezone, "--until") if args.until else None
    if until is not None and until <= since:
        raise InputError("push: --until must be after --from")
    results = push_schedule(schedule, targets, open_store(), env=os.environ, by="cli",
                            since=since, until=until, now=now, api_url=args.api_url,
                            dry_run=args.dry_run)
    prefix = len(results) > 1
    for r in results:
        head = f"{r.label()}: " if prefix else ""
        if r.outcome is None:
            print(f"rota: push: {r.label()}: {r.failure}", file=sys.stderr)
            continue
        print(head + r.outcome.summary() + (" (dry run)" if args.dry_run else ""))
        for line in r.outcome.lines:
            print(f"  {line}")
    return EXIT_FAILURE if any(r.outcome is None for r in results) else EXIT_OK
