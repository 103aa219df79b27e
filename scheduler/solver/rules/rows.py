"""What the rules' checks read from a written schedule: rows by shift and by person, and the
*blocks* a person holds (the pieces of one shift joined). The checks work on final schedules
too (contract section 6), so every test uses a row's own piece (`start`, `end`), never the
whole shift, and with plain UTC arithmetic: they share no code with the CP-SAT builders."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime

from scheduler.domain import SHADOW, Assignment, Schedule, Team


def label(team: Team, instant: datetime) -> str:
    return instant.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")


def shift_label(team: Team, a: Assignment) -> str:
    return f"{label(team, a.shift.start)} {a.shift.template}"


def by_shift(schedule: Schedule) -> dict[int, list[Assignment]]:
    out: dict[int, list[Assignment]] = defaultdict(list)
    for a in schedule.assignments:
        out[a.shift.index].append(a)
    return out


def by_person(schedule: Schedule) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in schedule.assignments:
        if a.person is not None:
            out[a.person].append(a)
    return out


def blocks(rows: list[Assignment], *, shadows: bool = True) -> list[tuple[datetime, datetime]]:
    """(start, end) per shift a person holds, sorted: rest is measured between blocks and the
    weekly cap counts block starts. Shadow rows are occupied time, but no weekly-cap shift."""
    spans: dict[int, tuple[datetime, datetime]] = {}
    for a in rows:
        if a.role == SHADOW and not shadows:
            continue
        s, e = spans.get(a.shift.index, (a.start, a.end))
        spans[a.shift.index] = (min(s, a.start), max(e, a.end))
    return sorted(spans.values())


def role_holders(rows: list[Assignment], start: datetime, end: datetime) -> list[str]:
    """Who holds one of the team's roles of a shift at some instant of [start, end)."""
    return [a.person for a in rows if a.role != SHADOW and a.person is not None
            and a.start < end and start < a.end]


def cuts(rows: list[Assignment]) -> list[tuple[datetime, datetime]]:
    """The shift's stretches between piece boundaries: within one, nobody changes."""
    points = sorted({t for a in rows for t in (a.start, a.end)})
    return list(itertools.pairwise(points))
