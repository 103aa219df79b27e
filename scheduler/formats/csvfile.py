"""Read and write the schedule CSV (contract sections 3 and 6).

    start,end,shift,role,person,site[,covers_for]
    2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,

One row per shift and role, sorted by start and then by role in the order of the team's roles.
Times are ISO 8601 to the second with the team zone's UTC offset. `person` is empty for a gap.

A *final* schedule (section 6) adds `covers_for`: an override that covers part of a row splits
it into up to three rows (before, during, after) with the same shift and role. In a file with
a `covers_for` column, the reader finds the shift a split row belongs to among the team file's
shifts of the same name; a row that matches none is read as a shift of its own, as before. Columns after the known ones (for
example `expected_pages`) are read past.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scheduler.domain import SHADOW, Assignment, Schedule, Shift, Team
from scheduler.errors import ScheduleFileError
from scheduler.files import read_text_file
from scheduler.shifts.expand import expand

COLUMNS = ("start", "end", "shift", "role", "person", "site")
FINAL_COLUMNS = (*COLUMNS, "covers_for")
# After `site` (after `covers_for` in a final schedule) when solved with --pages (section 8).
PAGES_COLUMN = "expected_pages"
PAGE_ROLE = "primary"


def _iso(instant: datetime, team: Team) -> str:
    return instant.astimezone(team.timezone).isoformat(timespec="seconds")


def ordered_assignments(schedule: Schedule) -> list[Assignment]:
    """Rows in file order: by start, then shift, then role in the order of the team's roles."""
    role_order = {r: i for i, r in enumerate(schedule.team.roles)}
    return sorted(schedule.assignments,
                  key=lambda a: (a.start, a.shift.index, role_order.get(a.role, 99)))


def is_final(schedule: Schedule) -> bool:
    return any(a.final for a in schedule.assignments)


def schedule_rows(schedule: Schedule, final: bool | None = None) -> list[dict[str, str]]:
    """CSV rows; `final` adds `covers_for` (default: when an override touched any row)."""
    team = schedule.team
    final = is_final(schedule) if final is None else final
    pages = schedule.expected_pages
    rows = []
    for a in ordered_assignments(schedule):
        row = {"start": _iso(a.start, team), "end": _iso(a.end, team), "shift": a.shift.template,
               "role": a.role, "person": a.person or "", "site": a.shift.site or ""}
        if final:
            row["covers_for"] = a.covers_for or ""
        if pages is not None:
            # A piece of a split primary row carries its share of the shift's expected pages.
            share = (a.end - a.start) / a.shift.duration
            value = pages.get(a.shift.index, 0.0) * share if a.role == PAGE_ROLE else 0.0
            row[PAGES_COLUMN] = f"{value:.2f}" if value else "0"
        rows.append(row)
    return rows


def schedule_columns(schedule: Schedule, final: bool | None = None) -> tuple[str, ...]:
    final = is_final(schedule) if final is None else final
    return ((FINAL_COLUMNS if final else COLUMNS)
            + ((PAGES_COLUMN,) if schedule.expected_pages is not None else ()))


def row_order(team: Team) -> Callable[[Assignment], tuple[datetime, int, int]]:
    """Sort key for rows: start, then the team's roles in order, then shadow rows (section 7)."""
    role_order = {r: i for i, r in enumerate(team.roles)}

    def key(a: Assignment) -> tuple[datetime, int, int]:
        return (a.start, a.shift.index, role_order.get(a.role, len(role_order)))

    return key


def schedule_csv(schedule: Schedule, final: bool | None = None) -> str:
    final = is_final(schedule) if final is None else final
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=schedule_columns(schedule, final),
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(schedule_rows(schedule, final))
    return buffer.getvalue()


def write_schedule(schedule: Schedule, path: str | Path, final: bool | None = None) -> None:
    Path(path).write_text(schedule_csv(schedule, final), encoding="utf-8")


