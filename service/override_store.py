"""Overrides in the store: each one is kept with the published version it was applied to, who
entered it, when and why, and the final schedule it produced is published as a new version
(so feeds move exactly the affected events: scheduler.ical.next_sequences).

The `overrides` table lives on the store's shared metadata; it is created on first use here
too, for stores opened before this module was imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text, select

from scheduler.errors import UnknownTeamError
from scheduler.io import schedule_csv
from scheduler.overrides import Override, apply_override

from .access import Actor, require_lead
from .store import Publication, Store, metadata, teams

overrides = Table(
    "overrides", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("version", Integer, nullable=False),  # the publication it was applied to
    Column("result_version", Integer, nullable=False),  # the publication it produced
    Column("role", String(100), nullable=False),
    Column("person", String(200), nullable=False),
    Column("covers_for", String(1000), nullable=False),  # the people replaced, comma-separated
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False),
    Column("entered_by", String(320), nullable=False),
    Column("entered_at", DateTime(timezone=True), nullable=False),
)

_created: set[str] = set()


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


def _ensure_table(store: Store) -> None:
    if store.url not in _created:
        metadata.create_all(store.engine, tables=[overrides])
        _created.add(store.url)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enter_override(store: Store, actor: Actor, team_name: str, role: str, person: str,
                   start: datetime, end: datetime, reason: str = "",
                   now: datetime | None = None) -> EnteredOverride:
    """Apply an override to the team's latest publication and publish the final schedule as
    the next version. Only leads may; a broken hard rule raises before anything is written."""
    _ensure_table(store)
    latest = store.publication(team_name)
    if latest is None:
        raise UnknownTeamError(f"team {team_name!r}: unknown team; publish it first")
    require_lead(actor, latest.team, "enter an override")
    result = apply_override(latest.schedule, Override(role, person, start, end))
    replaced = tuple(dict.fromkeys(
        a.covers_for for a in result.schedule.assignments
        if a.person == person and a.role == role and a.covers_for
        and a.start < _utc(end) and _utc(start) < a.end))
    published = store.publish(latest.team_yaml, schedule_csv(result.schedule, final=True),
                              team_source=f"{team_name} v{latest.version} team.yaml",
                              schedule_source=f"{team_name} override", now=now)
    record = OverrideRecord(team_name, latest.version, published.version, role, person, replaced,
                            _utc(start), _utc(end), reason, actor.label, published.published_at)
    with store.engine.begin() as conn:
        team_id = conn.execute(select(teams.c.id).where(teams.c.name == team_name)).scalar_one()
        conn.execute(overrides.insert().values(
            team_id=team_id, version=record.version, result_version=record.result_version,
            role=role, person=person, covers_for=",".join(replaced), start=record.start,
            end=record.end, reason=reason, entered_by=record.entered_by,
            entered_at=record.entered_at))
    return EnteredOverride(published, record, result.warnings)


def list_overrides(store: Store, team_name: str) -> list[OverrideRecord]:
    """Every override entered for the team, oldest first."""
    _ensure_table(store)
    with store.engine.connect() as conn:
        rows = conn.execute(select(overrides, teams.c.name).join(teams)
                            .where(teams.c.name == team_name).order_by(overrides.c.id)).all()
    return [OverrideRecord(r.name, r.version, r.result_version, r.role, r.person,
                           tuple(p for p in r.covers_for.split(",") if p), _utc(r.start),
                           _utc(r.end), r.reason, r.entered_by, _utc(r.entered_at))
            for r in rows]
