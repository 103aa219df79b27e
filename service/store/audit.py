"""The audit trail: who changed what, when, in which team (contract section 9).

Every state-changing service function calls `record(...)` once its change is stored, so the
trail lists changes that happened, never ones that were refused or failed. The table,
`audit_log`, is in the store's one schema; the Team page lists a team's recent entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from service.access import Actor
from service.store import Store
from service.store.base import first_line, utc
from service.store.errors import StoreError
from service.store.schema import audit_log

RECENT = 50
DETAIL_CHARS = 2000


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    team: str | None
    detail: str


def record(store: Store, actor: Actor, action: str, team: str | None, detail: str = "",
           *, at: datetime | None = None) -> None:
    """Append one change to the trail."""
    when = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    try:
        with store.engine.begin() as conn:
            conn.execute(audit_log.insert().values(
                at=when, actor=actor.label, action=action, team=team,
                detail=detail[:DETAIL_CHARS]))
    except SQLAlchemyError as exc:
        raise StoreError(f"ROTA_DB: cannot write the audit trail: {first_line(exc)}") from None


def recent(store: Store, team: str | None = None, limit: int = RECENT) -> list[AuditEntry]:
    """The newest entries first; only `team`'s when given."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if team is not None:
        query = query.where(audit_log.c.team == team)
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"ROTA_DB: cannot read the audit trail: {first_line(exc)}") from None
    return [AuditEntry(utc(r.at), r.actor, r.action, r.team, r.detail) for r in rows]
