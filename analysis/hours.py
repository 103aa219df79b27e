"""On-call hours report (what peers call the pay or compensation report), per person and month.

Every on-call hour of a row counts for the person who held it (so an override counts for whoever
actually covered), in that person's own zone, split into exactly one class:

    holiday    the whole of a date in the team's `holidays`
    weekend    Saturday and Sunday, other than holidays
    business   Monday to Friday, 08:00 to 18:00 (contract section 4's business hours)
    off_hours  Monday to Friday before 08:00 and from 18:00

Hours are elapsed time, so a DST night is 11 or 13 hours, and are cut at local midnight, so a
night shift across a month's end counts in both months. `override_hours` is the part held as
cover for someone (`covers_for`). With a paging history, `incidents` counts the incidents
created while the person held primary, by the month of creation in their zone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd

from analysis.load import compute_load
from analysis.readers.pages import Source, read_pages
from scheduler import DAY, Schedule, Team, local_midnight, resolve_local

HOUR_CLASSES = ("business", "off_hours", "weekend", "holiday")
COLUMNS = ("person", "month", "hours", *(f"{c}_hours" if c != "off_hours" else c
                                         for c in HOUR_CLASSES), "override_hours")
BUSINESS_START, BUSINESS_END = time(8, 0), time(18, 0)

Key = tuple[str, str]  # (person, "YYYY-MM")


def _zone(team: Team, person: str) -> ZoneInfo:
    try:
        return team.member(person).timezone
    except KeyError:
        return team.timezone  # a scheduled name that is not a member


def _day_parts(day: date, zone: ZoneInfo, holidays: frozenset[date]
               ) -> list[tuple[str, datetime, datetime]]:
    """The classed stretches of one local day, as (class, start, end) instants."""
    midnight, next_midnight = local_midnight(day, zone), local_midnight(day + DAY, zone)
    if day in holidays:
        return [("holiday", midnight, next_midnight)]
    if day.weekday() >= 5:
        return [("weekend", midnight, next_midnight)]
    eight, six = resolve_local(day, BUSINESS_START, zone), resolve_local(day, BUSINESS_END, zone)
    return [("off_hours", midnight, eight), ("business", eight, six),
            ("off_hours", six, next_midnight)]


def classify(start: datetime, end: datetime, zone: ZoneInfo, holidays: frozenset[date]
             ) -> dict[tuple[str, str], float]:
    """Hours of [start, end) per (month, class), in `zone`."""
    hours: dict[tuple[str, str], float] = defaultdict(float)
    day = start.astimezone(zone).date()
    while local_midnight(day, zone) < end:
        for cls, a, b in _day_parts(day, zone, holidays):
            lo, hi = max(a, start), min(b, end)
            if hi > lo:
                hours[(day.strftime("%Y-%m"), cls)] += (hi - lo).total_seconds() / 3600
        day += DAY
    return hours


def _incidents(counted: pd.DataFrame, team: Team) -> dict[Key, int]:
    result: dict[Key, int] = defaultdict(int)
    for person, created in zip(counted["person"].astype("str"), counted["created"], strict=True):
        month = created.astimezone(_zone(team, person)).strftime("%Y-%m")
        result[(person, month)] += 1
    return result


def hours_report(schedule: Schedule, counted: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per person and month with on-call hours (COLUMNS), members in team order; with
    `counted` (analysis.load incidents with `person` and `created`), an `incidents` column."""
    team = schedule.team
    table: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for a in schedule.assignments:
        if a.person is None:
            continue
        for (month, cls), h in classify(a.start, a.end, _zone(team, a.person),
                                        team.holidays).items():
            row = table[(a.person, month)]
            row[cls] += h
            row["hours"] += h
            if a.covers_for:
                row["override_hours"] += h
    incidents = _incidents(counted, team) if counted is not None else {}
    for key in incidents:
        table.setdefault(key, defaultdict(float))
    order = {m.id: i for i, m in enumerate(team.members)}
    keys = sorted(table, key=lambda k: (order.get(k[0], len(order)), k[0], k[1]))
    records = []
    for person, month in keys:
        row = table[(person, month)]
        record: dict[str, object] = {"person": person, "month": month,
                                     "hours": round(row["hours"], 2)}
        for cls in HOUR_CLASSES:
            record[cls if cls == "off_hours" else f"{cls}_hours"] = round(row[cls], 2)
        record["override_hours"] = round(row["override_hours"], 2)
        if counted is not None:
            record["incidents"] = incidents.get((person, month), 0)
        records.append(record)
    columns = [*COLUMNS, *(["incidents"] if counted is not None else [])]
    return pd.DataFrame(records, columns=columns)


def attributed(incidents: pd.DataFrame, schedule: Schedule) -> tuple[pd.DataFrame, int]:
    """Normalised incidents (analysis.readers.pages) attributed to the primary at their creation
    (contract section 4), and how many had no primary on call."""
    load = compute_load(incidents, schedule.team, schedule)
    return load.incidents, len(load.rejected)


def incidents_on_call(source: Source, schedule: Schedule) -> tuple[pd.DataFrame, int]:
    """A paging export's incidents attributed as `attributed` does, and how many rows could
    not be counted (unreadable, or no primary on call)."""
    pages = read_pages(source, schedule.team.timezone, responders_optional=True)
    counted, nobody = attributed(pages.incidents, schedule)
    return counted, len(pages.rejected) + nobody
