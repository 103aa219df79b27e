"""Team page, lower half: add time off, then re-plan the published schedule with as few
changed rows as the rules allow, see who gains and who loses per week, and publish only that.

Re-plan works on the stored team file (the draft) and the newest published version; nothing
is stored until Publish. Both act as the signed-in user (ui.identity.current_actor), and only
a lead of the stored team may re-plan or publish (contract section 9).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

import pandas as pd
import streamlit as st
import yaml

from scheduler.diff import gained_and_lost
from scheduler.errors import RotaError
from service import changes
from service.replan_service import Replanned, publish_replan, replan_published, weekly_changes
from service.store import open_store

from .identity import current_actor

REPLAN_KEY = "replanned"
REPLAN_SECONDS = 10.0


def with_time_off(team_yaml: str, member: str, start: date, end: date) -> str:
    """The team file with one more time-off period for `member`; everything else as written."""
    spec = yaml.safe_load(team_yaml)
    for entry in spec.get("members") or []:
        if str(entry.get("id")) == member:
            entry.setdefault("time_off", []).append({"start": start, "end": end})
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


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
            "sent to the feeds.")
        st.rerun()


def _filled(replanned: Replanned) -> bool:
    return any(c.change == "gained" for c in replanned.changes)
