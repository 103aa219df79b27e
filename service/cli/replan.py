"""`rota replan TEAM.yaml --previous SCHEDULE.csv --out NEW.csv` (contract section 6)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from scheduler import (
    InputError,
    ReplanResult,
    Schedule,
    Team,
    diff_schedules,
    dropped_overrides,
    fairness_table,
    gained_and_lost,
    load_team,
    local_midnight,
    next_shift_moves,
    read_schedule,
    write_schedule,
)
from scheduler import replan_schedule as replan
from service.cli.options.busy import add_busy_option, apply_busy
from service.cli.options.history import add_history_option, history_preload
from service.cli.options.times import instant_arg
from service.cli.registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = add_command(sub, "replan")
    cmd.add_argument("team", metavar="TEAM.yaml")
    cmd.add_argument("--previous", required=True, metavar="SCHEDULE.csv")
    cmd.add_argument("--out", required=True, metavar="NEW.csv")
    cmd.add_argument("--from", dest="replan_from", metavar="ISO",
                     help="rows starting before this instant are kept (default: now); "
                          "without an offset, the team zone's wall clock")
    cmd.add_argument("--max-changes", type=int, metavar="N",
                     help="change up to N rows if that makes the plan fairer")
    cmd.add_argument("--time-limit", type=float, default=30.0, metavar="S")
    cmd.add_argument("--seed", type=int, default=0, metavar="N")
    cmd.add_argument("--allow-gaps", action="store_true",
                     help="if full coverage is impossible, leave the fewest rows uncovered")
    cmd.add_argument("--workers", type=int, default=1, metavar="N", help="search threads")
    add_history_option(cmd)
    add_busy_option(cmd)


def parse_from(text: str | None, team: Team, previous: Schedule,
               now: datetime | None = None) -> datetime:
    """--from (a time without offset is the team zone's wall clock), or now when it is not
    given. The plan is the team file's days and the previous schedule's rows together: a
    --from outside it would re-plan nothing (or everything) without saying so, so it is bad
    input. Without --from, a plan that has not started is re-planned from its start."""
    first, last = plan_span(team, previous)
    if text is None:
        replan_from = max(now or datetime.now(UTC), first)
        if replan_from >= last:
            raise InputError(f"--from: the plan ended at {_local(last, team)}; nothing is "
                             "left to re-plan (give --from inside the plan)")
        return replan_from
    replan_from = instant_arg(text, team.timezone, "--from")
    if not first <= replan_from < last:
        raise InputError(f"--from: {_local(replan_from, team)} is outside the plan "
                         f"({_local(first, team)} to {_local(last, team)})")
    return replan_from


def plan_span(team: Team, previous: Schedule) -> tuple[datetime, datetime]:
    """The first instant and the end of the plan: the team file's [start, end) days in the
    team zone, widened to every row of the previous schedule."""
    starts = [local_midnight(team.start, team.timezone), *(a.start for a in previous.assignments)]
    ends = [local_midnight(team.end, team.timezone), *(a.end for a in previous.assignments)]
    return min(starts), max(ends)


def _local(instant: datetime, team: Team) -> str:
    return instant.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M %Z")


def run(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    previous = read_schedule(args.previous, team)
    # Busy time only constrains the re-planned rows: kept rows stay as they were.
    team = apply_busy(team, getattr(args, "busy", None))
    replan_from = parse_from(args.replan_from, team, previous)
    if args.time_limit <= 0:
        raise InputError(f"--time-limit: must be positive, got {args.time_limit:g}")
    if args.max_changes is not None and args.max_changes < 0:
        raise InputError(f"--max-changes: must be 0 or more, got {args.max_changes}")
    preload, history_note = history_preload(team, args.history)
    result = replan(team, previous, replan_from=replan_from, max_changes=args.max_changes,
                    time_limit=args.time_limit, seed=args.seed, allow_gaps=args.allow_gaps,
                    workers=args.workers, preload=preload)
    write_schedule(result.schedule, args.out)
    print(replan_summary(result))
    if history_note:
        print(history_note)
    return 0


def replan_summary(result: ReplanResult) -> str:
    team = result.schedule.team

    def when(instant: datetime | None) -> str:
        return instant.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M") if instant else "none"

    proof = "proven minimum" if result.proven else "best found, not proven minimal"
    lines = [f"changed rows: {result.changed} (fewest the hard rules allow: {result.min_changes}, "
             f"{proof}); uncovered rows: {result.uncovered}; kept rows before "
             f"{when(result.replan_from)}"]
    changes = diff_schedules(result.previous, result.schedule)
    lines.append("person,gained,lost")
    lines += [f"{p},{g},{lost}" for p, (g, lost) in gained_and_lost(changes).items()]
    moves = next_shift_moves(result.previous, result.schedule, result.replan_from)
    for person, (old, new) in moves.items():
        lines.append(f"next shift moved: {person}: {when(old)} -> {when(new)}")
    if not moves:
        lines.append("next shift moved: nobody")
    for piece in dropped_overrides(result.previous, result.schedule):
        lines.append(f"override dropped (its row changed hands): {piece.person} for "
                     f"{piece.covers_for}, {piece.role} {when(piece.start)}-{when(piece.end)}")
    for point in result.trade:
        lines.append(f"\nwith at most {point.cap} changed rows ({point.changed} used):")
        lines.append(fairness_table_lines(point.fairness))
    return "\n".join(lines)


def fairness_table_lines(fairness: list) -> str:
    from scheduler import SolveReport

    report = SolveReport("", 0.0, None, None, None, 0, fairness=fairness)
    return fairness_table(report)
