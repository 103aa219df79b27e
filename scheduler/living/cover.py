"""Cover suggestions: who could take a person's rows in an interval (contract section 6).

For each row the person holds that overlaps the interval (the whole row, not only the overlap),
every other member who could hold it breaking no hard rule, min rest and weekly cap included,
with the row added: the person's own rules (holding.py), then every rule of the one rule list
(scheduler/solver/rules) on the schedule with the row handed over, so a candidate who would
leave the shift without a required skill is never offered (contract section 10). Each rule's
check looks at one person's rows or one shift's rows at a time, so the rules run on the rows
a handover can change a verdict on (around()), not on the whole plan for every candidate. They are ranked by their own weighted shift count after taking
the row, lowest first; ties by weighted hours, then team order.

Weighted load is load / fair-share factor, pro rata by weight and availability as the solver's
fairness (scheduler.problem.slots). A piece of a split row counts as its fraction of the shift's
length, so two hours of a twelve-hour shift is 1/6 of a shift.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from scheduler.domain import Assignment, Schedule
from scheduler.errors import InputError, UnknownMemberError
from scheduler.formats.csvfile import ordered_assignments
from scheduler.living.holding import Piece, hard_breaks, soft_breaks
from scheduler.problem.slots import build_problem
from scheduler.solver.rules import broken_by_change


@dataclass(frozen=True)
class Candidate:
    row: Assignment
    candidate: str
    rank: int  # 1 = best
    weighted_shifts: float  # after taking the row
    weighted_hours: float


def _hours(a: Assignment) -> float:
    return (a.end - a.start).total_seconds() / 3600


def _shift_fraction(a: Assignment) -> float:
    return (a.end - a.start) / a.shift.duration


def _loads(schedule: Schedule) -> dict[str, tuple[float, float]]:
    """Raw (shifts, hours) each member holds."""
    loads = {m.id: (0.0, 0.0) for m in schedule.team.members}
    for a in schedule.assignments:
        if a.person in loads:
            shifts, hours = loads[a.person]
            loads[a.person] = (shifts + _shift_fraction(a), hours + _hours(a))
    return loads


def _factors(schedule: Schedule) -> dict[str, tuple[float, float]]:
    """Fair-share factors (shifts, hours) per member, from the team file's plan."""
    problem = build_problem(schedule.team)
    return {m: (problem.factor["shifts"][i], problem.factor["hours"][i])
            for i, m in enumerate(problem.members)}


def _weighted(load: float, factor: float) -> float:
    return load / factor if factor > 0 else float("inf")


def rows_to_cover(schedule: Schedule, person: str, start: datetime, end: datetime
                  ) -> list[Assignment]:
    if person not in {m.id for m in schedule.team.members}:
        raise UnknownMemberError(f"--person: {person!r} is not a member of "
                                 f"{schedule.team.name!r}")
    if end <= start:
        raise InputError("--end: not after --start")
    return [a for a in ordered_assignments(schedule)
            if a.person == person and a.start < end and start < a.end]


def handed_over(schedule: Schedule, row: Assignment, person: str) -> Schedule:
    """`schedule` with `row` held by `person` instead (covering for its holder)."""
    taken = replace(row, person=person, covers_for=row.person)
    return replace(schedule, assignments=[taken if a is row else a
                                          for a in schedule.assignments], report=None)


def around(schedule: Schedule, row: Assignment, person: str) -> Schedule:
    """The rows whose hard-rule verdicts handing `row` to `person` can change: theirs, its
    holder's, and every row of its shift. Violations elsewhere are the same before and after,
    so comparing the two on these rows finds what the handover breaks (on a 40-person year,
    about 100 rows of 1,456 per candidate)."""
    kept = [a for a in schedule.assignments
            if a.person in (person, row.person) or a.shift == row.shift]
    return replace(schedule, assignments=kept, report=None)


def candidates_for(schedule: Schedule, row: Assignment,
                   loads: dict[str, tuple[float, float]],
                   factors: dict[str, tuple[float, float]]) -> list[Candidate]:
    """Every member who could take `row`, best first."""
    piece = [Piece(row.shift, row.role, row.start, row.end)]
    scored = []
    for order, member in enumerate(schedule.team.members):
        if member.id == row.person:
            continue
        if hard_breaks(schedule, member.id, piece, [row]) or soft_breaks(
                schedule, member.id, piece, [row]):
            continue
        near = around(schedule, row, member.id)
        if broken_by_change(near, handed_over(near, row, member.id)):
            continue
        shifts, hours = loads[member.id]
        f_shifts, f_hours = factors[member.id]
        scored.append((_weighted(shifts + _shift_fraction(row), f_shifts),
                       _weighted(hours + _hours(row), f_hours), order, member.id))
    scored.sort()
    return [Candidate(row, who, rank, ws, wh)
            for rank, (ws, wh, _, who) in enumerate(scored, start=1)]


def cover(schedule: Schedule, person: str, start: datetime, end: datetime
          ) -> list[tuple[Assignment, list[Candidate]]]:
    """Each of `person`'s rows overlapping [start, end), with its ranked candidates."""
    rows = rows_to_cover(schedule, person, start.astimezone(UTC), end.astimezone(UTC))
    if not rows:
        return []
    loads, factors = _loads(schedule), _factors(schedule)
    return [(row, candidates_for(schedule, row, loads, factors)) for row in rows]


def cover_row(schedule: Schedule, row: Assignment) -> list[Candidate]:
    """The ranked candidates for one row (the app's "who could take this shift")."""
    return candidates_for(schedule, row, _loads(schedule), _factors(schedule))
