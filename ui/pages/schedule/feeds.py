"""The Schedule page's calendar feeds: a lead sees every feed URL of the team and may rotate or
revoke each; a member sees only their own URL (contract section 9: never another person's)."""

from __future__ import annotations

import streamlit as st

from scheduler import RotaError, Team
from service.actions import changes
from service.store import open_store
from service.web.feeds import feed_url
from ui.shell.identity import current_actor, may_change, own_member_id
from ui.shell.state import base_url

MESSAGE_KEY = "feeds_message"


def _change(kind: str, team_name: str, person: str | None) -> None:
    """Rotate or revoke one feed (a button callback); the outcome shows on the next run."""
    whose = person or "the team feed"
    try:
        if kind == "rotate":
            changes.rotate_feed(open_store(), current_actor(), team_name, person)
            done = f"New URL for {whose}; the old one stopped working."
        else:
            changes.revoke_feed(open_store(), current_actor(), team_name, person)
            done = f"Revoked {whose}: its URL answers 404 until rotated."
    except RotaError as exc:
        st.session_state[MESSAGE_KEY] = ("error", str(exc))
    else:
        st.session_state[MESSAGE_KEY] = ("success", done)


def feeds_section(team: Team) -> None:
    """Feed URLs for whoever may see them; nothing else is rendered for other people."""
    lead = may_change(team)
    own = own_member_id(team)
    if not lead and own is None:
        return
    try:
        tokens = open_store().feed_tokens(team.name)
    except RotaError as exc:
        st.error(str(exc))
        return
    st.subheader("Calendar feeds" if lead else "Your calendar feed")
    if message := st.session_state.pop(MESSAGE_KEY, None):
        getattr(st, message[0])(message[1])
    st.caption("Each person subscribes to their own secret URL (copy button at the right). "
               "Feeds follow the newest published version. Treat the URL as a password.")
    base = base_url()
    for person, token in tokens:
        if not lead and person != own:
            continue  # a member's page never carries another person's token
        cols = st.columns([1, 4, 1, 1] if lead else [1, 5])
        cols[0].markdown(f"**{person or 'whole team'}**")
        if token is None:
            cols[1].caption("revoked" + (": Rotate issues a new URL" if lead else
                                         ": ask a team lead for a new URL"))
        else:
            cols[1].code(feed_url(base, token), language=None)
        if lead:
            key = person or "_team"
            cols[2].button("Rotate", key=f"rotate_{team.name}_{key}", on_click=_change,
                           args=("rotate", team.name, person), help="issue a new URL; the old one stops")
            cols[3].button("Revoke", key=f"revoke_{team.name}_{key}", on_click=_change,
                           args=("revoke", team.name, person), disabled=token is None,
                           help="the URL answers 404 until rotated")
