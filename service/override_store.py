"""Overrides in the store: each one is kept with the published version it was applied to, who
entered it, when and why, and the final schedule it produced is published as a new version
(so feeds move exactly the affected events: scheduler.ical.next_sequences). The table is
`overrides` in service/store/schema.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from scheduler.errors import UnknownTeamError
from scheduler.io import schedule_csv
from scheduler.overrides import Override, apply_override

from .access import Actor, require_lead
from .store import Publication, Store
from .store.base import utc
from .store.schema import overrides, teams


@dataclass(frozen=True)
class OverrideRecord:
    team_name: str
    version: int
    result_version: int
    role: str
    person: str
    covers_for: tuple[str, ...]
    start: datetime
    end: datetime
    reason: str
    entered_by: str
    entered_at: datetime


@dataclass(frozen=True)
class EnteredOverride:
    publication: Publication  # the new version
    record: OverrideRecord
    warnings: list[str]  # short rest, weekly cap: allowed, but worth saying


def enter_override(store: Store, actor: Actor, team_name: str, role: str, person: str,
                   start: datetime, end: datetime, reason: str = "",
                   now: datetime | None = None) -> EnteredOverride:
    """Apply an override to the team's latest publication and publish the final schedule as
    the next version. Only leads may; a broken hard rule raises before anything is written."""
    latest = store.publication(team_name)
    if latest is None:
        raise UnknownTeamError(f"team {team_name!r}: unknown team; publish it first")
    require_lead(actor, latest.team, "enter an override")
    result = apply_override(latest.schedule, Override(role, person, start, end))
    replaced = tuple(dict.fromkeys(
        a.covers_for for a in result.schedule.assignments
        if a.person == person and a.role == role and a.covers_for
        and a.start < utc(end) and utc(start) < a.end))
    published = store.publish(latest.team_yaml, schedule_csv(result.schedule, final=True),
                              team_source=f"{team_name} v{latest.version} team.yaml",
                              schedule_source=f"{team_name} override", now=now)
    record = OverrideRecord(team_name, latest.version, published.version, role, person, replaced,
                            utc(start), utc(end), reason, actor.label, published.published_at)
    with store._begin() as conn:  # guarded: a database failure is one StoreError line
        team_id = store._team_id(conn, team_name)
        assert team_id is not None  # publish above created it
        conn.execute(overrides.insert().values(
            team_id=team_id, version=record.version, result_version=record.result_version,
            role=role, person=person, covers_for=",".join(replaced), start=record.start,
            end=record.end, reason=reason, entered_by=record.entered_by,
            entered_at=record.entered_at))
    return EnteredOverride(published, record, result.warnings)


def list_overrides(store: Store, team_name: str) -> list[OverrideRecord]:
    """Every override entered for the team, oldest first."""
    with store._connect() as conn:
        rows = conn.execute(select(overrides, teams.c.name).join(teams)
                            .where(teams.c.name == team_name).order_by(overrides.c.id)).all()
    return [OverrideRecord(r.name, r.version, r.result_version, r.role, r.person,
                           tuple(p for p in r.covers_for.split(",") if p), utc(r.start),
                           utc(r.end), r.reason, r.entered_by, utc(r.entered_at))
            for r in rows]
