"""Attribution, windows and counts against the per-shift limit (contract section 4).

Who: with a schedule, whoever held primary when the incident was created (a final schedule's
split rows included); without one, the first acknowledger, else the first assignee, else the
resolver, else whoever last changed the incident's status.
Period: business = Mon-Fri 08:00-18:00, off = Mon-Fri 18:00-22:00 and Sat-Sun 08:00-22:00,
sleep = every day 22:00-08:00, all in the person's own zone (PagerDuty's definitions).
Everything here is column arithmetic on the incident frame; loops run only over people, zones
or shifts, never over incidents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from analysis.people import Roster
from analysis.windows import locate, primary_rows, schedule_windows, template_windows
from scheduler import Schedule, Team, on_call_hours

PERIODS = ("business", "off", "sleep")
NO_PRIMARY = "no primary on call"
NO_RESPONDER = "no responder (no acknowledger, assignee or resolver)"


@dataclass
class Load:
    """Incidents with their person, window and period; windows; and per-person counts."""

    incidents: pd.DataFrame  # + person, window, period
    windows: pd.DataFrame  # window_start, window_end, shift, shift_start, primary, incidents
    shifts: pd.DataFrame  # window_start, window_end, person, incidents, over_limit
    people: pd.DataFrame  # person, incidents, *_hours, windows_over_limit, windows, ...
    rejected: pd.DataFrame  # line, reason
    limit: int
    attribution: str  # "schedule" or "responder"
    first: datetime | None
    last: datetime | None


NS_PER_HOUR = 3_600_000_000_000


def wall_hours(created: pd.Series, zone: ZoneInfo | str) -> np.ndarray:
    """Whole hours since 1970-01-01 00:00 wall time in `zone` (int64), so that hour of day is
    `% 24` and the day `// 24`: integer arithmetic instead of pandas' datetime fields, which
    convert the zone once per field."""
    local = created.dt.tz_convert(zone).dt.tz_localize(None)
    return local.to_numpy(dtype="datetime64[ns]").view(np.int64) // NS_PER_HOUR


def weekday_of_day(days: np.ndarray) -> np.ndarray:
    """0 = Monday for days since 1970-01-01 (a Thursday)."""
    return (days + 3) % 7


def classify_periods(created: pd.Series, persons: pd.Series, roster: Roster) -> np.ndarray:
    """0 = business, 1 = off, 2 = sleep hours, in each person's own zone."""
    period = np.zeros(len(created), dtype=np.int8)
    names = list(persons.cat.categories)
    zone_names = [roster.zone(p).key for p in names] + [roster.team.timezone.key]
    distinct = sorted(set(zone_names))
    zone_codes = np.array([distinct.index(z) for z in zone_names], dtype=np.int16)
    zone_of = zone_codes[persons.cat.codes.to_numpy()]  # code -1 (nobody) -> the team zone
    for code, zone in enumerate(distinct):
        mask = zone_of == code if len(distinct) > 1 else slice(None)
        hours = wall_hours(created[mask], zone)
        hour = hours % 24
        weekend = weekday_of_day(hours // 24) >= 5
        sleep = (hour >= 22) | (hour < 8)
        business = ~weekend & (hour >= 8) & (hour < 18)
        period[mask] = np.where(sleep, 2, np.where(business, 0, 1))
    return period


def _responder(incidents: pd.DataFrame) -> pd.Series:
    """Acknowledger, else assignee, else resolver (or last status change), as one categorical."""
    columns = [incidents[c] for c in ("acknowledged_by", "assigned_to", "resolved_by")
               if c in incidents]
    names = columns[0].cat.categories
    for column in columns[1:]:
        names = names.union(column.cat.categories)
    responder = columns[0].cat.set_categories(names)
    for column in columns[1:]:
        if column.notna().any():
            responder = responder.fillna(column.cat.set_categories(names))
    return responder


def _attribute(incidents: pd.DataFrame, windows: pd.DataFrame, holders: pd.DataFrame | None,
               roster: Roster) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Incidents with `person` and `window` set, and the rows that have nobody to count for.

    `holders` (with a schedule): primary rows by instant; a row covering [start, end) holds
    primary at every instant of it."""
    window = locate(windows, incidents["created"])
    if holders is not None:
        primaries = roster.match(holders["primary"])
        row = locate(holders, incidents["created"])
        codes = np.append(primaries.cat.codes.to_numpy(), -1)[row]  # no row -> nobody
        person = pd.Series(pd.Categorical.from_codes(codes, primaries.cat.categories),
                           index=incidents.index)
        reason = NO_PRIMARY
    else:
        person = roster.match(_responder(incidents), incidents["line"])
        reason = NO_RESPONDER
    missing = person.isna().to_numpy() | (window < 0)
    # `id` lets a caller whose lines come from several files (the app's stored imports) tell
    # which incident a rejected row is.
    at = np.flatnonzero(missing)  # select first: a million ids as objects cost more than a few
    rejected = pd.DataFrame({"line": incidents["line"].to_numpy()[at],
                             "reason": pd.Series([reason] * len(at), dtype="str"),
                             "id": incidents["id"].iloc[at].to_numpy()})
    counted = incidents.assign(person=person, window=window)
    if missing.any():
        counted = counted[~missing].reset_index(drop=True)
    return counted, rejected


def _worked(windows: pd.DataFrame, holders: pd.DataFrame, roster: Roster) -> pd.DataFrame:
    """(window, person) for every window of the history each primary held some of."""
    held = holders[holders["primary"].notna()]
    starts = windows["window_start"].to_numpy(dtype="datetime64[ns]")
    ends = windows["window_end"].to_numpy(dtype="datetime64[ns]")
    first = np.searchsorted(ends, held["window_start"].to_numpy(dtype="datetime64[ns]"),
                            side="right")
    last = np.searchsorted(starts, held["window_end"].to_numpy(dtype="datetime64[ns]"),
                           side="left")
    people = roster.match(held["primary"]).to_numpy(dtype=object)
    counts = np.maximum(last - first, 0)
    ranges = [np.arange(f, t) for f, t in zip(first, last, strict=True)]
    pairs = pd.DataFrame({"window": np.concatenate([np.empty(0, np.int64), *ranges]
                                                   ).astype(np.int64),
                          "person": np.repeat(people, counts)})
    in_history = windows["in_history"].to_numpy()
    return pairs[in_history[pairs["window"].to_numpy()]].drop_duplicates()


def _longest_runs(worked: pd.DataFrame) -> pd.Series:
    """Per person, the longest run of consecutive over-limit windows in their own sequence of
    worked windows (`worked` is sorted by person, then window)."""
    if worked.empty:
        return pd.Series(dtype="int64")
    over = worked["over_limit"].to_numpy()
    person = worked["person"].to_numpy(dtype=object)
    # A new run starts wherever the person changes or an in-limit window breaks the streak.
    breaks = np.r_[True, person[1:] != person[:-1]] | ~over
    run_id = np.cumsum(breaks)
    lengths = pd.Series(over.astype(np.int64)).groupby(run_id).transform("sum")
    return lengths.groupby(person).max().astype("int64")


def _oncall_hours(schedule: Schedule, roster: Roster, first: datetime, last: datetime
                  ) -> dict[str, float]:
    """Hours each person holds any role within [first, last), keyed as the analysis names them."""
    hours: dict[str, float] = {}
    for person, held in on_call_hours(schedule, first, last).items():
        key = roster.lookup(person) or person
        hours[key] = hours.get(key, 0.0) + held
    return hours


def _windows(team: Team, schedule: Schedule | None, first: datetime | None,
             last: datetime | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Shift windows, and with a schedule the primary rows by instant."""
    if schedule is not None:
        holders = primary_rows(schedule)
        return schedule_windows(schedule, holders), holders
    now = datetime.now(UTC)
    return template_windows(team, first or now, last or now), None


def compute_load(incidents: pd.DataFrame, team: Team, schedule: Schedule | None,
                 identities: Mapping[str, tuple[str, ...]] | None = None) -> Load:
    """Attribute every readable unique incident and count it against the limit.

    `identities`: other handles of the names in the frame (see analysis.readers.refs)."""
    roster = Roster(team, identities)
    limit = team.rules.max_incidents_per_shift
    first = incidents["created"].min().to_pydatetime() if len(incidents) else None
    last = incidents["created"].max().to_pydatetime() if len(incidents) else None
    windows, holders = _windows(team, schedule, first, last)
    counted, rejected = _attribute(incidents, windows, holders, roster)
    counted["period"] = classify_periods(counted["created"], counted["person"], roster)

    shifts = _per_window(counted["window"].to_numpy(), counted["person"])
    shifts["over_limit"] = shifts["incidents"] > limit
    shifts = shifts.join(windows[["window_start", "window_end"]], on="window")

    windows = windows.assign(
        incidents=np.bincount(counted["window"], minlength=len(windows)).astype("int64"),
        # Only windows that overlap the history: the rest say nothing about load.
        in_history=(windows["window_end"] > first) & (windows["window_start"] <= last)
        if first is not None else False)

    if holders is not None:
        worked = _worked(windows, holders, roster).merge(
            shifts[["window", "person", "over_limit"]], on=["window", "person"], how="left")
        worked["over_limit"] = worked["over_limit"].astype("boolean").fillna(False).astype(bool)
    else:
        worked = shifts[["window", "person", "over_limit"]].copy()
    worked = worked.sort_values(["person", "window"], kind="stable")

    people = _people_table(counted, shifts, worked, roster)
    people["oncall_share"] = np.nan
    if schedule is not None and first is not None and last is not None:
        span = (last - first).total_seconds() / 3600 or 1.0
        hours = _oncall_hours(schedule, roster, first, last + timedelta(seconds=1))
        people["oncall_share"] = people["person"].map(hours).fillna(0.0) / span
    shifts = shifts[["window_start", "window_end", "person", "incidents", "over_limit", "window"]]
    return Load(counted, windows, shifts, people, rejected, limit,
                "schedule" if schedule is not None else "responder", first, last)


def _per_window(window: np.ndarray, person: pd.Series) -> pd.DataFrame:
    """window, person, incidents for every (window, person) pair with incidents, sorted by
    window then person code: one bincount of pair keys, not a groupby of the million rows."""
    names = np.asarray(person.cat.categories, dtype=object)
    key = window.astype(np.int64) * max(len(names), 1) + person.cat.codes.to_numpy()
    if len(key) and int(key.max()) < 8 * len(key) + (1 << 20):  # the count array stays small
        counts = np.bincount(key)
        pairs = np.flatnonzero(counts)
        counts = counts[pairs]
    else:
        pairs, counts = np.unique(key, return_counts=True)
    return pd.DataFrame({"window": pairs // max(len(names), 1),
                         "person": pd.Series(names[pairs % max(len(names), 1)], dtype="str"),
                         "incidents": counts.astype(np.int64)})


def _people_table(counted: pd.DataFrame, shifts: pd.DataFrame, worked: pd.DataFrame,
                  roster: Roster) -> pd.DataFrame:
    """One row per member (zeros when quiet), then one per unmatched responder. Counts by
    period come from one bincount of (person code, period)."""
    person = counted["person"]
    names = pd.Index(person.cat.categories, dtype="str")
    key = person.cat.codes.to_numpy().astype(np.int64) * len(PERIODS) + counted["period"].to_numpy()
    table = np.bincount(key, minlength=len(names) * len(PERIODS)).reshape(-1, len(PERIODS))
    by_period = pd.DataFrame(table, index=names, columns=[f"{p}_hours" for p in PERIODS])
    others = sorted(set(names[table.sum(axis=1) > 0]) - set(roster.members), key=str.lower)
    order = pd.Index([*roster.members, *others], name="person", dtype="str")
    people = by_period.reindex(order, fill_value=0)
    people.insert(0, "incidents", people.sum(axis=1))
    people["windows_over_limit"] = shifts.groupby("person")["over_limit"].sum()
    people["windows"] = worked.groupby("person").size()
    people["windows_with_incidents"] = shifts.groupby("person").size()
    people["longest_overloaded_run"] = _longest_runs(worked)
    people = people.fillna(0).astype("int64")
    medians = counted.groupby("person", observed=True)[["ack_seconds", "resolve_seconds"]].median()
    people["ack_median_seconds"] = medians["ack_seconds"]
    people["resolve_median_seconds"] = medians["resolve_seconds"]
    return people.reset_index()
