"""Load page: import paging exports (any format `rota analyze` reads) or the stored demo
history, then see windows over the limit, the per-shift histogram, the hour-of-week heat map,
the weekly trend and time to acknowledge per urgency. Rejected rows are shown and downloadable."""

from __future__ import annotations

import io

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from analysis import AnalysisResult
from scheduler import WEEKDAYS, RotaError, Team
from service.actions.demo import DEMO_DIR
from service.actions.paging_import import import_export
from service.store import database_url, open_store
from ui.pages.load.forecast import render_forecast
from ui.shell.analysis import imports_marker, stored_analysis
from ui.shell.identity import current_actor, may_change
from ui.shell.state import page_header
from ui.shell.times import wall_columns

DEMO_PAGES = DEMO_DIR / "pages.csv"


def distribution_figure(result: AnalysisResult, limit: int) -> go.Figure:
    dist = result.distribution
    fig = px.bar(dist, x="incidents", y="windows",
                 labels={"incidents": "incidents in the window", "windows": "windows"})
    fig.add_vline(x=limit + 0.5, line_dash="dash", line_color="red",
                  annotation_text=f"limit {limit} per shift")
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def heatmap_figure(result: AnalysisResult) -> go.Figure:
    table = result.hour_of_week.pivot(index="weekday", columns="hour", values="per_week")
    table = table.reindex(list(WEEKDAYS))
    fig = px.imshow(table, aspect="auto", color_continuous_scale="OrRd",
                    labels={"x": "hour (team zone)", "y": "", "color": "per week"})
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def weekly_figure(result: AnalysisResult) -> go.Figure:
    weekly = result.weekly.drop(columns=["incidents"]).melt(id_vars=["week"], value_vars=["business_hours", "off_hours",
                                                             "sleep_hours"],
                                var_name="period", value_name="incidents")
    fig = px.bar(weekly, x="week", y="incidents", color="period")
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def _import_section(team: Team) -> None:
    store = open_store()
    st.subheader("Import paging history")
    upload = st.file_uploader(
        "PagerDuty incident report CSV, Opsgenie alert export CSV, generic CSV "
        "(id,created_at,responder[,severity]), PagerDuty or Grafana OnCall JSON",
        type=["csv", "json", "txt"], key=f"pages_upload_{team.name}")
    cols = st.columns(2)
    chosen: tuple[bytes, str] | None = None
    if upload is not None and cols[0].button("Import file", type="primary",
                                             key=f"import_{team.name}"):
        chosen = upload.getvalue(), upload.name
    if DEMO_PAGES.exists() and cols[1].button("Use the stored demo history",
                                              key=f"demo_{team.name}"):
        chosen = DEMO_PAGES.read_bytes(), DEMO_PAGES.name
    if chosen is None:
        return
    data, filename = chosen
    bar = st.progress(0.1, text=f"Reading {filename}…")
    try:
        counts = import_export(store, team, data, filename, current_actor())
    except RotaError as exc:
        bar.empty()
        st.error(str(exc))
        return
    bar.progress(1.0, text="Imported.")
    st.success(f"{filename} ({counts['format']}): {counts['rows']} rows, {counts['added']} new "
               f"incident(s), {counts['already_stored']} already stored, "
               f"{counts['duplicates']} duplicate(s) in the file, "
               f"{len(counts['rejected'])} rejected row(s).")
    if len(counts["rejected"]):
        st.dataframe(counts["rejected"], hide_index=True, height=160)


def _results(name: str, team_yaml: str, team: Team) -> AnalysisResult | None:
    store = open_store()
    if not store.incident_count(name):
        st.info("No paging history stored for this team yet: import an export above.")
        return None
    publication = store.publication(name)
    options = ["responder in the file"]
    if publication is not None:
        options.insert(0, f"published schedule (v{publication.version})")
    how = st.radio("Attribute incidents to", options, horizontal=True, key=f"attr_{name}")
    schedule_csv = publication.schedule_csv if publication and how.startswith("published") \
        else None
    schedule_yaml = publication.team_yaml if publication and schedule_csv else team_yaml
    try:
        result, rejected = stored_analysis(database_url(), name, schedule_yaml, schedule_csv,
                                           imports_marker(store, name))
    except RotaError as exc:
        st.error(str(exc))
        return None
    summary = result.summary
    limit = team.rules.max_incidents_per_shift
    cols = st.columns(5)
    cols[0].metric("Incidents", summary["incidents"])
    cols[1].metric("Windows", summary["windows"])
    cols[2].metric("Windows over limit", summary["windows_over_limit"])
    cols[3].metric("Sleep-hour incidents", summary["incidents_by_period"]["sleep_hours"])
    cols[4].metric("Rejected rows", summary["rejected"])

    st.subheader(f"Windows over the limit (limit: {limit} incidents per window)")
    over = wall_columns(result.shifts[result.shifts["over_limit"]], team.timezone,
                        ("window_start", "window_end"))
    st.dataframe(over.drop(columns=["window"], errors="ignore"), hide_index=True,
                 width="stretch", height=240)

    left, right = st.columns(2)
    with left:
        st.subheader("Incidents per shift window")
        st.plotly_chart(distribution_figure(result, limit), key="distribution")
    with right:
        st.subheader("Hour of week")
        st.plotly_chart(heatmap_figure(result), key="heatmap")
    left, right = st.columns(2)
    with left:
        st.subheader("Weekly trend")
        st.plotly_chart(weekly_figure(result), key="weekly")
    with right:
        st.subheader("Time to acknowledge")
        st.dataframe(result.acks, hide_index=True, width="stretch")
        acked = result.incidents.dropna(subset=["ack_seconds"])
        if len(acked):
            fig = px.box(acked.assign(ack_minutes=acked["ack_seconds"] / 60), x="urgency",
                         y="ack_minutes", points=False)
            fig.update_layout(height=240, margin={"l": 10, "r": 10, "t": 10, "b": 10})
            st.plotly_chart(fig, key="acks")
    render_forecast(database_url(), name, team_yaml, imports_marker(store, name))
    _rejected(name, rejected)
    return result


def _rejected(name: str, rejected: pd.DataFrame) -> None:
    store = open_store()
    st.subheader("Rejected rows")
    imports = store.imports(name)
    st.dataframe(imports, hide_index=True, width="stretch")
    parse_rejects = []
    for row in imports.to_dict("records"):
        frame = pd.read_csv(io.StringIO(store.rejected_csv(int(row["import"]))))
        parse_rejects.append(frame.assign(file=row["file"], import_id=row["import"]))
    unreadable = pd.concat(parse_rejects, ignore_index=True) if parse_rejects else pd.DataFrame()
    unattributed = rejected
    st.caption("Unreadable rows, per import (line = physical line in that file):")
    st.dataframe(unreadable, hide_index=True, width="stretch", height=160)
    st.download_button("Download unreadable rows (CSV)", unreadable.to_csv(index=False),
                       f"{name}-rejected.csv", "text/csv", key="rejected_download")
    if len(unattributed):
        st.caption("Incidents with nobody to count for (e.g. no primary on call):")
        st.dataframe(unattributed, hide_index=True, width="stretch", height=160)
        st.download_button("Download unattributed incidents (CSV)",
                           unattributed.to_csv(index=False), f"{name}-unattributed.csv",
                           "text/csv", key="unattributed_download")


def render() -> None:
    header = page_header("Load", "load")
    if header is None:
        return
    name, team_yaml, team = header
    if may_change(team):
        _import_section(team)
    _results(name, team_yaml, team)
