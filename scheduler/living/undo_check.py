"""What publishing a schedule would undo (contract section 10: no change silently undoes
another).

A published version carries decisions a new file may not know about: overrides (rows with
`covers_for`), and rows that have already started, which people have worked or are working.
Publishing a schedule that no longer names those holders would undo them without a word, so
`publish` asks this module first. The comparison is by holder over time, not by CSV row: a
schedule that keeps an override as one whole row, or an unchanged row split in two, undoes
nothing.

Only rows inside the incoming schedule's span are compared: publishing next quarter's plan
does not "undo" this quarter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.domain import Assignment, Schedule


@dataclass(frozen=True)
class Undone:
    """One row of the published version that the incoming schedule would change."""

    row: Assignment
    replaced_by: str | None  # who the incoming schedule names there instead (None: nobody)

    @property
    def is_override(self) -> bool:
        return self.row.covers_for is not None

    def describe(self, zone: ZoneInfo) -> str:
        a = self.row
        start, end = a.start.astimezone(zone), a.end.astimezone(zone)
        end_text = end.strftime("%H:%M %Z") if end.date() == start.date() else \
            end.strftime("%Y-%m-%d %H:%M %Z")
        when = f"{start:%Y-%m-%d %H:%M}-{end_text} {a.role}"
        instead = f"; the new schedule names {self.replaced_by or 'nobody'}"
        if self.is_override:
            return f"override {when}: {a.person} covers for {a.covers_for}{instead}"
        return f"started row {when} held by {a.person}{instead}"


def _pieces_by_role(schedule: Schedule) -> dict[str, list[Assignment]]:
    rows: dict[str, list[Assignment]] = defaultdict(list)
    for a in schedule.assignments:
        rows[a.role].append(a)
    for pieces in rows.values():
        pieces.sort(key=lambda a: a.start)
    return rows


def _other_holder(pieces: list[Assignment], person: str, start: datetime,
                  end: datetime) -> tuple[bool, str | None]:
    """(True, None) when `person` holds the role over all of [start, end) in `pieces`; else
    (False, whoever holds some of it instead, None where nobody does)."""
    covered_to = start
    for p in pieces:
        if p.end <= start or p.start >= end:
            continue
        if p.start > covered_to:
            return False, None  # a gap: nobody holds part of the interval
        if p.person != person:
            return False, p.person
        covered_to = max(covered_to, p.end)
    return (True, None) if covered_to >= end else (False, None)


def undone_changes(current: Schedule, incoming: Schedule, now: datetime) -> list[Undone]:
    """Rows of `current` (the published version) that `incoming` would undo: every override,
    and every row that started before `now`, whose holder `incoming` does not keep over the
    row's whole interval. Empty rows undo nothing; rows outside `incoming`'s span are not
    compared."""
    if not incoming.assignments:
        return []
    span_start = min(a.start for a in incoming.assignments)
    span_end = max(a.end for a in incoming.assignments)
    by_role = _pieces_by_role(incoming)
    undone = []
    for a in current.assignments:
        if not a.person or a.end <= span_start or a.start >= span_end:
            continue
        if a.covers_for is None and a.start >= now:
            continue
        kept, instead = _other_holder(by_role.get(a.role, []), a.person, a.start, a.end)
        if not kept:
            undone.append(Undone(a, instead))
    return undone


def undo_summary(undone: list[Undone], zone: ZoneInfo, shown: int = 3) -> str:
    """One line naming the first few losses and how many more there are."""
    text = "; ".join(u.describe(zone) for u in undone[:shown])
    if len(undone) > shown:
        text += f"; and {len(undone) - shown} more"
    return text
