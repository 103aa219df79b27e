"""`analyze`: one call from an export to every table the CLI and the app show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from scheduler.domain import Schedule, Team

from .acks import DEFAULT_ACK_TARGETS, ack_stats, within_target
from .formats import Source, read_pages
from .load import compute_load
from .risk import score
from .trends import hour_of_week, shift_distribution, weekly_trend


@dataclass
class AnalysisResult:
    """Everything `rota analyze` reports. Instants in the frames are tz-aware UTC; convert to
    `team.timezone` for display (write_outputs does)."""

    team: Team
    format: str
    incidents: pd.DataFrame  # counted incidents: line, id, created, person, window, period, ...
    windows: pd.DataFrame  # every window: window_start, window_end, shift, primary, incidents
    shifts: pd.DataFrame  # per window and person with incidents (shifts.csv)
    people: pd.DataFrame  # per person: counts, factors, risk, reasons (people.csv)
    rejected: pd.DataFrame  # line, reason (rejected.csv)
    hour_of_week: pd.DataFrame  # weekday, hour, incidents, per_week
    weekly: pd.DataFrame  # week, incidents, *_hours, windows_over_limit
    distribution: pd.DataFrame  # incidents, windows (how many windows saw that many)
    acks: pd.DataFrame  # per urgency: ack / resolve minutes and compliance
    summary: dict[str, Any] = field(default_factory=dict)


def analyze(source: Source, team: Team, schedule: Schedule | None = None,
            ack_targets: Mapping[str, float] | None = None) -> AnalysisResult:
    """Analyse a paging export (path, bytes or binary file object) for `team`.

    With `schedule`, incidents go to the primary on call; without, to the responder.
    Raises PagesFileError (an InputError) when the file can't be read at all."""
    targets = dict(DEFAULT_ACK_TARGETS if ack_targets is None else ack_targets)
    pages = read_pages(source, team.timezone)
    load = compute_load(pages.incidents, team, schedule)
    span_days = ((load.last - load.first).total_seconds() / 86400
                 if load.first is not None and load.last is not None else 0.0)
    incidents = load.incidents
    incidents["ack_within_target"] = within_target(incidents, targets)
    people = score(load.people, span_days)
    people["ack_within_target"] = people["person"].map(
        incidents.groupby("person")["ack_within_target"].mean().astype("float64"))
    rejected = pd.concat([pages.rejected, load.rejected], ignore_index=True)
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    zone = team.timezone
    result = AnalysisResult(
        team=team, format=pages.format, incidents=incidents, windows=load.windows,
        shifts=load.shifts, people=people, rejected=rejected,
        hour_of_week=hour_of_week(incidents, zone, span_days),
        weekly=weekly_trend(incidents, load.shifts, zone),
        distribution=shift_distribution(load.windows),
        acks=ack_stats(incidents, targets),
    )
    result.summary = {
        "team": team.name,
        "source": pages.source,
        "format": pages.format,
        "attribution": load.attribution,
        "rows": pages.rows,
        "incidents": len(incidents),
        "duplicates": pages.duplicates,
        "rejected": len(rejected),
        "first_incident": _iso(load.first, team),
        "last_incident": _iso(load.last, team),
        "history_days": round(span_days, 2),
        "max_incidents_per_shift": load.limit,
        "windows": int(load.windows["in_history"].sum()),
        "windows_with_incidents": int((load.windows["in_history"]
                                       & (load.windows["incidents"] > 0)).sum()),
        "windows_over_limit": int(load.shifts["over_limit"].sum()),
        # shifts.csv has a row per window and person, so counts of it are person-windows.
        "person_windows": len(load.shifts),
        "incidents_by_period": {
            "business_hours": int(people["business_hours"].sum()),
            "off_hours": int(people["off_hours"].sum()),
            "sleep_hours": int(people["sleep_hours"].sum()),
        },
        "risk": {level: people.loc[people["risk"] == level, "person"].tolist()
                 for level in ("high", "medium", "low")},
        "ack_targets_minutes": targets,
        "ack_within_target": _float(incidents["ack_within_target"].astype("float64").mean()),
    }
    return result


def _iso(instant: Any, team: Team) -> str | None:
    return None if instant is None else instant.astimezone(team.timezone).isoformat(
        timespec="seconds")


def _float(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 4)
