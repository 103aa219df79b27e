"""Overrides entered in Rota (table `overrides`): each one with the published version it was
applied to, the version it produced, who entered it, when and why.

The row is written by the publication of the version it produced (`writer` hands
Store.publish its `also`), so a version and its override stand or fall together. The gated,
audited action is service.actions.overrides.enter_override.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from service.store.base import StoreBase, utc
from service.store.publications import AlsoWrite
from service.store.schema import overrides, teams


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


def writer(version: int, role: str, person: str, covers_for: tuple[str, ...], start: datetime,
           end: datetime, reason: str, entered_by: str, entered_at: datetime) -> AlsoWrite:
    """The `also` for Store.publish: writes the override applied to `version` as a row of the
    publication transaction, with the version that publication makes as its result."""
    def write(conn: Connection, team_id: int, result_version: int) -> None:
        conn.execute(overrides.insert().values(
            team_id=team_id, version=version, result_version=result_version, role=role,
            person=person, covers_for=",".join(covers_for), start=start, end=end,
            reason=reason, entered_by=entered_by, entered_at=entered_at))
    return write


def of_team(store: StoreBase, team_name: str) -> list[OverrideRecord]:
    """Every override entered for the team, oldest first."""
    with store._connect() as conn:
        rows = conn.execute(select(overrides, teams.c.name).join(teams)
                            .where(teams.c.name == team_name).order_by(overrides.c.id)).all()
    return [OverrideRecord(r.name, r.version, r.result_version, r.role, r.person,
                           tuple(p for p in r.covers_for.split(",") if p), utc(r.start),
                           utc(r.end), r.reason, r.entered_by, utc(r.entered_at))
            for r in rows]
