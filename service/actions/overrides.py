"""Overrides in the store: each one is kept with the published version it was applied to, who
entered it, when and why, and the final schedule it produced is published as a new version
(so feeds move exactly the affected events: scheduler.formats.ical.next_sequences). The rows are
read and written by service/store/overrides.py; this module holds the gate and the audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduler import Override, apply_override, schedule_csv
from service.access import Actor, state_changing
from service.actions.changes import require_lead_of_stored
from service.pager.after_publish import after_publish
from service.store import Publication, Store, audit
from service.store import overrides as stored
from service.store.base import now as current_time
from service.store.base import utc
from service.store.overrides import OverrideRecord


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
    latest = store.latest_publication(team_name)
    result = apply_override(latest.schedule, Override(role, person, start, end))
    start_utc, end_utc = utc(start), utc(end)
    replaced = tuple(dict.fromkeys(
        a.covers_for for a in result.schedule.assignments
        if a.person == person and a.role == role and a.covers_for
        and a.start < end_utc and start_utc < a.end))
    entered_at = utc(now or current_time()).replace(microsecond=0)
    record_row = stored.writer(latest.version, role, person, replaced, start_utc, end_utc,
                               reason, actor.label, entered_at)

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
    return stored.of_team(store, team_name)
