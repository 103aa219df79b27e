"""The audit trail: who changed what, when, in which team (contract section 9).

Every state-changing service function calls `record(...)` once its change is stored, so the
trail lists changes that happened, never ones that were refused or failed. The table lives on
the store's one `metadata`; the Team page lists a team's recent entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Engine, Integer, String, Table, Text, select
from sqlalchemy.exc import SQLAlchemyError

from scheduler.errors import StoreError

from .access import Actor
from .store import Store, metadata

RECENT = 50
DETAIL_CHARS = 2000

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(320), nullable=False),  # Actor.label: an email, "cli", "local ..."
    Column("action", String(100), nullable=False),
    # The team's name as it was (not a foreign key): the trail outlives renames and removals.
    Column("team", String(200), nullable=True),
    Column("detail", Text, nullable=False),
)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    team: str | None
    detail: str


_ready: set[int] = set()


def _table_ready(engine: Engine) -> None:
    # A store opened before this module was imported has no audit table yet.
    if id(engine) not in _ready:
        audit_log.create(engine, checkfirst=True)
        _ready.add(id(engine))


def record(store: Store, actor: Actor, action: str, team: str | None, detail: str = "",
           *, at: datetime | None = None) -> None:
    """Append one change to the trail."""
    when = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    try:
        _table_ready(store.engine)
        with store.engine.begin() as conn:
            conn.execute(audit_log.insert().values(
                at=when, actor=actor.label, action=action, team=team,
                detail=detail[:DETAIL_CHARS]))
    except SQLAlchemyError as exc:
        raise StoreError(f"ROTA_DB: cannot write the audit trail: {_first_line(exc)}") from None


def recent(store: Store, team: str | None = None, limit: int = RECENT) -> list[AuditEntry]:
    """The newest entries first; only `team`'s when given."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if team is not None:
        query = query.where(audit_log.c.team == team)
    try:
        _table_ready(store.engine)
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
    except SQLAlchemyError as exc:
        raise StoreError(f"ROTA_DB: cannot read the audit trail: {_first_line(exc)}") from None
    return [AuditEntry(_utc(r.at), r.actor, r.action, r.team, r.detail) for r in rows]


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
