"""Who is acting: every state-changing function of the service layer takes an `Actor` and
refuses anyone who may not make that change (contract section 9).

- The command line runs as `CLI_ACTOR`: whoever can run `rota` on the machine owns the store.
- The app without an `[auth]` section runs as `LOCAL_ACTOR` (single-machine mode, bound to
  localhost): anyone who reaches it may change everything, and every page says so.
- With `[auth]`, a signed-in user is the member whose `email` equals the provider's email claim
  (case-insensitive); a member listed in the team's `leads` may change the team.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Team
from scheduler.errors import RotaError


class AccessDenied(RotaError):
    """The actor may not make this change (not signed in, not a member, or not a lead)."""


@dataclass(frozen=True)
class Actor:
    """Someone making a change. `email` is None for an anonymous visitor; `trusted` marks the
    command line and the unconfigured single-machine app, which may change everything."""

    email: str | None
    trusted: bool = False

    @property
    def label(self) -> str:
        """How the audit trail names this actor."""
        if self.email:
            return self.email
        return "local (no login configured)" if self.trusted else "anonymous"


CLI_ACTOR = Actor(email="cli", trusted=True)
LOCAL_ACTOR = Actor(email=None, trusted=True)
ANONYMOUS = Actor(email=None, trusted=False)


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
    return member is not None and member in set(getattr(team, "leads", ()) or ())


def require_lead(actor: Actor, team: Team, action: str) -> None:
    """Raise AccessDenied unless the actor may change this team."""
    if not is_lead(actor, team):
        who = actor.email or "an anonymous visitor"
        raise AccessDenied(f"{who} may not {action} for team {team.name!r}: only its leads may")
