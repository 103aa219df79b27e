"""Who is acting: every state-changing function of the service layer takes an `Actor` and
refuses anyone who may not make that change (contract section 9).

- The command line runs as `CLI_ACTOR`: whoever can run `rota` on the machine owns the store.
- The app without an `[auth]` section runs as `LOCAL_ACTOR` (single-machine mode, bound to
  localhost): anyone who reaches it may change everything, and every page says so.
- With `[auth]`, a signed-in user is the member whose `email` equals the provider's email claim
  (case-insensitive); a member listed in the team's `leads` may change the team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from scheduler import RotaError, Team


class AccessDenied(RotaError):
    """The actor may not make this change (not signed in, not a member, or not a lead)."""


@dataclass(frozen=True)
class Actor:
    """Someone making a change. `email` is None for an anonymous visitor; `trusted` marks the
    command line and the unconfigured single-machine app, which may change everything."""

    email: str | None
    trusted: bool = False
    name: str | None = None  # how the trail names an actor without an email

    @property
    def label(self) -> str:
        """How the audit trail names this actor."""
        if self.email:
            return self.email
        if self.name:
            return self.name
        return "local (no login configured)" if self.trusted else "anonymous"


CLI_ACTOR = Actor(email="cli", trusted=True)
LOCAL_ACTOR = Actor(email=None, trusted=True)
ANONYMOUS = Actor(email=None, trusted=False)
# The app itself, storing the demo teams on its first start (no one asked for it).
DEMO_SEED_ACTOR = Actor(email=None, trusted=True, name="first start (demo data)")

Change = TypeVar("Change", bound=Callable[..., Any])
# Every state-changing service function, by "module.name": tests/service/test_access_gate.py
# calls each one as a member and as an anonymous visitor and expects AccessDenied.
STATE_CHANGING: dict[str, Callable[..., Any]] = {}


def state_changing(function: Change) -> Change:
    """Mark a service function that changes stored state. It must take an `actor` and check
    it (require_lead or require_self_or_lead) before it changes anything."""
    STATE_CHANGING[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def member_of(actor: Actor, team: Team) -> str | None:
    """The id of the team member this actor signed in as, or None."""
    if not actor.email:
        return None
    wanted = actor.email.strip().casefold()
    for member in team.members:
        if member.email and member.email.strip().casefold() == wanted:
            return member.id
    return None


def is_lead(actor: Actor, team: Team) -> bool:
    if actor.trusted:
        return True
    member = member_of(actor, team)
    return member is not None and member in team.leads


def require_lead(actor: Actor, team: Team, action: str) -> None:
    """Raise AccessDenied unless the actor may change this team."""
    if not is_lead(actor, team):
        raise refusal(actor, action, team.name)


def refusal(actor: Actor, action: str, team_name: str) -> AccessDenied:
    who = actor.email or "an anonymous visitor"
    return AccessDenied(f"{who} may not {action} for team {team_name!r}: only its leads may")


def require_self_or_lead(actor: Actor, team: Team, person: str, action: str) -> None:
    """Raise AccessDenied unless the actor is a lead or is `person` (a member acting on their
    own shifts, e.g. asking for cover)."""
    if is_lead(actor, team) or member_of(actor, team) == person:
        return
    who = actor.email or "an anonymous visitor"
    raise AccessDenied(f"{who} may not {action} for {person!r} in team {team.name!r}: only "
                       f"{person!r} and the team's leads may")
