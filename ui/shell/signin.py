"""What app.py shows before any page (contract section 9).

- No login configured: a warning on every page that anyone who can reach the app can change
  everything; then the page.
- Login configured, not signed in: only the login button. No team names, no feed URLs.
- Signed in but on no team (or without a usable email): only that fact, and Log out.
- Signed in on a team: who you are in the sidebar, then the page (pages show what the user's
  role allows).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ui.shell.identity import auth_configured, email_claim, signed_in
from ui.shell.state import ensure_seeded, visible_team_names

LOCAL_WARNING = (
    "No login is configured (no `[auth]` section in `.streamlit/secrets.toml`): anyone who can "
    "reach this app can change everything. It listens on localhost unless `server.address` "
    "says otherwise; the README shows how to add a login.")


def _providers() -> list[str | None]:
    """None for the default provider ([auth] itself has client_id), then named ones
    ([auth.google], [auth.okta], ...), in the order written."""
    section = st.secrets["auth"]
    named: list[str | None] = [k for k, v in section.items() if isinstance(v, Mapping)]
    return ([None] if "client_id" in section else []) + named


def _login_screen() -> None:
    st.title("Rota")
    st.write("Sign in to see your team's on-call schedule.")
    for provider in _providers():
        label = "Log in" if provider is None else f"Log in with {provider}"
        if st.button(label, type="primary", key=f"login_{provider or 'default'}"):
            st.login() if provider is None else st.login(provider)


def _no_team(message: str) -> None:
    st.title("Rota")
    st.info(message)


def gate() -> None:
    """Show what this visitor may see before the page; st.stop() when that is all."""
    if not auth_configured():
        st.warning(LOCAL_WARNING, icon=":material/lock_open:")
        return
    if not signed_in():
        _login_screen()
        st.stop()
    email = email_claim()
    st.sidebar.caption(f"Signed in as **{email or 'an account without a verified email'}**")
    if st.sidebar.button("Log out", key="logout"):
        st.logout()
    if email is None:
        _no_team("Your sign-in carries no verified email address, and Rota knows people by "
                 "the `email` in their team file. Ask your identity provider's admin.")
        st.stop()
    if not visible_team_names(ensure_seeded()):
        _no_team(f"Signed in as {email}, but you are on no team: no team file lists this "
                 "email. Ask a team lead to add it to your entry under `members`.")
        st.stop()
