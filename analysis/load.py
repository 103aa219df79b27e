"""Attribution, windows and counts against the per-shift limit (contract section 4).

Who: with a schedule, the primary on call when the incident was created; without one, the first
acknowledger, else the first assignee.
Period: business = Mon-Fri 08:00-18:00, off = Mon-Fri 18:00-22:00 and Sat-Sun 08:00-22:00,
sleep = every day 22:00-08:00, all in the person's own zone (PagerDuty's definitions).
Everything here is column arithmetic on the incident frame; loops run only over people, zones
or shifts, never over incidents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from scheduler.domain import Schedule, Team
from scheduler.oncall import on_call_hours

from .people import Roster
from .windows import locate, schedule_windows, template_windows

PERIODS = ("business", "off", "sleep")
NO_PRIMARY = "no primary on call"
NO_RESPONDER = "no responder (acknowledged_by and assigned_to are empty)"


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


def classify_periods(created: pd.Series, persons: pd.Series, roster: Roster) -> np.ndarray:
    """0 = business, 1 = off, 2 = sleep hours, in each person's own zone."""
    period = np.zeros(len(created), dtype=np.int8)
    names = list(persons.cat.categories)
    zones = np.array([roster.zone(p).key for p in names] + [roster.team.timezone.key])
    zone_of = zones[persons.cat.codes.to_numpy()]  # code -1 (nobody) -> the team zone
    for zone in np.unique(zone_of):
        mask = zone_of == zone
        local = created[mask].dt.tz_convert(zone)
        hour = local.dt.hour.to_numpy()
        weekend = local.dt.day_of_week.to_numpy() >= 5
        sleep = (hour >= 22) | (hour < 8)
        business = ~weekend & (hour >= 8) & (hour < 18)
        period[mask] = np.where(sleep, 2, np.where(business, 0, 1))
    return period


def _attribute(incidents: pd.DataFrame, windows: pd.DataFrame, roster: Roster,
               scheduled: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Incidents with `person` and `window` set, and the rows that have nobody to count for."""
    window = locate(windows, incidents["created"])
    if scheduled:
        primaries = roster.match(windows["primary"])
        codes = np.append(primaries.cat.codes.to_numpy(), -1)[window]  # window -1 -> nobody
        person = pd.Series(pd.Categorical.from_codes(codes, primaries.cat.categories),
                           index=incidents.index)
        reason = NO_PRIMARY
    else:
        acknowledger, assignee = incidents["acknowledged_by"], incidents["assigned_to"]
        names = acknowledger.cat.categories.union(assignee.cat.categories)
        responder = acknowledger.cat.set_categories(names).fillna(
            assignee.cat.set_categories(names))
        person = roster.match(responder, incidents["line"])
        reason = NO_RESPONDER
    missing = person.isna().to_numpy() | (window < 0)
    rejected = pd.DataFrame({"line": incidents["line"].to_numpy()[missing],
                             "reason": pd.Series([reason] * int(missing.sum()), dtype="str")})
    counted = incidents.assign(person=person, window=window)[~missing]
    return counted.reset_index(drop=True), rejected


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


def compute_load(incidents: pd.DataFrame, team: Team, schedule: Schedule | None) -> Load:
    """Attribute every readable unique incident and count it against the limit."""
    roster = Roster(team)
    limit = team.rules.max_incidents_per_shift
    first = incidents["created"].min() if len(incidents) else None
    last = incidents["created"].max() if len(incidents) else None
    if schedule is not None:
        windows = schedule_windows(schedule)
    elif first is not None and last is not None:
        windows = template_windows(team, first.to_pydatetime(), last.to_pydatetime())
    else:
        windows = template_windows(team, datetime.now(UTC), datetime.now(UTC))
    counted, rejected = _attribute(incidents, windows, roster, schedule is not None)
    counted["period"] = classify_periods(counted["created"], counted["person"], roster)

    counts = counted.groupby(["window", "person"], sort=True).size().rename("incidents")
    shifts = counts.reset_index()
    shifts["person"] = shifts["person"].astype("str")
    shifts["over_limit"] = shifts["incidents"] > limit
    shifts = shifts.join(windows[["window_start", "window_end"]], on="window")

    windows = windows.assign(
        incidents=np.bincount(counted["window"], minlength=len(windows)).astype("int64"))
    if first is not None:
        # Only windows that overlap the history: the rest say nothing about load.
        windows = windows.assign(in_history=(windows["window_end"] > first)
                                 & (windows["window_start"] <= last))
    else:
        windows = windows.assign(in_history=False)

    if schedule is not None:
        held = windows[windows["in_history"] & windows["primary"].notna()]
        worked = pd.DataFrame({"window": held.index,
                               "person": roster.match(held["primary"]).to_numpy(dtype=object)})
        worked = worked.merge(shifts[["window", "person", "over_limit"]],
                              on=["window", "person"], how="left")
        worked["over_limit"] = worked["over_limit"].astype("boolean").fillna(False).astype(bool)
    else:
        worked = shifts[["window", "person", "over_limit"]].copy()
    worked = worked.sort_values(["person", "window"], kind="stable")

    people = _people_table(counted, shifts, worked, roster)
    if schedule is not None and first is not None and last is not None:
        span = (last - first).total_seconds() / 3600 or 1.0
        hours = _oncall_hours(schedule, roster, first.to_pydatetime(),
                              last.to_pydatetime() + timedelta(seconds=1))
        people["oncall_share"] = people["person"].map(hours).fillna(0.0) / span
    else:
        people["oncall_share"] = np.nan
    shifts = shifts[["window_start", "window_end", "person", "incidents", "over_limit", "window"]]
    return Load(counted, windows, shifts, people, rejected, limit,
                "schedule" if schedule is not None else "responder",
                None if first is None else first.to_pydatetime(),
                None if last is None else last.to_pydatetime())


def _people_table(counted: pd.DataFrame, shifts: pd.DataFrame, worked: pd.DataFrame,
                  roster: Roster) -> pd.DataFrame:
    """One row per member (zeros when quiet), then one per unmatched responder."""
    by_period = (counted.groupby(["person", "period"]).size().unstack(fill_value=0)
                 .reindex(columns=range(len(PERIODS)), fill_value=0))
    by_period.columns = [f"{p}_hours" for p in PERIODS]
    others = sorted(set(counted["person"].dropna().astype("str").unique())
                    - set(roster.members), key=str.lower)
    order = pd.Index([*roster.members, *others], name="person", dtype="str")
    people = by_period.reindex(order, fill_value=0)
    people.insert(0, "incidents", people.sum(axis=1))
    people["windows_over_limit"] = shifts.groupby("person")["over_limit"].sum()
    people["windows"] = worked.groupby("person").size()
    people["windows_with_incidents"] = shifts.groupby("person").size()
    people["longest_overloaded_run"] = _longest_runs(worked)
    people = people.fillna(0).astype("int64")
    people["ack_median_seconds"] = counted.groupby("person")["ack_seconds"].median()
    people["resolve_median_seconds"] = counted.groupby("person")["resolve_seconds"].median()
    return people.reset_index()
