"""Stored paging history -> analysis.analyze, for the Load and Burnout pages.

Imports are parsed once (analysis.read_pages) and their incidents stored per team (ui.open_store),
so overlapping files never double-count. To analyse the merged history with the one public API,
the stored incidents are written back out as a generic CSV (id, created_at, responder, severity,
acknowledged_at, resolved_at) and handed to `analysis.analyze`; `origin` maps that CSV's lines
back to the file and line each incident came from, so rejected rows still point at real input.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import streamlit as st

from analysis import AnalysisResult, analyze
from service.store import Store, open_store

from .state import cached_schedule, cached_team

GENERIC_HEADER = ("id", "created_at", "responder", "severity", "acknowledged_at", "resolved_at")


def _iso(value: pd.Timestamp | None) -> str:
    return "" if value is None or pd.isna(value) else value.isoformat()


def merged_csv(incidents: pd.DataFrame) -> bytes:
    """The stored incidents as one generic CSV (UTC offsets, so no zone guessing)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(GENERIC_HEADER)
    for row in incidents.itertuples(index=False):
        responder = row.acknowledged_by if pd.notna(row.acknowledged_by) else row.assigned_to
        acked = (row.created + pd.Timedelta(seconds=row.ack_seconds)
                 if pd.notna(row.ack_seconds) else None)
        resolved = (row.created + pd.Timedelta(seconds=row.resolve_seconds)
                    if pd.notna(row.resolve_seconds) else None)
        writer.writerow([row.id, row.created.isoformat(),
                         "" if pd.isna(responder) else responder,
                         "" if pd.isna(row.urgency) else row.urgency,
                         _iso(acked), _iso(resolved)])
    return buffer.getvalue().encode("utf-8")


@st.cache_data(show_spinner="Analysing the paging history…", max_entries=16)
def stored_analysis(db_url: str, team_name: str, team_yaml: str, schedule_csv: str | None,
                    marker: int) -> tuple[AnalysisResult, pd.DataFrame]:
    """The analysis of every stored incident; `marker` (the newest import id) keys the cache so
    a new import invalidates it. Returns the result and the rejected rows mapped to their files."""
    store = open_store(db_url)
    team = cached_team(team_yaml, f"{team_name} team.yaml")
    schedule = cached_schedule(team_yaml, schedule_csv) if schedule_csv else None
    incidents = store.incidents(team_name)
    result = analyze(merged_csv(incidents), team, schedule)
    origin = pd.DataFrame({"line": range(2, len(incidents) + 2),
                           "file_line": incidents["line"].to_numpy(),
                           "import": incidents["import_id"].to_numpy()
                           if "import_id" in incidents else None,
                           "id": incidents["id"].to_numpy()})
    rejected = result.rejected.merge(origin, on="line", how="left")
    return result, rejected


def imports_marker(store: Store, team_name: str) -> int:
    frame = store.imports(team_name)
    return int(frame["import"].max()) if len(frame) else 0
