"""Cover requests (table `cover_requests`): a member's ask that someone else hold part of their
shift, open until a lead approves or declines it.

A decision first *claims* the request with one conditional update (open -> approved or
declined), so of two leads deciding at once only one gets it; `reopen` undoes a claim whose
override was refused. The gated, audited actions are in service.actions.cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, Select, select, update

from service.store.base import StoreBase, utc
from service.store.schema import cover_requests, teams


@dataclass(frozen=True)
class CoverRequest:
    id: int
    team_name: str
    version: int  # the published version the member asked about
    role: str
    person: str  # who needs cover
    candidate: str  # who they suggest
    start: datetime
    end: datetime
    note: str
    requested_by: str
    requested_at: datetime
    status: str  # open, approved or declined
    decided_by: str | None = None
    decided_at: datetime | None = None
    result_version: int | None = None  # the version the approved override published

    @property
    def summary(self) -> str:
        return (f"#{self.id}: {self.candidate} to hold {self.role} for {self.person} "
                f"{self.start:%Y-%m-%d %H:%M}Z to {self.end:%Y-%m-%d %H:%M}Z")


def add(store: StoreBase, team_name: str, version: int, role: str, person: str,
        candidate: str, start: datetime, end: datetime, note: str, requested_by: str,
        requested_at: datetime) -> CoverRequest:
    """Store an open request of a stored team."""
    with store._begin() as conn:  # guarded: a database failure is one StoreError line
        team_id = store._team_id(conn, team_name)
        inserted = conn.execute(cover_requests.insert().values(
            team_id=team_id, version=version, role=role, person=person,
            candidate=candidate, start=start, end=end, note=note, requested_by=requested_by,
            requested_at=requested_at, status="open")).inserted_primary_key
        assert inserted is not None  # an insert always has its key
    return CoverRequest(inserted[0], team_name, version, role, person, candidate, start, end,
                        note, requested_by, requested_at, "open")


def claim(store: StoreBase, team_name: str, request_id: int, status: str, decided_by: str,
          decided_at: datetime) -> bool:
    """Mark an open request of the team decided; False when it is not open (or not there)."""
    with store._begin() as conn:
        claimed = conn.execute(
            update(cover_requests)
            .where(cover_requests.c.id == request_id, cover_requests.c.status == "open",
                   cover_requests.c.team_id == store._team_id(conn, team_name))
            .values(status=status, decided_by=decided_by, decided_at=decided_at)).rowcount
    return bool(claimed)


def reopen(store: StoreBase, request_id: int) -> None:
    """Undo a claim: the request is open again, undecided."""
    _set(store, request_id, status="open", decided_by=None, decided_at=None)


def set_result(store: StoreBase, request_id: int, result_version: int) -> None:
    """The version the approved request's override published."""
    _set(store, request_id, result_version=result_version)


def one(store: StoreBase, request_id: int) -> CoverRequest:
    with store._connect() as conn:
        return _record(conn.execute(_query().where(cover_requests.c.id == request_id)).one())


def of_team(store: StoreBase, team_name: str, status: str | None = "open") -> list[CoverRequest]:
    """The team's requests with that status (every one with None), oldest first."""
    query = _query().where(teams.c.name == team_name).order_by(cover_requests.c.id)
    if status is not None:
        query = query.where(cover_requests.c.status == status)
    with store._connect() as conn:
        return [_record(row) for row in conn.execute(query).all()]


def _query() -> Select:
    return select(cover_requests, teams.c.name).join(teams)


def _set(store: StoreBase, request_id: int, **values: object) -> None:
    with store._begin() as conn:
        conn.execute(update(cover_requests).where(cover_requests.c.id == request_id)
                     .values(**values))


def _record(row: Row) -> CoverRequest:
    return CoverRequest(row.id, row.name, row.version, row.role, row.person, row.candidate,
                        utc(row.start), utc(row.end), row.note, row.requested_by,
                        utc(row.requested_at), row.status, row.decided_by,
                        utc(row.decided_at) if row.decided_at else None, row.result_version)
