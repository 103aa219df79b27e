"""The `rota` command (contract section 2). Thin: parse arguments, call the API, map errors
to exit codes. 0 = success, 2 = bad input or infeasible plan, 1 = anything else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scheduler.errors import InfeasibleError, InputError, RotaError

from .busy_option import add_busy_option
from .import_command import add_import_parser

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rota", description="On-call rotation scheduler and paging-load analyzer."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_solve_parser(sub)
    _add_contract_parsers(sub)
    from .forecast_command import add_forecast_parsers

    add_forecast_parsers(sub)
    add_import_parser(sub)
    _add_living_parsers(sub)
    from .handoff_command import add_handoff_parser

    add_handoff_parser(sub)
    from .now_command import add_now_parser

    add_now_parser(sub)
    return parser


def _add_solve_parser(sub: argparse._SubParsersAction) -> None:
    solve = sub.add_parser("solve", help="build a fair schedule from a team file")
    solve.add_argument("team", metavar="TEAM.yaml")
    solve.add_argument("--out", required=True, metavar="schedule.csv")
    solve.add_argument("--time-limit", type=float, default=30.0, metavar="S",
                       help="solver time budget in seconds (default 30)")
    solve.add_argument("--seed", type=int, default=0, metavar="N", help="solver random seed")
    solve.add_argument("--allow-gaps", action="store_true",
                       help="if full coverage is impossible, leave the fewest rows uncovered")
    solve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="search threads (default 1, repeatable); more search faster but a "
                            "time-limited run may then not repeat")
    solve.add_argument("--quiet", action="store_true", help="no progress lines")
    solve.add_argument("--pages", metavar="PAGES.csv",
                       help="paging history: also balance expected pages and sleep-hour pages")
    from .history_option import add_history_option

    add_history_option(solve)
    add_busy_option(solve)


def _add_contract_parsers(sub: argparse._SubParsersAction) -> None:
    """Contract section 2: analyze, ical, publish and feeds."""
    analyze = sub.add_parser("analyze", help="check paging history against the per-shift limit")
    analyze.add_argument("pages", metavar="PAGES.csv")
    analyze.add_argument("--team", required=True, metavar="TEAM.yaml")
    analyze.add_argument("--schedule", metavar="schedule.csv")
    analyze.add_argument("--out", required=True, metavar="DIR")
    analyze.add_argument("--ack-target", action="append", default=[], metavar="URGENCY=MIN",
                         help="acknowledgement target per urgency, e.g. high=5 (repeatable)")

    ical = sub.add_parser("ical", help="write an iCalendar file of the schedule")
    ical.add_argument("schedule", metavar="schedule.csv")
    ical.add_argument("--team", required=True, metavar="TEAM.yaml")
    ical.add_argument("--person", metavar="ID")
    ical.add_argument("--out", required=True, metavar="FILE.ics")
    ical.add_argument("--app-url", metavar="URL",
                      help="the app's address; each event then links to its Handoff panel")

    publish = sub.add_parser("publish", help="store a schedule as the team's newest version")
    publish.add_argument("team", metavar="TEAM.yaml")
    publish.add_argument("schedule", metavar="schedule.csv")

    feeds = sub.add_parser("feeds", help="list, rotate or revoke secret feed tokens")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    feeds_list = feeds_sub.add_parser("list", help="print CSV person,path")
    feeds_list.add_argument("team_name", metavar="TEAM")
    for action in ("rotate", "revoke"):
        cmd = feeds_sub.add_parser(action, help=f"{action} a feed token")
        cmd.add_argument("team_name", metavar="TEAM")
        cmd.add_argument("--person", metavar="ID", help="the member; omit for the team feed")


def _add_living_parsers(sub: argparse._SubParsersAction) -> None:
    """Contract section 6: overrides, cover suggestions, the on-call hours report, diff and
    re-plan."""
    from .cover_command import add_cover_parser
    from .diff_command import add_diff_parser
    from .hours_command import add_hours_parser
    from .override_command import add_override_parser
    from .replan_command import add_replan_parser

    add_override_parser(sub)
    add_cover_parser(sub)
    add_hours_parser(sub)
    add_diff_parser(sub)
    add_replan_parser(sub)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "solve":
        from .solve_command import solve_command

        return solve_command(args)
    if args.command == "diff":
        from .diff_command import diff_command

        return diff_command(args)
    if args.command == "replan":
        from .replan_command import replan_command

        return replan_command(args)
    if args.command == "handoff":
        from .handoff_command import handoff_command

        return handoff_command(args)
    if args.command == "now":
        from .now_command import now_command

        return now_command(args)
    if args.command == "analyze":
        from .analyze_command import analyze_command

        return analyze_command(args)
    if args.command in ("override", "cover", "hours"):
        return _dispatch_living(args)
    if args.command in ("forecast", "staffing"):
        from .forecast_command import forecast_command, staffing_command

        return (forecast_command if args.command == "forecast" else staffing_command)(args)
    if args.command == "import":
        from .import_command import import_command

        return import_command(args)
    from .calendar_command import feeds_command, ical_command, publish_command

    handlers = {"ical": ical_command, "publish": publish_command, "feeds": feeds_command}
    return handlers[args.command](args)


def _dispatch_living(args: argparse.Namespace) -> int:
    from .cover_command import cover_command
    from .hours_command import hours_command
    from .override_command import override_command

    handlers = {"override": override_command, "cover": cover_command, "hours": hours_command}
    return handlers[args.command](args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except InfeasibleError as exc:
        print(f"rota: {exc}", file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InputError as exc:
        print(f"rota: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RotaError as exc:
        print(f"rota: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("rota: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # one line, never a traceback, for anything unforeseen
        print(f"rota: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
