"""On-call page: the published schedule as a month or week calendar (FullCalendar through
streamlit-calendar); clicking a shift shows who could cover it and an override form (for a
member's own shift, a cover request to the leads); open cover requests, which leads approve
or decline; an absence (person and days) lists each of their shifts with its candidates, one
click to hand it over (or, for a member, to ask); below, the on-call hours report with CSV
and XLSX downloads.

The calendar shows the newest *published* version, the one the feeds serve: an override
applies to it and publishes the next version.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
import streamlit_calendar

from analysis import attributed, hours_report
from scheduler import (
    DAY,
    Assignment,
    RotaError,
    Schedule,
    cover,
    cover_row,
    event_contents,
    event_uid,
    local_midnight,
    resolve_local,
)
from service.actions.overrides import enter_override
from service.store import open_store
from ui.pages.oncall import cover as cover_requests_view
from ui.pages.team.notify import notify_after_publish
from ui.shell.identity import current_actor, may_change, own_member_id
from ui.shell.state import page_header, published_schedule

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")
PICK_KEY = "oncall_pick"
FULLCALENDAR_BUILD = Path(streamlit_calendar.__file__).parent / "frontend" / "build"
LICENSE = "CC-Attribution-NonCommercial-NoDerivatives"  # streamlit-calendar's default


def _fullcalendar(events: list[dict], options: dict, key: str) -> object:
    """streamlit-calendar's FullCalendar front end. Streamlit registers a component only when
    it is declared during a script run, and app.py imports this page when the server starts
    (before any run), so the package's own module-level declaration never registers: declare
    it here, on every run, from the package's build directory."""
    component = components.declare_component("fullcalendar", path=str(FULLCALENDAR_BUILD))
    return component(events=events, options=options, custom_css="", callbacks=["eventClick"],
                     license_key=LICENSE, key=key, default={})


def _wall(instant: datetime, schedule: Schedule) -> str:
    # FullCalendar without a time-zone plugin: naive wall times shown as given (timeZone UTC),
    # so the grid shows the team zone's clock whatever the browser's zone.
    return instant.astimezone(schedule.team.timezone).replace(tzinfo=None).isoformat()


def calendar_events(schedule: Schedule) -> list[dict]:
    people = [m.id for m in schedule.team.members]
    events = []
    for slot in event_contents(schedule):
        a = slot.assignment
        who = a.person or "uncovered"
        colour = PALETTE[people.index(a.person) % len(PALETTE)] if a.person in people \
            else "#999999"
        title = f"{a.role}: {who}" + (f" (for {a.covers_for})" if a.covers_for else "")
        events.append({"id": slot.uid, "title": title, "start": _wall(a.start, schedule),
                       "end": _wall(a.end, schedule), "backgroundColor": colour,
                       "borderColor": colour})
    return events


def _row_label(schedule: Schedule, a: Assignment) -> str:
    zone = schedule.team.timezone
    return (f"{a.start.astimezone(zone):%a %d %b %H:%M} – {a.end.astimezone(zone):%a %d %b %H:%M}"
            f" · {a.role} · {a.person or 'uncovered'}")


def _calendar(schedule: Schedule, name: str, version: int) -> str | None:
    """The calendar; returns the UID of a clicked event, if any."""
    team = schedule.team
    initial = max(min(datetime.now(team.timezone).date(), team.end), team.start)
    options = {"initialView": "dayGridMonth", "initialDate": initial.isoformat(),
               "timeZone": "UTC", "firstDay": 1, "height": "auto", "displayEventEnd": True,
               "eventTimeFormat": {"hour": "2-digit", "minute": "2-digit", "hour12": False},
               "headerToolbar": {"left": "prev,next today", "center": "title",
                                 "right": "dayGridMonth,timeGridWeek,listWeek"}}
    state = _fullcalendar(calendar_events(schedule), options, f"calendar_{name}_{version}")
    if isinstance(state, dict) and state.get("callback") == "eventClick":
        return state.get("eventClick", {}).get("event", {}).get("id")
    return None