def _parse_instant(text: str, source: str, line: int, column: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleFileError(source, line, column,
                                f"not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise ScheduleFileError(source, line, column, f"time has no UTC offset: {text!r}")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class _Row:
    line: int
    start: datetime
    end: datetime
    shift: str
    role: str
    person: str | None
    site: str | None
    covers_for: str | None


class _PlanShifts:
    """The team file's shifts by name, to find the shift a split row is a piece of."""

    def __init__(self, team: Team) -> None:
        self.by_name: dict[str, list[Shift]] = {}
        for shift in expand(team):
            self.by_name.setdefault(shift.template, []).append(shift)
        self.starts = {name: [s.start for s in shifts] for name, shifts in self.by_name.items()}

    def containing(self, row: _Row) -> Shift | None:
        starts = self.starts.get(row.shift)
        if not starts:
            return None
        i = bisect.bisect_right(starts, row.start) - 1
        if i < 0:
            return None
        shift = self.by_name[row.shift][i]
        return shift if shift.start <= row.start and row.end <= shift.end else None


def _read_rows(text: str, team: Team, source: str) -> tuple[list[_Row], bool]:
    """The rows, and whether the header is a final schedule's (has `covers_for`)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ScheduleFileError(source, 1, "",
                                f"empty file; expected header {','.join(COLUMNS)}") from None
    except csv.Error as exc:
        raise ScheduleFileError(source, 1, "", f"unreadable CSV: {exc}") from None
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ScheduleFileError(source, 1, "", f"missing column '{missing[0]}'")
    col = {c: header.index(c) for c in FINAL_COLUMNS if c in header}
    rows: list[_Row] = []
    try:
        for record in reader:
            if not record or all(not cell.strip() for cell in record):
                continue
            rows.append(_read_row(record, col, len(header), team, source, reader.line_num))
    except csv.Error as exc:
        raise ScheduleFileError(source, reader.line_num, "", f"unreadable CSV: {exc}") from None
    return rows, "covers_for" in col


def _read_row(record: list[str], col: dict[str, int], width: int, team: Team, source: str,
              line: int) -> _Row:
    if len(record) < width:
        raise ScheduleFileError(source, line, "", f"expected {width} columns, got {len(record)}")
    cell = {c: record[i].strip() for c, i in col.items()}
    start = _parse_instant(cell["start"], source, line, "start")
    end = _parse_instant(cell["end"], source, line, "end")
    if end <= start:
        raise ScheduleFileError(source, line, "end", f"end {cell['end']} is not after start")
    if cell["role"] not in team.roles and cell["role"] != SHADOW:
        raise ScheduleFileError(source, line, "role", f"unknown role {cell['role']!r}; "
                                f"team roles are {list(team.roles)}")
    if not cell["shift"]:
        raise ScheduleFileError(source, line, "shift", "empty shift name")
    return _Row(line, start, end, cell["shift"], cell["role"], cell["person"] or None,
                cell["site"] or None, cell.get("covers_for") or None)


def parse_schedule(text: str, team: Team, source: str = "schedule.csv") -> Schedule:
    """Parse a section 3 or section 6 schedule. Raises ScheduleFileError naming the file, line
    and column."""
    rows, final = _read_rows(text, team, source)
    # Only a final schedule has split rows; a section 3 one is read without expanding the plan.
    plan = _PlanShifts(team) if rows and final else None
    shifts: dict[tuple[datetime, str], Shift] = {}
    held: dict[tuple[datetime, str, str], list[tuple[datetime, datetime]]] = {}
    pending: list[tuple[tuple[datetime, str], _Row]] = []
    for row in rows:
        container = plan.containing(row) if plan else None
        start, end = (container.start, container.end) if container else (row.start, row.end)
        key = (start, row.shift)
        if key not in shifts:
            shifts[key] = Shift(len(shifts), row.shift, start, end, row.site)
        pieces = held.setdefault((start, row.shift, row.role), [])
        if any(row.start < b and a < row.end for a, b in pieces):
            raise ScheduleFileError(source, row.line, "role",
                                    f"second {row.role} row for this shift")
        pieces.append((row.start, row.end))
        pending.append((key, row))
    ordered = sorted(shifts.values(), key=lambda s: (s.start, s.index))
    renumbered = {(s.start, s.template): Shift(i, s.template, s.start, s.end, s.site)
                  for i, s in enumerate(ordered)}
    assignments = []
    for key, row in pending:
        shift = renumbered[key]
        whole = (row.start, row.end) == (shift.start, shift.end)
        assignments.append(Assignment(shift, row.role, row.person, row.covers_for,
                                      None if whole else (row.start, row.end)))
    return Schedule(team=team, shifts=[renumbered[(s.start, s.template)] for s in ordered],
                    assignments=assignments)


def read_schedule(path: str | Path, team: Team) -> Schedule:
    text = read_text_file(path, ScheduleFileError, encoding="utf-8-sig")
    return parse_schedule(text, team, str(path))


def parse_instant(text: str, source: str, line: int, column: str) -> datetime:
    """An aware ISO 8601 instant, in UTC; the error names the source, line (0: none) and
    column."""
    return _parse_instant(text, source, line, column)
