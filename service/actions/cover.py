"""Cover requests: a member asks the team's leads to put someone else on part of their own
shift, and a lead approves (which enters the override, service.actions.overrides) or declines.

A request is checked when it is made, against the newest published version: the member holds
that role then, and the suggested cover keeps every hard rule (the override is tried, not
stored). Approval tries it again on the version published by then. Table `cover_requests` in
service/store/schema.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, select, update

from scheduler import InputError, Override, apply_override
from service.access import Actor, require_self_or_lead, state_changing
from service.actions.changes import require_lead_of_stored, stored_or_refused
from service.actions.overrides import enter_override
from service.store import Store, audit
from service.store.base import now as current_time
from service.store.base import utc
from service.store.errors import UnknownTeamError
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


@state_changing
def request_cover(store: Store, actor: Actor, team_name: str, role: str, person: str,
                  candidate: str, start: datetime, end: datetime, note: str = "",
                  now: datetime | None = None) -> CoverRequest:
    """Ask the leads to put `candidate` on `person`'s `role` from `start` to `end`. Only
    `person` themselves (or a lead) may ask; a request that would break a hard rule, or for
    a role the person does not hold then, raises before anything is written."""
    team = stored_or_refused(store, actor, team_name, "ask for cover")
    if team is None:
        raise UnknownTeamError(f"team {team_name!r}: unknown team; publish it first")
    require_self_or_lead(actor, team, person, "ask for cover")
    latest = store.publication(team_name)
    if latest is None:
        raise UnknownTeamError(f"team {team_name!r}: nothing published yet")
    start, end = utc(start), utc(end)
    if not any(a.person == person and a.role == role and a.start < end and start < a.end
               for a in latest.schedule.assignments):
        raise InputError(f"team {team_name!r}: {person} holds no {role} shift from "
                         f"{start:%Y-%m-%d %H:%M}Z to {end:%Y-%m-%d %H:%M}Z")
    apply_override(latest.schedule, Override(role, candidate, start, end))  # hard rules
    requested_at = utc(now or current_time()).replace(microsecond=0)
    with store._begin() as conn:  # guarded: a database failure is one StoreError line
        team_id = store._team_id(conn, team_name)
        inserted = conn.execute(cover_requests.insert().values(
            team_id=team_id, version=latest.version, role=role, person=person,
            candidate=candidate, start=start, end=end, note=note, requested_by=actor.label,
            requested_at=requested_at, status="open")).inserted_primary_key
        assert inserted is not None  # an insert always has its key
        new_id = inserted[0]
    made = CoverRequest(new_id, team_name, latest.version, role, person, candidate, start, end,
                        note, actor.label, requested_at, "open")
    audit.record(store, actor, "cover request", team_name,
                 made.summary + (f"; {note}" if note else ""))
    return made


@state_changing
def decide_cover(store: Store, actor: Actor, team_name: str, request_id: int, approve: bool,
                 now: datetime | None = None) -> CoverRequest:
    """A lead approves an open request (entering its override, published as the next
    version) or declines it. A request already decided, or unknown, raises InputError."""
    require_lead_of_stored(store, actor, team_name, "decide a cover request")
    decided_at = utc(now or current_time()).replace(microsecond=0)
    status = "approved" if approve else "declined"
    # Claim the request first, so two leads cannot both approve it; undone if the override
    # is refused (a hard rule broken by a change published since the request was made).
    with store._begin() as conn:
        claimed = conn.execute(
            update(cover_requests)
            .where(cover_requests.c.id == request_id, cover_requests.c.status == "open",
                   cover_requests.c.team_id == store._team_id(conn, team_name))
            .values(status=status, decided_by=actor.label, decided_at=decided_at)).rowcount
    if not claimed:
        raise InputError(f"team {team_name!r}: cover request #{request_id} is not open")
    request = _one(store, request_id)
    if approve:
        try:
            entered = enter_override(store, actor, team_name, request.role, request.candidate,
                                     request.start, request.end,
                                     f"cover request #{request_id}"
                                     + (f": {request.note}" if request.note else ""), now=now)
        except Exception:
            _set(store, request_id, status="open", decided_by=None, decided_at=None)
            raise
        _set(store, request_id, result_version=entered.publication.version)
    else:
        audit.record(store, actor, "cover request declined", team_name, request.summary)
    return _one(store, request_id)


def list_cover_requests(store: Store, team_name: str,
                        status: str | None = "open") -> list[CoverRequest]:
    """The team's cover requests with that status (every one with None), oldest first."""
    query = (select(cover_requests, teams.c.name).join(teams)
             .where(teams.c.name == team_name).order_by(cover_requests.c.id))
    if status is not None:
        query = query.where(cover_requests.c.status == status)
    with store._connect() as conn:
        return [_record(row) for row in conn.execute(query).all()]


def _one(store: Store, request_id: int) -> CoverRequest:
    query = (select(cover_requests, teams.c.name).join(teams)
             .where(cover_requests.c.id == request_id))
    with store._connect() as conn:
        return _record(conn.execute(query).one())


def _set(store: Store, request_id: int, **values: object) -> None:
    with store._begin() as conn:
        conn.execute(update(cover_requests).where(cover_requests.c.id == request_id)
                     .values(**values))


def _record(row: Row) -> CoverRequest:
    return CoverRequest(row.id, row.name, row.version, row.role, row.person, row.candidate,
                        utc(row.start), utc(row.end), row.note, row.requested_by,
                        utc(row.requested_at), row.status, row.decided_by,
                        utc(row.decided_at) if row.decided_at else None, row.result_version)
