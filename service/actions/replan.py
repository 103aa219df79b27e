"""Living with published schedules in the app: the ledger across published versions, the
history a new solve counts by default, re-planning the published schedule after a team edit,
and publishing the re-plan (contract section 6).

Every published version is kept by the store. Versions overlap (a re-plan republishes the same
weeks), so the *record* of who held a row is the newest published version that has that row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pandas as pd

from scheduler import (
    Change,
    History,
    Schedule,
    Team,
    diff_schedules,
    history_of,
    local_midnight,
    parse_schedule,
    parse_team,
)
from service.access import Actor, state_changing
from service.actions.changes import require_lead_of_stored
from service.pager.after_publish import after_publish
from service.store import Publication, Store, audit

LEDGER_COLUMNS = ["date", "person", "version", "weighted_shifts", "cumulative"]


def publications(store: Store, team_name: str) -> list[Publication]:
    """Every published version, newest first."""
    out = []
    for version, _ in reversed(store.versions(team_name)):
        publication = store.publication(team_name, version)
        if publication is not None:
            out.append(publication)
    return out


def record_rows(store: Store, team_name: str) -> list[tuple[datetime, datetime, str, str, int]]:
    """(start, end, role, person, version) of every held row, as the newest version has it."""
    seen: set[tuple[datetime, datetime, str]] = set()
    rows = []
    for publication in publications(store, team_name):
        roles = set(publication.team.roles)  # shadow rows carry no load (contract section 7)
        for a in publication.schedule.assignments:
            key = (a.shift.start, a.shift.end, a.role)
            if key in seen or a.role not in roles:
                continue
            seen.add(key)
            if a.person:
                rows.append((a.shift.start, a.shift.end, a.role, a.person, publication.version))
    return sorted(rows)


def ledger(store: Store, team_name: str) -> pd.DataFrame:
    """Per person and day, shifts held divided by their weight (in the newest team file), and
    the running total: the cumulative weighted load the Schedule page charts."""
    latest = store.publication(team_name)
    if latest is None:
        return pd.DataFrame(columns=LEDGER_COLUMNS)
    weights = {m.id: m.weight or 1.0 for m in latest.team.members}
    zone = latest.team.timezone
    frame = pd.DataFrame(
        [{"date": start.astimezone(zone).date(), "person": person, "version": version,
          "weighted_shifts": 1.0 / weights.get(person, 1.0)}
         for start, _, _, person, version in record_rows(store, team_name)],
        columns=LEDGER_COLUMNS[:-1])
    if frame.empty:
        return pd.DataFrame(columns=LEDGER_COLUMNS)
    daily = (frame.groupby(["date", "person"], as_index=False)
             .agg(version=("version", "max"), weighted_shifts=("weighted_shifts", "sum")))
    daily["cumulative"] = daily.groupby("person")["weighted_shifts"].cumsum()
    return daily[LEDGER_COLUMNS]


def published_history(store: Store, team: Team) -> History | None:
    """Loads of the published record before `team`'s plan starts (None: nothing published)."""
    schedules = [p.schedule for p in publications(store, team.name)]
    if not schedules:
        return None
    start = datetime(team.start.year, team.start.month, team.start.day, tzinfo=team.timezone)
    return history_of(team, schedules, before=start)


@dataclass(frozen=True)
class PlanFromNow:
    """A solve in the app on a team with a published version plans from `plan_from`: rows of
    `previous` (the published version) that start before it stay exactly as published."""

    previous: Schedule
    version: int
    plan_from: datetime


def plan_from_now(store: Store, team: Team, now: datetime) -> PlanFromNow | None:
    """How the app solves `team` over its (edited) horizon: when the newest published
    version has rows in the horizon, from now on, re-planning every later row freely while
    rows that have started (and their overrides) stay as published; from scratch (None)
    when nothing published falls in the horizon."""
    latest = store.publication(team.name)
    if latest is None:
        return None
    published = parse_schedule(latest.schedule_csv, team, f"{team.name} v{latest.version}")
    start = local_midnight(team.start, team.timezone)
    end = local_midnight(team.end, team.timezone)
    rows = [a for a in published.assignments if start <= a.shift.start < end]
    if not rows:
        return None
    shifts = sorted({a.shift for a in rows}, key=lambda s: (s.start, s.end, s.template))
    previous = replace(published, shifts=shifts, assignments=rows, report=None)
    return PlanFromNow(previous, latest.version, max(now, start))


@dataclass(frozen=True)
class Replanned:
    team_yaml: str
    schedule: Schedule
    previous: Schedule
    version: int  # the published version it re-plans
    changes: list[Change]
    changed: int
    min_changes: int
    proven: bool


def replan_published(store: Store, actor: Actor, team_yaml: str, *, replan_from: datetime,
                     max_changes: int | None = None, time_limit: float = 10.0,
                     seed: int = 0) -> Replanned:
    """Re-plan the newest published schedule for an edited team file. Nothing is stored:
    the caller shows the diff and publishes it with `publish_replan`."""
    from scheduler import replan_schedule as replan

    team = parse_team(team_yaml, f"{_name(team_yaml)} team.yaml")
    require_lead_of_stored(store, actor, team.name, "re-plan the schedule")
    latest = store.latest_publication(team.name)
    previous = parse_schedule(latest.schedule_csv, team, f"{team.name} v{latest.version}")
    result = replan(team, previous, replan_from=replan_from, max_changes=max_changes,
                    time_limit=time_limit, seed=seed)
    return Replanned(team_yaml, result.schedule, previous, latest.version,
                     diff_schedules(previous, result.schedule), result.changed,
                     result.min_changes, result.proven)


@state_changing
def publish_replan(store: Store, actor: Actor, replanned: Replanned) -> Publication:
    """Publish a re-plan. Event UIDs are per row and SEQUENCE goes up only where what a
    subscriber sees changed, so calendars move exactly the changed events (and the partner and
    handoff neighbours whose descriptions name the new holder)."""
    from scheduler import schedule_csv

    name = replanned.schedule.team.name
    require_lead_of_stored(store, actor, name, "publish the schedule")
    # Made from replanned.version: if a lead published since (an override, say), publishing
    # this would silently undo it, so the store refuses and the lead re-plans again.
    publication = store.publish(replanned.team_yaml, schedule_csv(replanned.schedule),
                                team_source=f"{name} team.yaml", based_on=replanned.version)
    audit.record(store, actor, "publish re-plan", name,
                 f"v{publication.version} from v{replanned.version}: "
                 f"{replanned.changed} changed row(s)")
    after_publish(store, actor, publication)
    return publication


def weekly_changes(changes: list[Change], team: Team) -> pd.DataFrame:
    """Who gains and who loses, per week (Monday in the team zone)."""
    rows = []
    for c in changes:
        day = c.start.astimezone(team.timezone).date()
        rows.append({"week": day - timedelta(days=day.weekday()), "person": c.person,
                     "gained": int(c.change == "gained"), "lost": int(c.change == "lost")})
    if not rows:
        return pd.DataFrame(columns=["week", "person", "gained", "lost"])
    return (pd.DataFrame(rows).groupby(["week", "person"], as_index=False)[["gained", "lost"]]
            .sum().sort_values(["week", "person"]).reset_index(drop=True))


def _name(team_yaml: str) -> str:
    import yaml

    try:
        return str((yaml.safe_load(team_yaml) or {}).get("team", "team"))
    except yaml.YAMLError:
        return "team"
