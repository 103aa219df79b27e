"""`analyze`: one call from an export to every table the CLI and the app show;
`analyze_pages`: the same from incidents already read (the app's stored history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.acks import DEFAULT_ACK_TARGETS, ack_stats, within_target
from analysis.load import Load, compute_load, wall_hours
from analysis.readers.normalise import coerce_frame, drop_duplicates
from analysis.readers.pages import Source, read_pages
from analysis.risk import history_note, score
from analysis.trends import hour_of_week, shift_distribution, weekly_trend
from scheduler import Schedule, Team


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
    """Analyse a paging export (path, bytes or binary file object) for `team`: read_pages, then
    analyze_pages. Raises PagesFileError (an InputError) when the file can't be read at all."""
    pages = read_pages(source, team.timezone, responders_optional=schedule is not None)
    return analyze_pages(pages.incidents, team, schedule, ack_targets, rejected=pages.rejected,
                         identities=pages.identities, source=pages.source, format=pages.format,
                         rows=pages.rows, duplicates=pages.duplicates)


def _normalised(frame: pd.DataFrame) -> bool:
    return (str(frame["created"].dtype) == "datetime64[ns, UTC]"
            and all(isinstance(frame[c].dtype, pd.CategoricalDtype)
                    for c in ("acknowledged_by", "assigned_to", "resolved_by", "urgency")
                    if c in frame) and "resolved_by" in frame)


def analyze_pages(incidents: pd.DataFrame, team: Team, schedule: Schedule | None = None,
                  ack_targets: Mapping[str, float] | None = None, *,
                  rejected: pd.DataFrame | None = None,
                  identities: Mapping[str, tuple[str, ...]] | None = None,
                  source: str = "<stored incidents>", format: str = "stored",
                  rows: int | None = None, duplicates: int = 0) -> AnalysisResult:
    """Analyse incidents that are already in the normalised frame (analysis.readers.normalise): from
    read_pages, or stored by the app. A frame from elsewhere needs `line`, `id`, `created` and
    the people columns it has; it is coerced and its repeated ids counted once.

    With `schedule`, incidents go to whoever held primary; without, to the responder.
    `rejected` (line, reason) are the reader's rejected rows, reported with the others."""
    targets = dict(DEFAULT_ACK_TARGETS if ack_targets is None else ack_targets)
    if not _normalised(incidents):
        incidents, repeated = drop_duplicates(coerce_frame(incidents))
        duplicates += repeated
    load = compute_load(incidents, team, schedule, identities)
    span_days = ((load.last - load.first).total_seconds() / 86400
                 if load.first is not None and load.last is not None else 0.0)
    counted = load.incidents
    counted["ack_within_target"] = within_target(counted, targets)
    people = score(load.people, span_days)
    people["ack_within_target"] = people["person"].map(
        counted.groupby("person", observed=True)["ack_within_target"].mean().astype("float64"))
    earlier = rejected if rejected is not None else pd.DataFrame(
        {"line": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")})
    all_rejected = pd.concat([earlier, load.rejected], ignore_index=True)
    all_rejected = all_rejected.sort_values("line", kind="stable").reset_index(drop=True)
    zone = team.timezone
    hours = wall_hours(counted["created"], zone)  # shared by the two team-zone tables
    result = AnalysisResult(
        team=team, format=format, incidents=counted, windows=load.windows,
        shifts=load.shifts, people=people, rejected=all_rejected,
        hour_of_week=hour_of_week(counted, zone, span_days, hours),
        weekly=weekly_trend(counted, load.shifts, zone, hours),
        distribution=shift_distribution(load.windows),
        acks=ack_stats(counted, targets),
    )
    result.summary = _summary(result, load, source, len(incidents) + len(earlier)
                              if rows is None else rows, duplicates, span_days, targets)
    return result


def _summary(result: AnalysisResult, load: Load, source: str, rows: int, duplicates: int,
             span_days: float, targets: dict[str, float]) -> dict[str, Any]:
    team, people, counted = result.team, result.people, result.incidents
    return {
        "team": team.name,
        "source": source,
        "format": result.format,
        "attribution": load.attribution,
        "rows": rows,
        "incidents": len(counted),
        "duplicates": duplicates,
        "rejected": len(result.rejected),
        "first_incident": _iso(load.first, team),
        "last_incident": _iso(load.last, team),
        "history_days": round(span_days, 2),
        "history_note": history_note(span_days, len(counted)),
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
        "ack_within_target": _float(counted["ack_within_target"].astype("float64").mean()),
    }


def _iso(instant: Any, team: Team) -> str | None:
    return None if instant is None else instant.astimezone(team.timezone).isoformat(
        timespec="seconds")


def _float(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 4)
