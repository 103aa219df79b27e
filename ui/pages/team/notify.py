"""Notifications in the app (contract section 12): the change messages sent right after a
publish, the team's delivery log, and each member's own reminder choice.

`notify_after_publish` is the one call every publish path makes (publish, re-plan, override,
cover approval). A delivery that fails never undoes the publish: it is shown, logged, and sent
by the next `rota notify` run.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from scheduler import RotaError, Team
from service.notify.after_publish import send_change_notices
from service.notify.messages import CHANNEL
from service.notify.preferences import choose_reminders, reminder_choice
from service.notify.run import pending_messages
from service.store import ReminderChoice, open_store
from service.store.base import now
from ui.shell.identity import current_actor, own_member_id

APP_URL_ENV = "ROTA_APP_URL"


def app_url() -> str | None:
    """Where the app is reached, for links in messages: ROTA_APP_URL, else this browser's."""
    if configured := os.environ.get(APP_URL_ENV):
        return configured
    url = urlsplit(str(getattr(st.context, "url", None) or ""))
    return f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else None


def notify_after_publish(team_name: str) -> str:
    """Send the change messages of the version just published; a sentence for the page."""
    try:
        result = send_change_notices(open_store(), team_name, app_url())
    except RotaError as exc:
        return f"Change messages not sent: {exc}"
    if not result.sent and not result.failures:
        return ""
    text = f"Change messages: {len(result.sent)} sent"
    if result.failures:
        text += (f", {len(result.failures)} failed ({result.failures[0][1]}); "
                 "`rota notify` retries them")
    return text + "."


def notify_section(team: Team) -> None:
    """The delivery log and the reminder choice, for a team whose published file has `notify`."""
    store = open_store()
    published = store.publication(team.name)
    if published is None or published.team.notify is None:
        return
    st.subheader("Notifications")
    _reminder_form(published.team)
    log = store.delivery_log(team.name)
    rows = [{"at": r.at, "state": "pending" if r.state == "sending" else r.state,
             "kind": r.key.kind, "to": r.key.recipient, "subject": r.about, "error": r.error}
            for r in log]
    try:  # due now and not yet sent: what the next `rota notify` run sends
        waiting = pending_messages(store, team.name, now())
    except RotaError:
        waiting = []
    rows += [{"at": now(), "state": "pending", "kind": m.key.kind, "to": m.key.recipient,
              "subject": m.subject, "error": ""} for m in waiting]
    counts = {state: sum(1 for r in rows if r["state"] == state)
              for state in ("sent", "failed", "pending")}
    st.caption(f"Delivery log: {counts['sent']} sent, {counts['failed']} failed, "
               f"{counts['pending']} pending (newest 50)")
    if rows:
        frame = pd.DataFrame(rows)
        frame["at"] = [t.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M %Z")
                       for t in frame["at"]]
        frame["to"] = frame["to"].replace({CHANNEL: "channel"})
        st.dataframe(frame, hide_index=True, width="stretch", height=220)


def _reminder_form(team: Team) -> None:
    """A signed-in member chooses for themselves; the unconfigured local app for anyone."""
    actor = current_actor()
    own = own_member_id(team, actor)
    people = [own] if own else ([m.id for m in team.members] if actor.trusted else [])
    if not people:
        return
    person = st.selectbox("Reminders for", people, disabled=len(people) == 1,
                          key=f"reminders_person_{team.name}")
    current = reminder_choice(open_store(), team, person)
    with st.form(f"reminders_{team.name}_{person}"):
        on = st.toggle("Remind me before my shifts", value=current.reminders)
        hours = st.number_input("Hours before", min_value=1.0, max_value=336.0, step=1.0,
                                value=float(current.remind_hours))
        if st.form_submit_button("Save reminders"):
            try:
                choose_reminders(open_store(), actor, team.name, person,
                                 ReminderChoice(on, float(hours)))
            except RotaError as exc:
                st.error(str(exc))
            else:
                st.success(f"Reminders for {person}: "
                           + (f"{hours:g} h before each shift." if on else "off."))