def _pick(schedule: Schedule, clicked: str | None) -> tuple[str, Assignment] | None:
    rows = {s.uid: s.assignment for s in event_contents(schedule)}
    # The component repeats its last click on every rerun: act on a new click only.
    if clicked in rows and clicked != st.session_state.get("oncall_last_click"):
        st.session_state["oncall_last_click"] = clicked
        st.session_state[PICK_KEY] = clicked
    # From the shift on call now: a quarter's past shifts ahead of it buried the one wanted.
    now = datetime.now(UTC)
    past = st.toggle("Past shifts too", key="oncall_past",
                     help="List the plan's shifts from its first day")
    picked = st.session_state.get(PICK_KEY)
    uids = [u for u, a in rows.items() if past or a.end > now or u == picked]
    chosen = st.selectbox("Shift", [None, *uids], key=PICK_KEY,
                          format_func=lambda u: "click a shift, or pick one here" if u is None
                          else _row_label(schedule, rows[u]))
    return None if chosen is None else (chosen, rows[chosen])


def _local_inputs(label: str, default: datetime, schedule: Schedule, key: str) -> datetime:
    zone = schedule.team.timezone
    local = default.astimezone(zone)
    cols = st.columns(2)
    day = cols[0].date_input(f"{label} date", local.date(), key=f"{key}_date")
    clock = cols[1].time_input(f"{label} time", local.time().replace(tzinfo=None),
                               key=f"{key}_time", step=900)
    assert isinstance(day, date) and isinstance(clock, time)
    return resolve_local(day, clock, zone)


def _override_form(name: str, schedule: Schedule, uid: str, row: Assignment,
                   lead: bool) -> None:
    """Cover candidates for the picked shift; the override form for leads only (a member
    sees who could take their own shift, and asks them or a lead)."""
    if not lead and row.person != own_member_id(schedule.team):
        st.caption("Cover candidates are shown for your own shifts.")
        return
    candidates = cover_row(schedule, row)
    if candidates:
        st.dataframe(pd.DataFrame([{"rank": c.rank, "candidate": c.candidate,
                                    "weighted shifts after": round(c.weighted_shifts, 2),
                                    "weighted hours after": round(c.weighted_hours, 1)}
                                   for c in candidates]), hide_index=True)
    else:
        st.warning("Nobody can take the whole shift without breaking a hard rule "
                   "(rest and weekly cap included). An override may still cover part of it.")
    if not lead:
        assert row.person is not None  # the member's own shift
        cover_requests_view.ask_form(name, schedule, uid, row.role, row.person,
                                     [c.candidate for c in candidates], (row.start, row.end))
        return
    members = [m.id for m in schedule.team.members if m.id != row.person]
    best = [c.candidate for c in candidates] + [m for m in members
                                                 if m not in {c.candidate for c in candidates}]
    with st.form(f"override_{name}"):
        # Keys name the row: a widget keeps its value across reruns, so shared keys would carry
        # one shift's interval into the next shift picked.
        person = st.selectbox("Person", best, key=f"override_person_{uid}")
        start = _local_inputs("From", row.start, schedule, f"override_start_{uid}")
        end = _local_inputs("To", row.end, schedule, f"override_end_{uid}")
        reason = st.text_input("Reason", key=f"override_reason_{uid}")
        submitted = st.form_submit_button("Create override", type="primary")
    if submitted:
        _enter(name, row.role, person, start, end, reason)


def _enter(name: str, role: str, person: str, start: datetime, end: datetime,
           reason: str) -> None:
    """Enter the override (it publishes the next version) and rerun, or show why not."""
    try:
        entered = enter_override(open_store(), current_actor(), name, role, person, start, end,
                                 reason)
    except RotaError as exc:
        st.error(str(exc))
        return
    message = (f"Override published as version {entered.publication.version}. "
               + notify_after_publish(name)).strip()
    st.session_state["oncall_message"] = " ".join([message, *entered.warnings])
    st.session_state.pop(PICK_KEY, None)
    st.rerun()


