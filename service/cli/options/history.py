"""`--history PAST.csv` (repeatable) for `rota solve` and `rota replan`: earlier plans' loads
count toward fairness (contract section 6). Reading the files and printing the second table."""

from __future__ import annotations

import argparse

from scheduler import (
    History,
    Preload,
    Problem,
    Schedule,
    Team,
    build_problem,
    combined_fairness,
    history_of,
    read_schedule,
)


def add_history_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--history", action="append", default=[], metavar="PAST.csv",
                     help="an earlier schedule whose loads count toward fairness (repeatable)")


def read_history(team: Team, paths: list[str]) -> History | None:
    if not paths:
        return None
    return history_of(team, [read_schedule(path, team) for path in paths])


def history_preload(team: Team, paths: list[str]) -> tuple[Preload | None, str]:
    history = read_history(team, paths)
    if history is None:
        return None, ""
    known = ", ".join(sorted(history.loads)) or "nobody"
    note = (f"history: {len(paths)} file(s); members in it: {known}; the others count as "
            "having carried their fair share")
    return history.preload([m.id for m in team.members]), note


def with_preload(team: Team, preload: Preload | None) -> Problem | None:
    """The Problem to solve with the history excess as its preload (None: no history)."""
    if preload is None:
        return None
    problem = build_problem(team)
    problem.preload = preload
    return problem


def combined_table(schedule: Schedule, preload: Preload) -> str:
    """The fairness table for history and plan together (plan load + history excess)."""
    from scheduler import fairness_table

    problem = build_problem(schedule.team, schedule.shifts)
    index = {m: i for i, m in enumerate(problem.members)}
    held = {(a.shift.index, a.role): a.person for a in schedule.assignments}
    holders = [index.get(held.get((slot.shift.index, slot.role)) or "") for slot in problem.slots]
    from scheduler import SolveReport

    report = SolveReport("", 0.0, None, None, None, 0,
                         fairness=combined_fairness(problem, holders, preload))
    return fairness_table(report).replace("round-robin", "           ", 1)
