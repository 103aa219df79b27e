"""Overrides in the store: each one is kept with the published version it was applied to, who
entered it, when and why, and the final schedule it produced is published as a new version
(so feeds move exactly the affected events: scheduler.formats.ical.next_sequences). The table is
`overrides` in service/store/schema.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from scheduler import Override, apply_override, schedule_csv
from service.access import Actor, state_changing
from service.actions.changes import require_lead_of_stored
from service.pager.after_publish import after_publish
from service.store import Publication, Store, audit
from service.store.base import now as current_time
from service.store.base import utc
from service.store.errors import UnknownTeamError
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


@dataclass(frozen=True)
class EnteredOverride:
    publication: Publication  # the new version
    record: OverrideRecord
    warnings: list[str]  # short rest, weekly cap: allowed, but worth saying


@state_changing
def enter_override(store: Store, actor: Actor, team_name: str, role: str, person: str,
                   start: datetime, end: datetime, reason: str = "",
                   now: datetime | None = None) -> EnteredOverride:
    """Apply an override to the team's latest publication and publish the final schedule as
    the next version. Only leads may; a broken hard rule raises before anything is written."""
    require_lead_of_stored(store, actor, team_name, "enter an override")
    latest = store.publication(team_name)
    if latest is None:
        raise UnknownTeamError(f"team {team_name!r}: unknown team; publish it first")
    result = apply_override(latest.schedule, Override(role, person, start, end))
    start_utc, end_utc = utc(start), utc(end)
    replaced = tuple(dict.fromkeys(
        a.covers_for for a in result.schedule.assignments
        if a.person == person and a.role == role and a.covers_for
        and a.start < end_utc and start_utc < a.end))
    entered_at = utc(now or current_time()).replace(microsecond=0)

    def record_row(conn: Connection, team_id: int, version: int) -> None:
        conn.execute(overrides.insert().values(
            team_id=team_id, version=latest.version, result_version=version, role=role,
            person=person, covers_for=",".join(replaced), start=start_utc, end=end_utc,
            reason=reason, entered_by=actor.label, entered_at=entered_at))

    # The new version and its override row are one transaction, made from the version read
    # above: an override never silently undoes another lead's change published in between.
    published = store.publish(latest.team_yaml, schedule_csv(result.schedule, final=True),
                              team_source=f"{team_name} v{latest.version} team.yaml",
                              schedule_source=f"{team_name} override", now=entered_at,
                              based_on=latest.version, also=record_row)
    record = OverrideRecord(team_name, latest.version, published.version, role, person, replaced,
                            start_utc, end_utc, reason, actor.label, published.published_at)
    audit.record(store, actor, "override", team_name,
                 f"{person} holds {role} {record.start:%Y-%m-%d %H:%M}Z to "
                 f"{record.end:%Y-%m-%d %H:%M}Z for {', '.join(replaced) or 'nobody'}; "
                 f"version {published.version}" + (f"; {reason}" if reason else ""))
    after_publish(store, actor, published)
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
