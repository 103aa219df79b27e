"""Schedule page: the ledger across published plans (cumulative weighted load per person over
time), and the history a new solve counts by default."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from scheduler import RotaError, Team
from service.actions.replan import ledger, published_history
from service.store import open_store


def history_preload(team: Team) -> tuple[dict[str, list[int]] | None, str]:
    """The published record before the plan starts, as the solver's preload, and a caption."""
    history = published_history(open_store(), team)
    if history is None or not history.loads:
        return None, "No published rows before the plan start: solving without history."
    rows = sum(h["shifts"] for h in history.loads.values())
    return (history.preload([m.id for m in team.members]),
            f"Counting {rows:g} published row(s) before {team.start} toward fairness.")


def render_ledger(name: str) -> None:
    try:
        frame = ledger(open_store(), name)
    except RotaError as exc:
        st.error(str(exc))
        return
    if frame.empty:
        return
    with st.expander("Ledger across published plans", expanded=False):
        st.caption("Shifts held per person, divided by their weight, added up over every "
                   "published version (each row as its newest version has it).")
        fig = px.line(frame, x="date", y="cumulative", color="person", line_shape="hv")
        fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                          yaxis_title="cumulative weighted shifts")
        st.plotly_chart(fig, key="ledger")
