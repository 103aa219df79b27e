"""Which rows of a schedule changed hands between two versions (contract section 6, `rota diff`).

A row is identified by its start, end and role. A row that changed hands gives two lines:
`lost` for the old holder and `gained` for the new one. A row that was empty and now has a
person gives one `gained` line; a row that had a person and is now empty gives one `lost` line.
A piece of a row split by an override (final schedule) is compared with the whole row of the
other schedule that contains it. A shadow row (section 7) that a re-plan moved is in only one
of the two: it is `lost` where it was and `gained` where it went, like any row that changed
hands. Other rows present in only one of the two schedules are not compared (they did not
change hands).
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduler.domain import SHADOW, Schedule
from scheduler.errors import ScheduleFileError
from scheduler.formats.csvfile import COLUMNS, parse_instant

DIFF_COLUMNS = ("person", "start", "end", "role", "change")
RowKey = tuple[datetime, datetime, str]
MAX_ROW = timedelta(days=8)  # no row is longer: a weekly shift lasts 7 days (+1 h of DST)


@dataclass(frozen=True, order=True)
class Change:
    """One line of a diff: `person` gained or lost the row (start, end, role)."""

    start: datetime
    end: datetime
    role: str
    change: str  # "lost" or "gained"; "gained" sorts before "lost", so the swap reads new-first
    person: str


def holders_by_row(schedule: Schedule) -> dict[RowKey, str | None]:
    """Who holds each (start, end, role) row; None for an empty row."""
    return {(a.shift.start, a.shift.end, a.role): a.person for a in schedule.assignments}


class _Rows:
    """The rows of one schedule per role, by start: finds the row that holds a piece."""

    def __init__(self, rows: dict[RowKey, str | None]) -> None:
        self.by_role: dict[str, list[RowKey]] = {}
        for key in sorted(rows, key=lambda k: (k[0], k[1])):
            self.by_role.setdefault(key[2], []).append(key)
        self.starts = {role: [k[0] for k in keys] for role, keys in self.by_role.items()}

    def containing(self, key: RowKey) -> RowKey | None:
        """The row with the same role whose interval holds `key`'s (a piece of a row that an
        override split); None when there is none."""
        start, end, role = key
        keys = self.by_role.get(role, [])
        i = bisect.bisect_right(self.starts.get(role, []), start)
        while i > 0:
            i -= 1
            outer = keys[i]
            if outer[1] >= end and outer != key:
                return outer
            if outer[0] < start - MAX_ROW:
                return None
        return None


def diff_holders(old: dict[RowKey, str | None], new: dict[RowKey, str | None]) -> list[Change]:
    """Rows are matched by (start, end, role). A piece of a split row (final schedule) that has
    no twin is compared with the whole row of the other schedule that holds it, so an override
    shows as the hours it moved, in either direction."""
    changes: list[Change] = []

    def compare(key: RowKey, before: str | None, after: str | None) -> None:
        if before == after:
            return
        start, end, role = key
        if before is not None:
            changes.append(Change(start, end, role, "lost", before))
        if after is not None:
            changes.append(Change(start, end, role, "gained", after))

    old_rows, new_rows = _Rows(old), _Rows(new)
    for key, after in new.items():
        if key in old:
            compare(key, old[key], after)
        elif (outer := old_rows.containing(key)) is not None:
            compare(key, old[outer], after)
        elif key[2] == SHADOW:
            compare(key, None, after)  # a shadow row moved here
    for key, before in old.items():
        if key in new:
            continue
        if (outer := new_rows.containing(key)) is not None:
            compare(key, before, new[outer])
        elif key[2] == SHADOW:
            compare(key, before, None)  # a shadow row moved away
    return sorted(changes, key=lambda c: (c.start, c.role, c.end, c.change != "lost", c.person))


def diff_schedules(old: Schedule, new: Schedule) -> list[Change]:
    return diff_holders(holders_by_row(old), holders_by_row(new))


def read_holders(text: str, source: str) -> tuple[dict[RowKey, str | None], dict[datetime, str]]:
    """The rows of a schedule CSV (section 3 or a final schedule; extra columns are ignored)
    without a team file, and each instant as written, so a diff repeats the file's offsets."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    if not header:
        raise ScheduleFileError(source, 1, "", f"empty file; expected header {','.join(COLUMNS)}")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ScheduleFileError(source, 1, missing[0], "missing column")
    col = {c: header.index(c) for c in ("start", "end", "role", "person")}
    rows: dict[RowKey, str | None] = {}
    written: dict[datetime, str] = {}
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            line = reader.line_num
            if len(record) < len(header):
                raise ScheduleFileError(source, line, "",
                                        f"expected {len(header)} columns, got {len(record)}")
            start = parse_instant(record[col["start"]], source, line, "start")
            end = parse_instant(record[col["end"]], source, line, "end")
            key = (start, end, record[col["role"]].strip())
            if key in rows:
                raise ScheduleFileError(source, line, "role",
                                        f"second {key[2]} row for this interval")
            rows[key] = record[col["person"]].strip() or None
            written[key[0]] = record[col["start"]].strip()
            written[key[1]] = record[col["end"]].strip()
    except csv.Error as exc:
        raise ScheduleFileError(source, reader.line_num, "", f"unreadable CSV: {exc}") from None
    return rows, written


def diff_csv(changes: list[Change], when: Callable[[datetime], str]) -> str:
    """CSV person,start,end,role,change; `when` writes an instant (as the schedule wrote it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DIFF_COLUMNS)
    for c in changes:
        writer.writerow([c.person, when(c.start), when(c.end), c.role, c.change])
    return buffer.getvalue()


def gained_and_lost(changes: list[Change]) -> dict[str, tuple[int, int]]:
    """Per person: rows gained and rows lost, in person order."""
    out: dict[str, list[int]] = {}
    for c in changes:
        counts = out.setdefault(c.person, [0, 0])
        counts[0 if c.change == "gained" else 1] += 1
    return {p: (g, lost) for p, (g, lost) in sorted(out.items())}


def next_shift_moves(old: Schedule, new: Schedule, after: datetime
                     ) -> dict[str, tuple[datetime | None, datetime | None]]:
    """People whose first row starting at or after `after` is not the same row as before:
    person -> (old next start, new next start); None where they have no such row."""

    def first_rows(schedule: Schedule) -> dict[str, RowKey]:
        firsts: dict[str, RowKey] = {}
        for key, person in sorted(holders_by_row(schedule).items()):
            if person is not None and key[0] >= after and person not in firsts:
                firsts[person] = key
        return firsts

    before, now = first_rows(old), first_rows(new)
    return {p: (before[p][0] if p in before else None, now[p][0] if p in now else None)
            for p in sorted(set(before) | set(now)) if before.get(p) != now.get(p)}
