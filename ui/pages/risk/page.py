"""Burnout risk page: one row per person with risk, reasons and the load behind them, a chart of
who carries the night load, and a breakdown per person (linked from the table by ?person=)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from analysis import AnalysisResult
from scheduler import RotaError, Team
from service.store import database_url, open_store
from ui.shell.analysis import imports_marker, stored_analysis
from ui.shell.state import page_header
from ui.shell.times import wall_columns

RISK_ORDER = {"high": 0, "medium": 1, "low": 2}
TABLE_COLUMNS = ["person", "rank", "breakdown", "risk", "reasons", "sleep_hours", "off_hours",
                 "business_hours", "windows_over_limit", "oncall_share", "incidents"]
# Within the team, most at risk first: the points score, then sleep-hour incidents, then all.
RANK_BY = ["risk_score", "sleep_hours", "incidents"]


def risk_table(result: AnalysisResult) -> pd.DataFrame:
    """One row per person, ranked within the team. The low/medium/high level says how bad the
    load is against fixed thresholds; on a noisy team most people may be "high", and the rank
    still tells them apart."""
    people = result.people.copy()
    people["breakdown"] = "?person=" + people["person"].astype(str)
    keys = [c for c in RANK_BY if c in people]
    people = people.sort_values(keys, ascending=False, kind="stable") if keys else \
        people.sort_values("risk", key=lambda s: s.map(RISK_ORDER), kind="stable")
    people["rank"] = [f"{i} of {len(people)}" for i in range(1, len(people) + 1)]
    return people[[c for c in TABLE_COLUMNS if c in people]].reset_index(drop=True)


def reasons_in_full(table: pd.DataFrame) -> str:
    """The reasons as a Markdown list, one person a line: a table cell cuts them off."""
    return "\n".join(f"- **{row.person}** ({row.rank}, {row.risk}): {row.reasons}"
                     for row in table.itertuples())


def night_figure(result: AnalysisResult) -> go.Figure:
    people = result.people[["person", "sleep_hours", "off_hours", "business_hours"]].melt(
        id_vars=["person"], var_name="period", value_name="incidents")
    fig = px.bar(people, x="person", y="incidents", color="period",
                 color_discrete_map={"sleep_hours": "#3b0f70", "off_hours": "#de4968",
                                     "business_hours": "#fcdf9f"},
                 category_orders={"period": ["sleep_hours", "off_hours", "business_hours"]})
    fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def _breakdown(result: AnalysisResult, person: str, team: Team) -> None:
    st.subheader(f"Breakdown: {person}")
    row = result.people[result.people["person"] == person]
    if row.empty:
        st.warning(f"{person!r} has no row in this analysis.")
        return
    st.write(row["reasons"].iloc[0])
    mine = result.incidents[result.incidents["person"] == person]
    local = mine["created"].dt.tz_convert(team.timezone)
    cols = st.columns(2)
    with cols[0]:
        weekly = mine.assign(week=local.dt.tz_localize(None).dt.to_period("W").dt.start_time)
        counts = weekly.groupby("week").size().rename("incidents").reset_index()
        st.plotly_chart(px.bar(counts, x="week", y="incidents", title="incidents per week"),
                        key="person_weekly")
    with cols[1]:
        hours = local.dt.hour.value_counts().reindex(range(24), fill_value=0)
        st.plotly_chart(px.bar(x=hours.index, y=hours.to_numpy(), title="by hour (team zone)",
                               labels={"x": "hour", "y": "incidents"}), key="person_hours")
    over = result.shifts[(result.shifts["person"] == person) & result.shifts["over_limit"]]
    st.caption(f"{len(over)} window(s) over the limit")
    over = wall_columns(over, team.timezone, ("window_start", "window_end"))
    st.dataframe(over.drop(columns=["window"], errors="ignore"), hide_index=True,
                 width="stretch", height=200)


def render() -> None:
    header = page_header("Burnout risk", "risk")
    if header is None:
        return
    name, team_yaml, team = header
    store = open_store()
    if not store.incident_count(name):
        st.info("No paging history stored for this team yet: import one on the Load page.")
        return
    publication = store.publication(name)
    try:
        result, _ = stored_analysis(database_url(), name,
                                    publication.team_yaml if publication else team_yaml,
                                    publication.schedule_csv if publication else None,
                                    imports_marker(store, name))
    except RotaError as exc:
        st.error(str(exc))
        return
    st.caption("Incidents attributed to the primary on call in the newest published schedule"
               if publication else "Incidents attributed to their responder.")
    table = risk_table(result)
    st.dataframe(table, hide_index=True, width="stretch", key="risk_table", column_config={
        "breakdown": st.column_config.LinkColumn("breakdown", display_text="open"),
        "oncall_share": st.column_config.NumberColumn("on-call share", format="percent"),
        "reasons": st.column_config.TextColumn(width="large"),
    })
    with st.expander("Reasons in full", expanded=True):
        st.markdown(reasons_in_full(table))
    st.subheader("Who carries the night load")
    st.plotly_chart(night_figure(result), key="night")
    people = list(table["person"])
    wanted = st.query_params.get("person")
    index = people.index(wanted) if wanted in people else 0
    person = st.selectbox("Person", people, index=index, key="risk_person")
    if person != wanted:
        st.query_params["person"] = person
    _breakdown(result, person, team)
