"""Cover requests on the On call page: a member asks the leads to put a candidate on their own
shift; the leads see every open request and approve (which enters the override and publishes
the next version) or decline it. The service side is service/actions/cover.py."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from scheduler import RotaError, Schedule
from service.actions.cover import CoverRequest, decide_cover, list_cover_requests, request_cover
from service.store import open_store
from ui.pages.team.notify import notify_after_publish
from ui.shell.identity import current_actor


def ask_form(name: str, schedule: Schedule, uid: str, role: str, person: str,
             candidates: list[str], interval: tuple[datetime, datetime]) -> None:
    """For a member's own shift: pick a candidate, add a note, send it to the leads."""
    if not candidates:
        return
    with st.form(f"ask_cover_{uid}"):
        candidate = st.selectbox("Ask the leads to put", candidates, key=f"ask_who_{uid}")
        note = st.text_input("Note for the leads", key=f"ask_note_{uid}")
        sent = st.form_submit_button("Ask the leads for cover")
    if sent:
        ask(name, role, person, candidate, interval, note)


def ask(name: str, role: str, person: str, candidate: str,
        interval: tuple[datetime, datetime], note: str) -> None:
    try:
        made = request_cover(open_store(), current_actor(), name, role, person, candidate,
                             *interval, note)
    except RotaError as exc:
        st.error(str(exc))
        return
    st.session_state["oncall_message"] = f"Cover request {made.summary} sent to the leads."
    st.rerun()


def panel(name: str, schedule: Schedule, lead: bool, own: str | None) -> None:
    """Open requests: a lead decides each; a member sees their own and what became of them."""
    store = open_store()
    everything = list_cover_requests(store, name, status=None)
    shown = [r for r in everything if r.status == "open"] if lead else \
        [r for r in everything if r.person == own]
    if not shown:
        return
    st.subheader("Cover requests")
    zone = schedule.team.timezone
    for request in shown:
        line = st.columns([4, 1, 1] if lead and request.status == "open" else [6])
        line[0].write(_label(request, zone))
        if lead and request.status == "open":
            if line[1].button("Approve", key=f"cover_yes_{request.id}", type="primary"):
                _decide(name, request, True)
            if line[2].button("Decline", key=f"cover_no_{request.id}"):
                _decide(name, request, False)


def _label(request: CoverRequest, zone: ZoneInfo) -> str:
    start, end = request.start.astimezone(zone), request.end.astimezone(zone)
    text = (f"#{request.id} · {request.person} asks for **{request.candidate}** on "
            f"{request.role} {start:%a %d %b %H:%M}–{end:%H:%M %Z} · {request.status}")
    if request.result_version:
        text += f" (version {request.result_version})"
    return text + (f" · “{request.note}”" if request.note else "")


def _decide(name: str, request: CoverRequest, approve: bool) -> None:
    try:
        decided = decide_cover(open_store(), current_actor(), name, request.id, approve)
    except RotaError as exc:
        st.error(str(exc))
        return
    st.session_state["oncall_message"] = (
        f"Cover request #{decided.id} {decided.status}"
        + (f": published as version {decided.result_version}. " + notify_after_publish(name)
           if decided.result_version else "."))
    st.rerun()
