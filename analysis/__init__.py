"""Rota's paging-load analysis: import an export, count incidents per shift window against the
limit, and score burnout risk with reasons.

Public API (the CLI and the Streamlit app both use it):

    analyze(source, team, schedule=None, ack_targets=None) -> AnalysisResult
        source: a path, bytes (an upload) or a binary file object, in any format of
        analysis.readers.csv_exports (CSV) or analysis.readers.vendors (JSON), detected by content.
        team: scheduler.Team; schedule: scheduler.Schedule or None (then responders count);
        ack_targets: {"high": 5.0, ...} minutes to acknowledge per urgency.
        Raises PagesFileError (a scheduler.FileError, one line) for an unreadable file.
    analyze_pages(incidents, team, schedule=None, ack_targets=None, *, rejected=None,
                  identities=None, source=..., format=..., rows=None, duplicates=0)
        the same from an incident frame already read (Pages.incidents, or the app's stored
        incidents: line, id, created, acknowledged_by, assigned_to, resolved_by, urgency,
        ack_seconds, resolve_seconds; missing people columns are empty).
    write_outputs(result, out_dir) -> Path
        shifts.csv, people.csv, rejected.csv and summary.json (contract section 4).
    summary_text(result) -> str
        the short human summary `rota analyze` prints.
    parse_ack_targets(["high=5", ...]) -> dict[str, float]

AnalysisResult holds DataFrames, instants tz-aware UTC:
    incidents     counted incidents (line, id, created, person, window, period, ack ...)
    windows       every shift window (window_start, window_end, shift, primary, incidents)
    shifts        per window and person with incidents: incidents, over_limit
    people        per person: counts by period, windows over limit, longest overloaded run,
                  on-call share, ack figures, risk (low/medium/high), risk_score, reasons
    rejected      line, reason
    hour_of_week  168 rows: weekday, hour, incidents, per_week (team zone; heat maps)
    weekly        week (Monday, team zone), incidents, *_hours, windows_over_limit
    distribution  incidents, windows: how many windows saw 0, 1, 2, ... incidents
    acks          per urgency: acknowledged, median / p90 minutes, target, within_target
    summary       dict: the team-level figures of summary.json
"""


from analysis.acks import DEFAULT_ACK_TARGETS, parse_ack_targets
from analysis.api import AnalysisResult, analyze, analyze_pages
from analysis.errors import PagesFileError
from analysis.forecast.choice import Forecast
from analysis.forecast.evaluate import backtest, backtest_text
from analysis.forecast.per_shift import (
    fit_forecast,
    forecast_csv,
    forecast_shifts,
    hour_of_week_forecast,
    sleep_pages,
)
from analysis.handoff import (
    build_handoff,
    current_shift,
    handoff_from_incidents,
    handoff_markdown,
    handoff_shift,
)
from analysis.hours import attributed, hours_report, incidents_on_call
from analysis.outputs import summary_text, write_outputs
from analysis.readers.pages import Pages, read_pages
from analysis.staffing import staffing_table, what_if_text

__all__ = [
    "DEFAULT_ACK_TARGETS",
    "AnalysisResult",
    "Forecast",
    "Pages",
    "PagesFileError",
    "analyze",
    "analyze_pages",
    "attributed",
    "backtest",
    "backtest_text",
    "build_handoff",
    "current_shift",
    "fit_forecast",
    "forecast_csv",
    "forecast_shifts",
    "handoff_from_incidents",
    "handoff_markdown",
    "handoff_shift",
    "hour_of_week_forecast",
    "hours_report",
    "incidents_on_call",
    "parse_ack_targets",
    "read_pages",
    "sleep_pages",
    "staffing_table",
    "summary_text",
    "what_if_text",
    "write_outputs",
]
