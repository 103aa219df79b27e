"""Busy elsewhere (contract section 7): the rows a member holds in other teams' schedules.

`rota solve TEAM.yaml --busy OTHER.csv` (and `rota replan`) reads other schedules with
`read_busy`, then `with_busy` attaches each member's rows (matched by id) to the team. The
eligibility check treats them as time away, widened by this team's `min_rest_hours` on both
sides, so an IMOC week or another team's night keeps its rest like one of our own shifts.
Only `start`, `end` and `person` are read: another team's roles and columns are its own.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from scheduler.domain import Team
from scheduler.errors import ScheduleFileError
from scheduler.files import read_text_file

BUSY_COLUMNS = ("start", "end", "person")


@dataclass(frozen=True)
class BusyRow:
    person: str
    start: datetime  # UTC
    end: datetime  # UTC
    source: str  # file:line, for explanations


def _instant(text: str, source: str, line: int, column: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleFileError(source, line, column, f"not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise ScheduleFileError(source, line, column, f"time has no UTC offset: {text!r}")
    return value.astimezone(UTC)


def parse_busy(text: str, source: str = "other.csv") -> list[BusyRow]:
    """Every held row of another team's schedule CSV (section 3 or a final schedule)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ScheduleFileError(source, 1, "", "empty file; expected a schedule CSV") from None
    except csv.Error as exc:
        raise ScheduleFileError(source, 1, "", f"unreadable CSV: {exc}") from None
    missing = [c for c in BUSY_COLUMNS if c not in header]
    if missing:
        raise ScheduleFileError(source, 1, missing[0], "missing column")
    col = {c: header.index(c) for c in BUSY_COLUMNS}
    rows: list[BusyRow] = []
    try:
        for record in reader:
            if not record or all(not cell.strip() for cell in record):
                continue
            line = reader.line_num
            if len(record) < len(header):
                raise ScheduleFileError(source, line, "",
                                        f"expected {len(header)} columns, got {len(record)}")
            person = record[col["person"]].strip()
            start = _instant(record[col["start"]], source, line, "start")
            end = _instant(record[col["end"]], source, line, "end")
            if end <= start:
                raise ScheduleFileError(source, line, "end", "end is not after start")
            if person:
                rows.append(BusyRow(person, start, end, f"{source}:{line}"))
    except csv.Error as exc:
        raise ScheduleFileError(source, reader.line_num, "", f"unreadable CSV: {exc}") from None
    return rows


def read_busy(path: str | Path) -> list[BusyRow]:
    return parse_busy(read_text_file(path, ScheduleFileError, "utf-8-sig"), str(path))


def with_busy(team: Team, rows: list[BusyRow]) -> Team:
    """The team with each member's rows elsewhere attached; rows of non-members are ignored."""
    if not rows:
        return team
    members = []
    for member in team.members:
        mine = sorted({(r.start, r.end) for r in rows if r.person == member.id})
        members.append(replace(member, busy=tuple(sorted({*member.busy, *mine}))))
    return replace(team, members=tuple(members))
