"""Overrides survive a re-plan (contract section 6: rows before `--from` are copied unchanged).

A final previous schedule may hold split rows and `covers_for`. The re-plan model works on whole
rows, so afterwards each row takes back the pieces it had in the previous schedule when:
- the row starts before `--from` (a kept row is copied exactly as it was), or
- the re-plan left its holder where it was (an override is a person's decision: it stays unless
  the row it sits on changed hands).
A row that changed hands is written whole, for its new holder, and its old override is dropped;
`dropped_overrides` names those rows so the caller can say so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime

from scheduler.domain import Assignment, Schedule
from scheduler.formats.csvfile import row_order

Key = tuple[datetime, datetime, str]


def _key(a: Assignment) -> Key:
    return (a.shift.start, a.shift.end, a.role)


def _pieces(previous: Schedule) -> dict[Key, list[Assignment]]:
    rows: dict[Key, list[Assignment]] = defaultdict(list)
    for a in previous.assignments:
        rows[_key(a)].append(a)
    return rows


def _holder(pieces: list[Assignment]) -> str | None:
    # The re-plan reads a row's previous holder as its last piece's (see replan.build_plan).
    return pieces[-1].person


def carry_overrides(previous: Schedule, new: Schedule, replan_from: datetime) -> Schedule:
    """`new` with the previous schedule's override pieces put back where they still apply."""
    if not any(a.final for a in previous.assignments):
        return new
    before = _pieces(previous)
    rows: list[Assignment] = []
    for a in new.assignments:
        pieces = before.get(_key(a), [])
        overridden = any(p.final for p in pieces)
        if overridden and (a.shift.start < replan_from or _holder(pieces) == a.person):
            rows.extend(replace(p, shift=a.shift) for p in pieces)
        else:
            rows.append(a)
    rows.sort(key=row_order(new.team))
    return replace(new, assignments=rows)


def dropped_overrides(previous: Schedule, new: Schedule) -> list[Assignment]:
    """Override pieces of the previous schedule that the re-plan did not keep."""
    kept = {(_key(a), a.start, a.person) for a in new.assignments}
    return [a for a in previous.assignments
            if a.covers_for is not None and (_key(a), a.start, a.person) not in kept]
