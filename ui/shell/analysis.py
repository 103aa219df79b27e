"""Stored paging history -> analysis.analyze_pages, for the Load and Burnout pages.

Imports are parsed once (analysis.read_pages) and their incidents stored per team, so
overlapping files never double-count. The stored frame is already normalised, so it goes to
`analyze_pages` as it is: no round trip through CSV. A rejected incident keeps its `id`, which
maps it back to the file (import) and the physical line it came from.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import AnalysisResult, analyze_pages
from service.store import Store, open_store
from ui.shell.state import cached_schedule, cached_team


def with_origin(rejected: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """Rejected incidents with the import and the line of the file each came from."""
    origin = pd.DataFrame({"id": incidents["id"].to_numpy(),
                           "import": incidents["import_id"].to_numpy(),
                           "file_line": incidents["line"].to_numpy()})
    if "id" not in rejected:
        return rejected
    return (rejected.drop(columns="line").merge(origin, on="id", how="left")
            [["import", "file_line", "id", "reason"]])


@st.cache_data(show_spinner="Analysing the paging history…", max_entries=16)
def stored_analysis(db_url: str, team_name: str, team_yaml: str, schedule_csv: str | None,
                    marker: int) -> tuple[AnalysisResult, pd.DataFrame]:
    """The analysis of every stored incident; `marker` (the newest import id) keys the cache so
    a new import invalidates it. Returns the result and the rejected rows mapped to their files."""
    store = open_store(db_url)
    team = cached_team(team_yaml, f"{team_name} team.yaml")
    schedule = cached_schedule(team_yaml, schedule_csv) if schedule_csv else None
    incidents = store.incidents(team_name)
    result = analyze_pages(incidents, team, schedule, identities=store.identities(team_name),
                           source=f"{team_name} stored incidents")
    return result, with_origin(result.rejected, incidents)


def imports_marker(store: Store, team_name: str) -> int:
    frame = store.imports(team_name)
    return int(frame["import"].max()) if len(frame) else 0
