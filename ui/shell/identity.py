"""Who is using the app, from Streamlit's login (contract section 9).

- No `[auth]` section in Streamlit's secrets: single-machine mode. Everyone is LOCAL_ACTOR and
  may change everything (the app binds to localhost and every page says so).
- With `[auth]`: a visitor who has not signed in is ANONYMOUS; a signed-in user acts as their
  provider's email claim, which service.access matches against the members' `email`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from scheduler import Team
from service.access import ANONYMOUS, LOCAL_ACTOR, Actor, is_lead, member_of


def auth_configured() -> bool:
    """Whether Streamlit's secrets (.streamlit/secrets.toml or --secrets.files) have [auth]."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answer False
        return False


def _user() -> Mapping[str, Any]:
    try:
        return st.user
    except Exception:  # outside a script run
        return {}


def signed_in() -> bool:
    return bool(_user().get("is_logged_in"))


def email_claim() -> str | None:
    """The signed-in user's email, or None when the provider gave none or marked it
    unverified (an unverified address could be anyone's)."""
    user = _user()
    email = user.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    if user.get("email_verified") is False:
        return None
    return email.strip()


def current_actor() -> Actor:
    if not auth_configured():
        return LOCAL_ACTOR
    if not signed_in():
        return ANONYMOUS
    email = email_claim()
    return Actor(email=email) if email else ANONYMOUS


def may_see(team: Team, actor: Actor | None = None) -> bool:
    """Members (and the trusted local user) see a team; nobody else learns it exists."""
    actor = actor or current_actor()
    return actor.trusted or member_of(actor, team) is not None


def may_change(team: Team, actor: Actor | None = None) -> bool:
    return is_lead(actor or current_actor(), team)


def own_member_id(team: Team, actor: Actor | None = None) -> str | None:
    return member_of(actor or current_actor(), team)
