"""Team page, lower half: add time off, then re-plan the published schedule with as few
changed rows as the rules allow, see which rows change hands (who gains and who loses which
shift) and the totals per person and week, and publish only that.

Re-plan works on the stored team file (the draft) and the newest published version; nothing
is stored until Publish. Both act as the signed-in user (ui.shell.identity.current_actor), and only
a lead of the stored team may re-plan or publish (contract section 9).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

import pandas as pd
import streamlit as st
import yaml

from scheduler import RotaError, gained_and_lost, time_off_rows
from service.actions import changes
from service.actions.replan import Replanned, publish_replan, replan_published, weekly_changes
from service.store import open_store
from ui.pages.team.notify import notify_after_publish
from ui.shell.identity import current_actor
from ui.shell.times import wall

REPLAN_KEY = "replanned"
REPLAN_SECONDS = 10.0


def with_time_off(team_yaml: str, member: str, start: date, end: date) -> str:
    """The team file with one more time-off period for `member`; everything else as written."""
    spec = yaml.safe_load(team_yaml)
    for entry in spec.get("members") or []:
        if str(entry.get("id")) == member:
            entry.setdefault("time_off", []).append({"start": start, "end": end})
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def without_time_off(team_yaml: str, member: str, start: date, end: date) -> str:
    """The team file with one time-off period of `member` removed."""
    spec = yaml.safe_load(team_yaml)
    for entry in spec.get("members") or []:
        if str(entry.get("id")) == member:
            entry["time_off"] = [off for off in entry.get("time_off") or []
                                 if (_day(off.get("start")), _day(off.get("end")))
                                 != (start, end)]
            if not entry["time_off"]:
                del entry["time_off"]
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else (
        date.fromisoformat(str(value)) if value else None)


def _periods(team_yaml: str) -> list[tuple[str, date, date]]:
    return [(row["member"], row["start"], row["end"])
            for row in time_off_rows(yaml.safe_load(team_yaml))
            if isinstance(row["start"], date) and isinstance(row["end"], date)]


def _time_off_table(name: str, team_yaml: str, zone: tzinfo) -> None:
    """The one place time off is seen and removed (and, just above, added)."""
    periods = _periods(team_yaml)
    today = datetime.now(zone).date()
    upcoming = [p for p in periods if p[2] >= today]
    st.caption(f"Time off: {len(periods)} period(s), {len(upcoming)} still to come")
    if not periods:
        return
    st.dataframe(pd.DataFrame([{"member": m, "from": a, "to (inclusive)": b,
                                "": "to come" if b >= today else "past"}
                               for m, a, b in periods]),
                 hide_index=True, width="stretch", height=min(300, 38 + 35 * len(periods)))
    with st.form(f"time_off_remove_{name}", border=False):
        cols = st.columns([4, 1])
        gone = cols[0].selectbox("Remove a period", periods, index=None,
                                 key=f"off_remove_{name}", placeholder="pick a period",
                                 format_func=lambda p: f"{p[0]}: {p[1]} to {p[2]}")
        removed = cols[1].form_submit_button("Remove time off")
    if removed and gone is not None:
        try:
            changes.save_team(open_store(), current_actor(),
                              without_time_off(team_yaml, *gone), f"{name}.yaml")
        except RotaError as exc:
            st.error(str(exc))
            return
        st.session_state["team_message"] = (f"Removed time off for {gone[0]}: {gone[1]} to "
                                            f"{gone[2]}.")
        st.rerun()


def _add_time_off(name: str, team_yaml: str, members: list[str]) -> None:
    with st.form(f"time_off_form_{name}", border=True):
        cols = st.columns([2, 2, 2, 1])
        member = cols[0].selectbox("Member", members, key=f"off_member_{name}")
        start = cols[1].date_input("Time off from", key=f"off_start_{name}")
        end = cols[2].date_input("Time off to (inclusive)", key=f"off_end_{name}")
        added = cols[3].form_submit_button("Add time off")
    if not added:
        return
    if end < start:
        st.error("Time off must end on or after its first day.")
        return
    try:
        changes.save_team(open_store(), current_actor(),
                          with_time_off(team_yaml, member, start, end), f"{name}.yaml")
    except RotaError as exc:
        st.error(str(exc))
        return
    st.session_state["team_message"] = f"Added time off for {member}: {start} to {end}."
    st.rerun()


def render_replan(name: str, team_yaml: str, members: list[str], zone: tzinfo) -> None:
    st.subheader("Time off and re-plan")
    _add_time_off(name, team_yaml, members)
    _time_off_table(name, team_yaml, zone)
    store = open_store()
    latest = store.publication(name)
    if latest is None:
        st.caption("Nothing published yet: solve and publish on the Schedule page first.")
        return
    st.caption(f"Re-plan changes as few rows of published version {latest.version} as the "
               "rules of the saved team file allow; rows before the chosen day stay as they are.")
    with st.form(f"replan_{name}", border=True):
        cols = st.columns([2, 2, 1, 1])
        keep = cols[0].date_input("Keep rows before", datetime.now(zone).date(),
                                  key=f"replan_from_{name}")
        extra = cols[1].number_input("Changes allowed to buy fairness (0 = fewest)", 0, 500, 0,
                                     key=f"replan_max_{name}")
        go = cols[2].form_submit_button("Re-plan", type="primary")
        # Solve from scratch lives on the Schedule page (url path "schedule").
        cols[3].markdown("[Solve from scratch](schedule)")
    if go:
        replan_from = datetime(keep.year, keep.month, keep.day, tzinfo=zone)
        try:
            with st.spinner("Re-planning…"):
                st.session_state[REPLAN_KEY] = replan_published(
                    store, current_actor(), team_yaml, replan_from=replan_from,
                    max_changes=int(extra) or None, time_limit=REPLAN_SECONDS)
        except RotaError as exc:
            st.error(str(exc))
            for reason in getattr(exc, "reasons", [])[:20]:
                st.caption(reason)
            return
    replanned: Replanned | None = st.session_state.get(REPLAN_KEY)
    if replanned is not None and replanned.schedule.team.name == name:
        _show(name, replanned)


def _show(name: str, replanned: Replanned) -> None:
    proof = "proven fewest" if replanned.proven else "fewest found, not proven"
    st.write(f"**{replanned.changed} changed row(s)** against published version "
             f"{replanned.version} ({proof}: {replanned.min_changes}).")
    people = pd.DataFrame([{"person": p, "gained": g, "lost": lost}
                           for p, (g, lost) in gained_and_lost(replanned.changes).items()],
                          columns=["person", "gained", "lost"])
    cols = st.columns(2)
    cols[0].caption("Who gains, who loses")
    cols[0].dataframe(people, hide_index=True, width="stretch")
    cols[1].caption("Per week (Monday)")
    cols[1].dataframe(weekly_changes(replanned.changes, replanned.schedule.team),
                      hide_index=True, width="stretch")
    rows = row_changes(replanned)
    st.caption(f"Rows that change hands ({len(rows)})")
    st.dataframe(rows, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(rows)))
    if st.button("Publish re-plan", type="primary", key=f"publish_replan_{name}",
                 disabled=replanned.changed == 0 and not _filled(replanned)):
        try:
            publication = publish_replan(open_store(), current_actor(), replanned)
        except RotaError as exc:
            st.error(str(exc))
            return
        del st.session_state[REPLAN_KEY]
        st.session_state["team_message"] = (
            f"Published version {publication.version}: {replanned.changed} changed row(s) "
            "sent to the feeds. " + notify_after_publish(name))
        st.rerun()


def row_changes(replanned: Replanned) -> pd.DataFrame:
    """One line per row that changes hands: the shift (team zone, with the zone's name), its
    role, who loses it and who gains it ("" where the row was or becomes uncovered)."""
    zone = replanned.schedule.team.timezone
    rows: dict[tuple, dict[str, str]] = {}
    for c in sorted(replanned.changes, key=lambda c: (c.start, c.role)):
        line = rows.setdefault((c.start, c.end, c.role), {
            "shift": f"{wall(c.start, zone)} – {wall(c.end, zone)}", "role": c.role,
            "loses": "", "gains": ""})
        line["loses" if c.change == "lost" else "gains"] = c.person
    return pd.DataFrame(list(rows.values()), columns=["shift", "role", "loses", "gains"])


def _filled(replanned: Replanned) -> bool:
    return any(c.change == "gained" for c in replanned.changes)
