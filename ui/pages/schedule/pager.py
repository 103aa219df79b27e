"""The Schedule page's paging-tool section: the last push to each `pager:` target, and a lead's
button to push the newest version again (contract section 11). Every publish pushes on its own;
the button is for after a failure (a missing alias, a revoked key) has been fixed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scheduler import RotaError, Team
from service.actions.push import push_again
from service.store import open_store
from service.store.pushes import last_runs
from ui.shell.identity import current_actor


def pager_section(team: Team, lead: bool) -> None:
    if not team.pager:
        return
    st.subheader("Paging tools")
    try:
        runs = {(r.tool, r.target): r for r in last_runs(open_store(), team.name)}
    except RotaError as exc:
        st.error(str(exc))
        return
    rows = []
    for t in team.pager:
        run = runs.get((t.tool, t.target))
        rows.append({"tool": t.tool, "schedule": t.target, "role": t.role,
                     "last push": run.at.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M %Z")
                     if run else "never",
                     "created": run.created if run else 0, "deleted": run.deleted if run else 0,
                     "failure": (run.failure or "") if run else ""})
    st.table(pd.DataFrame(rows).set_index("tool"))
    if lead and st.button("Push again", key=f"push_again_{team.name}"):
        try:
            with st.spinner("Pushing…"):
                results = push_again(open_store(), current_actor(), team.name)
        except RotaError as exc:
            st.error(str(exc))
        else:
            failed = [r for r in results if r.outcome is None]
            st.session_state["push_message"] = (
                f"Pushed to {len(results) - len(failed)} of {len(results)} target(s).")
            st.rerun()
    if message := st.session_state.pop("push_message", None):
        st.success(message)
