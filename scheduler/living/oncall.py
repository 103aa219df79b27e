"""Time on call: the hours each person holds any role, and their share of a span.

The SRE book's cap is 25% of an engineer's time on call; the Schedule page warns above it and
the analyzer's burnout score counts it.
"""

from __future__ import annotations

from datetime import datetime

from scheduler.domain import SHADOW, Schedule

ONCALL_CAP = 0.25


def on_call_hours(schedule: Schedule, start: datetime | None = None,
                  end: datetime | None = None) -> dict[str, float]:
    """Hours each person (as named in the schedule) holds any role within [start, end);
    the whole plan when no bounds are given. Uncovered rows count for nobody, and a trainee's
    shadow rows are not on call (section 7)."""
    hours: dict[str, float] = {}
    for a in schedule.assignments:
        if a.person is None or a.role == SHADOW:
            continue
        begin = a.start if start is None else max(a.start, start)
        finish = a.end if end is None else min(a.end, end)
        if finish > begin:
            hours[a.person] = hours.get(a.person, 0.0) + (finish - begin).total_seconds() / 3600
    return hours


def plan_span_hours(schedule: Schedule) -> float:
    """Hours from the first shift's start to the last shift's end (0 for an empty plan)."""
    if not schedule.shifts:
        return 0.0
    first = min(s.start for s in schedule.shifts)
    last = max(s.end for s in schedule.shifts)
    return (last - first).total_seconds() / 3600


def on_call_shares(schedule: Schedule) -> dict[str, tuple[float, float]]:
    """(hours, share of the plan's span) per member, members first in team order, then anyone
    else the schedule names."""
    hours = {m.id: 0.0 for m in schedule.team.members}
    for person, held in on_call_hours(schedule).items():
        hours[person] = hours.get(person, 0.0) + held
    span = plan_span_hours(schedule) or 1.0
    return {person: (held, held / span) for person, held in hours.items()}
