"""Cover requests: a member asks the team's leads to put someone else on part of their own
shift, and a lead approves (which enters the override, service.actions.overrides) or declines.

A request is checked when it is made, against the newest published version: the member holds
that role then, and the suggested cover keeps every hard rule (the override is tried, not
stored). Approval tries it again on the version published by then. The rows are read and
written by service/store/cover_requests.py; this module holds the gates, checks and audit.
"""

from __future__ import annotations

from datetime import datetime

from scheduler import InputError, Override, apply_override
from service.access import Actor, require_self_or_lead, state_changing
from service.actions.changes import require_lead_of_stored, stored_or_refused
from service.actions.overrides import enter_override
from service.store import Store, audit
from service.store import cover_requests as stored
from service.store.base import now as current_time
from service.store.base import utc
from service.store.cover_requests import CoverRequest
from service.store.errors import UnknownTeamError


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
    latest = store.latest_publication(team_name)
    start, end = utc(start), utc(end)
    if not any(a.person == person and a.role == role and a.start < end and start < a.end
               for a in latest.schedule.assignments):
        raise InputError(f"team {team_name!r}: {person} holds no {role} shift from "
                         f"{start:%Y-%m-%d %H:%M}Z to {end:%Y-%m-%d %H:%M}Z")
    apply_override(latest.schedule, Override(role, candidate, start, end))  # hard rules
    requested_at = utc(now or current_time()).replace(microsecond=0)
    made = stored.add(store, team_name, latest.version, role, person, candidate, start, end,
                      note, actor.label, requested_at)
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
    if not stored.claim(store, team_name, request_id, status, actor.label, decided_at):
        raise InputError(f"team {team_name!r}: cover request #{request_id} is not open")
    request = stored.one(store, request_id)
    if approve:
        try:
            entered = enter_override(store, actor, team_name, request.role, request.candidate,
                                     request.start, request.end,
                                     f"cover request #{request_id}"
                                     + (f": {request.note}" if request.note else ""), now=now)
        except Exception:
            stored.reopen(store, request_id)
            raise
        stored.set_result(store, request_id, entered.publication.version)
    else:
        audit.record(store, actor, "cover request declined", team_name, request.summary)
    return stored.one(store, request_id)


def list_cover_requests(store: Store, team_name: str,
                        status: str | None = "open") -> list[CoverRequest]:
    """The team's cover requests with that status (every one with None), oldest first."""
    return stored.of_team(store, team_name, status)
