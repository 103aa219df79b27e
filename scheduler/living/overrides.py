"""Overrides: put a person on a role for any interval of a schedule (contract section 6).

The result is a *final* schedule: each row of the role that the interval touches is split
into up to three rows with the same shift and role: before (the old holder), during (the new
holder, `covers_for` the old one) and after (the old holder again). Overrides stack: applying
one to a final schedule splits its pieces further. Role, site, time off and overlap are hard
(HardRuleError naming the rule), and so is every other hard rule of the one rule list
(scheduler/solver/rules): an override that leaves a shift without a required skill, or puts a
trainee on the primary of a shadowed shift, is refused naming the shift (contract section 10).
A short rest or a weekly cap is returned as a warning, because a human chose it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from scheduler.domain import Assignment, Schedule, Team
from scheduler.errors import HardRuleError, InputError, UnknownMemberError
from scheduler.living.holding import Piece, hard_breaks, soft_breaks
from scheduler.solver.rules import WARN_ONLY_FOR_OVERRIDES, broken_by_change


@dataclass(frozen=True)
class Override:
    """`person` holds `role` from `start` to `end` (aware instants)."""

    role: str
    person: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class OverrideResult:
    schedule: Schedule
    warnings: list[str]
    changed_rows: int  # rows of the input that were split or handed over


def _stamp(team: Team, instant: datetime) -> str:
    return instant.astimezone(team.timezone).isoformat(timespec="seconds")


def _check_request(schedule: Schedule, override: Override) -> list[Assignment]:
    """The rows of the role the interval touches, after checking the request itself."""
    team = schedule.team
    if override.role not in team.roles:
        raise InputError(f"--role: unknown role {override.role!r}; team roles are "
                         f"{list(team.roles)}")
    if override.person not in {m.id for m in team.members}:
        raise UnknownMemberError(f"--person: {override.person!r} is not a member of {team.name!r}")
    if override.start.tzinfo is None or override.end.tzinfo is None:
        raise InputError("--start/--end: time has no UTC offset")
    if override.end <= override.start:
        raise InputError(f"--end: {_stamp(team, override.end)} is not after --start")
    rows = sorted((a for a in schedule.assignments if a.role == override.role
                   and a.start < override.end and override.start < a.end),
                  key=lambda a: a.start)
    covered = override.start
    for a in rows:
        if a.start > covered:
            break
        covered = max(covered, a.end)
    if not rows or rows[0].start > override.start or covered < override.end:
        gap = _stamp(team, covered if rows and rows[0].start <= override.start
                     else override.start)
        raise InputError(f"--start/--end: the interval is not inside the plan: no "
                         f"{override.role} row at {gap}")
    return rows


def _split(row: Assignment, override: Override) -> list[Assignment]:
    """Before, during and after pieces of one row."""
    start, end = max(row.start, override.start), min(row.end, override.end)
    pieces = []
    if row.start < start:
        pieces.append(replace(row, part=(row.start, start)))
    pieces.append(replace(row, person=override.person, covers_for=row.person, part=(start, end)))
    if end < row.end:
        pieces.append(replace(row, part=(end, row.end)))
    return pieces


def _joined(rows: list[Assignment]) -> list[Assignment]:
    """Touching pieces of one slot with the same holder and covers_for become one row again; a
    piece that spans its whole shift is a whole row."""
    rows = sorted(rows, key=lambda a: (a.shift.index, a.role, a.start))
    out: list[Assignment] = []
    for a in rows:
        last = out[-1] if out else None
        if (last is not None and last.shift.index == a.shift.index and last.role == a.role
                and last.end == a.start and (last.person, last.covers_for)
                == (a.person, a.covers_for)):
            out[-1] = replace(last, part=(last.start, a.end))
        else:
            out.append(a)
    return [replace(a, part=None) if (a.start, a.end) == (a.shift.start, a.shift.end) else a
            for a in out]


def apply_override(schedule: Schedule, override: Override) -> OverrideResult:
    """The final schedule with `override` applied. Raises HardRuleError for a broken hard rule,
    InputError for a request outside the plan or naming an unknown role or member."""
    team = schedule.team
    rows = _check_request(schedule, override)
    # Instants are UTC inside Rota: two times in one zone subtract by wall clock across DST.
    override = replace(override, start=override.start.astimezone(UTC),
                       end=override.end.astimezone(UTC))
    for a in rows:
        if a.person == override.person:
            raise HardRuleError(f"overlap rule: {override.person} already holds {a.role} "
                                f"{_stamp(team, a.start)}–{_stamp(team, a.end)}")
    pieces = [Piece(a.shift, a.role, max(a.start, override.start), min(a.end, override.end))
              for a in rows]
    broken = hard_breaks(schedule, override.person, pieces, rows)
    if broken:
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        raise HardRuleError(f"override breaks a hard rule: {broken[0]}{more}")
    warnings = soft_breaks(schedule, override.person, pieces, rows)
    touched = {id(a) for a in rows}
    kept = [a for a in schedule.assignments if id(a) not in touched]
    split = [piece for a in rows for piece in _split(a, override)]
    final = replace(schedule, assignments=_joined(kept + split), report=None)
    against = broken_by_change(schedule, final, skip=WARN_ONLY_FOR_OVERRIDES)
    if against:
        more = f" (and {len(against) - 1} more)" if len(against) > 1 else ""
        rule, line = against[0]
        raise HardRuleError(f"override breaks a hard rule: {rule} rule: {line}{more}")
    return OverrideResult(final, warnings, len(rows))
