"""Read and write the schedule CSV (contract section 3).

    start,end,shift,role,person,site
    2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,

One row per shift and role, sorted by start and then by role in the order of the team's roles.
Times are ISO 8601 to the second with the team zone's UTC offset. `person` is empty for a gap.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from .domain import Assignment, Schedule, Shift, Team
from .errors import ScheduleFileError
from .files import read_text_file

COLUMNS = ("start", "end", "shift", "role", "person", "site")
PAGES_COLUMN = "expected_pages"  # after `site` when solved with --pages (contract section 8)
PAGE_ROLE = "primary"


def _iso(instant: datetime, team: Team) -> str:
    return instant.astimezone(team.timezone).isoformat(timespec="seconds")


def schedule_rows(schedule: Schedule) -> list[dict[str, str]]:
    team = schedule.team
    role_order = {r: i for i, r in enumerate(team.roles)}
    ordered = sorted(
        schedule.assignments, key=lambda a: (a.shift.start, a.shift.index, role_order[a.role])
    )
    rows = [
        {
            "start": _iso(a.shift.start, team),
            "end": _iso(a.shift.end, team),
            "shift": a.shift.template,
            "role": a.role,
            "person": a.person or "",
            "site": a.shift.site or "",
        }
        for a in ordered
    ]
    if schedule.expected_pages is not None:
        pages = schedule.expected_pages
        for row, a in zip(rows, ordered, strict=True):
            value = pages.get(a.shift.index, 0.0) if a.role == PAGE_ROLE else 0.0
            row[PAGES_COLUMN] = f"{value:.2f}" if value else "0"
    return rows


def schedule_columns(schedule: Schedule) -> tuple[str, ...]:
    return COLUMNS + ((PAGES_COLUMN,) if schedule.expected_pages is not None else ())


def schedule_csv(schedule: Schedule) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=schedule_columns(schedule), lineterminator="\n")
    writer.writeheader()
    writer.writerows(schedule_rows(schedule))
    return buffer.getvalue()


def write_schedule(schedule: Schedule, path: str | Path) -> None:
    Path(path).write_text(schedule_csv(schedule), encoding="utf-8")


def _parse_instant(text: str, source: str, line: int, column: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleFileError(source, line, column,
                                f"not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise ScheduleFileError(source, line, column, f"time has no UTC offset: {text!r}")
    return value.astimezone(UTC)


def parse_schedule(text: str, team: Team, source: str = "schedule.csv") -> Schedule:
    """Parse schedule CSV text. Raises ScheduleFileError naming the file, line and column."""
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
    col = {c: header.index(c) for c in COLUMNS}
    shifts: dict[tuple[datetime, str], Shift] = {}
    assignments: list[Assignment] = []
    seen: set[tuple[datetime, str, str]] = set()
    try:
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) < len(header):
                raise ScheduleFileError(source, line, "",
                                        f"expected {len(header)} columns, got {len(record)}")
            cell = {c: record[i].strip() for c, i in col.items()}
            start = _parse_instant(cell["start"], source, line, "start")
            end = _parse_instant(cell["end"], source, line, "end")
            if end <= start:
                raise ScheduleFileError(source, line, "end",
                                        f"end {cell['end']} is not after start")
            if cell["role"] not in team.roles:
                raise ScheduleFileError(source, line, "role", f"unknown role {cell['role']!r}; "
                                        f"team roles are {list(team.roles)}")
            if not cell["shift"]:
                raise ScheduleFileError(source, line, "shift", "empty shift name")
            key = (start, cell["shift"])
            if (start, cell["shift"], cell["role"]) in seen:
                raise ScheduleFileError(source, line, "role",
                                        f"second {cell['role']} row for this shift")
            seen.add((start, cell["shift"], cell["role"]))
            shift = shifts.get(key)
            if shift is None:
                shift = Shift(len(shifts), cell["shift"], start, end, cell["site"] or None)
                shifts[key] = shift
            assignments.append(Assignment(shift, cell["role"], cell["person"] or None))
    except csv.Error as exc:
        raise ScheduleFileError(source, reader.line_num, "", f"unreadable CSV: {exc}") from None
    ordered = sorted(shifts.values(), key=lambda s: (s.start, s.index))
    renumber = {s.index: i for i, s in enumerate(ordered)}
    fixed = {s.index: Shift(renumber[s.index], s.template, s.start, s.end, s.site) for s in ordered}
    assignments = [Assignment(fixed[a.shift.index], a.role, a.person) for a in assignments]
    return Schedule(team=team, shifts=[fixed[s.index] for s in ordered], assignments=assignments)


def read_schedule(path: str | Path, team: Team) -> Schedule:
    text = read_text_file(path, ScheduleFileError, encoding="utf-8-sig")
    return parse_schedule(text, team, str(path))


def parse_instant(text: str, source: str, line: int, column: str) -> datetime:
    """An aware ISO 8601 instant, in UTC; the error names the source, line (0: none) and
    column."""
    return _parse_instant(text, source, line, column)