def _ranked(ranks: dict[str, int]) -> Callable[[str], str]:
    """A candidate as the absence picker lists them: "1. alice" (rank, then id)."""
    return lambda member: f"{ranks[member]}. {member}"


def _absence(name: str, schedule: Schedule, lead: bool) -> None:
    """Someone will be away: each of their shifts in those days, with who could take it. A
    lead hands a shift over in one click; a member asks for their own shifts only."""
    team = schedule.team
    st.subheader("Cover an absence")
    cols = st.columns(3)
    own = own_member_id(team)
    away = [m.id for m in team.members] if lead else [own] if own else []
    if not away:
        return
    person = cols[0].selectbox("Who is away", away, key="absence_person")
    today = min(max(datetime.now(team.timezone).date(), team.start), team.end)
    first = cols[1].date_input("From", today, key="absence_from")
    last = cols[2].date_input("To (inclusive)", today, key="absence_to")
    assert isinstance(first, date) and isinstance(last, date)
    start, end = local_midnight(first, team.timezone), local_midnight(last + DAY, team.timezone)
    try:
        rows = cover(schedule, person, start, end)
    except RotaError as exc:
        st.error(str(exc))
        return
    if not rows:
        st.caption(f"{person} holds no shift from {first} to {last}.")
    for row, candidates in rows:
        uid = event_uid(team, row)  # keys name the row, so a new pick never inherits a value
        line = st.columns([3, 2, 1])
        line[0].write(_row_label(schedule, row))
        if not candidates:
            line[1].caption("nobody can take it without breaking a hard rule")
            continue
        ranks = {c.candidate: c.rank for c in candidates}
        who = line[1].selectbox("Candidate", list(ranks), key=f"absence_pick_{uid}",
                                format_func=_ranked(ranks),
                                label_visibility="collapsed")
        if lead and line[2].button("Override", key=f"absence_go_{uid}"):
            _enter(name, row.role, who, row.start, row.end, f"absence of {person}")
        elif not lead and line[2].button("Ask", key=f"absence_ask_{uid}",
                                         help="Ask the leads to put this candidate on it"):
            cover_requests_view.ask(name, row.role, person, who, (row.start, row.end),
                                    f"away {first} to {last}")


@st.cache_data(show_spinner=False, max_entries=8)
def _xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="on-call hours", engine="openpyxl")
    return buffer.getvalue()


def _hours(name: str, schedule: Schedule) -> None:
    st.subheader("On-call hours")
    st.caption("Per person and month, in each person's own zone: business (Mon-Fri 08-18), "
               "off-hours (Mon-Fri other hours), weekend, holiday. Overrides count for whoever "
               "covered; incidents are the imported pages while the person held primary.")
    incidents = open_store().incidents(name)
    counted = attributed(incidents, schedule)[0] if len(incidents) else None
    frame = hours_report(schedule, counted)
    st.dataframe(frame, hide_index=True, width="stretch")
    cols = st.columns(2)
    cols[0].download_button("Download CSV", frame.to_csv(index=False), f"{name}-hours.csv",
                            "text/csv", key="hours_csv")
    cols[1].download_button("Download XLSX", _xlsx(frame), f"{name}-hours.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key="hours_xlsx")


def render() -> None:
    header = page_header("On call", "oncall")
    if header is None:
        return
    name, _, team = header  # the team as stored: its leads may enter overrides
    published = published_schedule(name)
    if published is None:
        return
    publication, schedule = published
    if message := st.session_state.pop("oncall_message", None):
        st.success(message)
    st.caption(f"Published version {publication.version}. Click a shift for cover candidates "
               "and to enter an override (it publishes the next version; feeds update only the "
               "events that change).")
    clicked = _calendar(schedule, name, publication.version)
    picked = _pick(schedule, clicked)
    lead = may_change(team)
    if picked is not None:
        _override_form(name, schedule, *picked, lead)
    cover_requests_view.panel(name, schedule, lead, own_member_id(team))
    _absence(name, schedule, lead)
    _hours(name, schedule)
