"""What `rota push` made in each paging tool, and each push run (contract section 11).

Push deletes only overrides whose ids are here: an override a person made in the tool is never
Rota's to remove. Creates are noted *before* they are sent (without an id) so that when a
request lands but its answer is lost, the next run recognises the tool's override as its own.
Functions take the Store (like service.store.audit) so the Store class itself stays untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from service.store.base import StoreBase, first_line, utc
from service.store.errors import StoreError
from service.store.schema import push_runs, pushed_overrides

Interval = tuple[datetime, datetime, str]  # start, end, tool user


@dataclass(frozen=True)
class PushRun:
    at: datetime
    team: str | None
    tool: str
    target: str
    role: str
    created: int
    deleted: int
    unchanged: int
    kept: int
    failure: str | None
    actor: str


def _fail(exc: SQLAlchemyError, what: str) -> StoreError:
    return StoreError(f"ROTA_DB: cannot {what} pushed overrides: {first_line(exc)}")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _where(tool: str, target: str) -> ColumnElement[bool]:
    return and_(pushed_overrides.c.tool == tool, pushed_overrides.c.target == target)


def own_ids(store: StoreBase, tool: str, target: str) -> set[str]:
    """Every override id Rota ever made on this schedule (deleted ones too: a truncated
    remnant of a deleted override is still Rota's, not a person's)."""
    query = select(pushed_overrides.c.override_id).where(
        _where(tool, target), pushed_overrides.c.override_id.is_not(None))
    try:
        with store.engine.connect() as conn:
            return {r[0] for r in conn.execute(query)}
    except SQLAlchemyError as exc:
        raise _fail(exc, "read") from None


def pending(store: StoreBase, tool: str, target: str) -> list[Interval]:
    """Creates sent whose answer was never seen."""
    query = select(pushed_overrides.c.start, pushed_overrides.c.end, pushed_overrides.c.user
                   ).where(_where(tool, target), pushed_overrides.c.override_id.is_(None))
    try:
        with store.engine.connect() as conn:
            return [(utc(r.start), utc(r.end), r.user) for r in conn.execute(query)]
    except SQLAlchemyError as exc:
        raise _fail(exc, "read") from None


def note_pending(store: StoreBase, tool: str, target: str,
                 intervals: Sequence[tuple[datetime, datetime, str, str]]) -> None:
    """Before sending creates: (start, end, user, member) of each."""
    rows = [{"tool": tool, "target": target, "override_id": None, "start": s, "end": e,
             "user": u, "member": m, "pushed_at": _now()} for s, e, u, m in intervals]
    _write(store, rows and [pushed_overrides.insert(), rows])


def record_created(store: StoreBase, tool: str, target: str,
                   created: Iterable[tuple[datetime, datetime, str, str, str]]) -> None:
    """(start, end, user, member, override id) of overrides the tool confirmed or Rota adopted."""
    rows = [{"tool": tool, "target": target, "override_id": i, "start": s, "end": e,
             "user": u, "member": m, "pushed_at": _now()} for s, e, u, m, i in created]
    _write(store, rows and [pushed_overrides.insert(), rows])


def record_deleted(store: StoreBase, tool: str, target: str, ids: Iterable[str]) -> None:
    ids = list(ids)
    _write(store, ids and [update(pushed_overrides).where(
        _where(tool, target), pushed_overrides.c.override_id.in_(ids)).values(
        deleted_at=_now())])


def clear_pending(store: StoreBase, tool: str, target: str) -> None:
    """After a run that finished: every pending create was either adopted or never landed."""
    _write(store, [delete(pushed_overrides).where(
        _where(tool, target), pushed_overrides.c.override_id.is_(None))])


def record_run(store: StoreBase, run: PushRun) -> None:
    values = {**run.__dict__, "at": run.at.astimezone(UTC)}
    _write(store, [push_runs.insert().values(**values)])


def last_runs(store: StoreBase, team: str) -> list[PushRun]:
    """The newest run per (tool, target) of `team`, by target."""
    newest = (select(func.max(push_runs.c.id)).where(push_runs.c.team == team)
              .group_by(push_runs.c.tool, push_runs.c.target))
    query = select(push_runs).where(push_runs.c.id.in_(newest)).order_by(
        push_runs.c.tool, push_runs.c.target)
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
    except SQLAlchemyError as exc:
        raise _fail(exc, "read") from None
    return [PushRun(utc(r.at), r.team, r.tool, r.target, r.role, r.created, r.deleted,
                    r.unchanged, r.kept, r.failure, r.actor) for r in rows]


def _write(store: StoreBase, statement: list[Any] | Literal[0] | None) -> None:
    if not statement:
        return
    try:
        with store.engine.begin() as conn:
            conn.execute(*statement)
    except SQLAlchemyError as exc:
        raise _fail(exc, "write") from None
