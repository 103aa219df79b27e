"""Guard the public API like httpx does: __all__ is exactly this list, every name resolves, and
nothing public is left out of it."""

import os
import subprocess
import sys
import types
from pathlib import Path

import analysis
import scheduler

SCHEDULER_API = [
    "DAY",
    "MEMBER_COLUMNS",
    "ONCALL_CAP",
    "PAGER_TOOLS",
    "ROLES",
    "SHADOW",
    "SHIFT_COLUMNS",
    "WEEKDAYS",
    "Assignment",
    "BusyRow",
    "Change",
    "ClockSpec",
    "ExpectedPages",
    "FairnessLine",
    "FileError",
    "Handoff",
    "History",
    "InfeasibleError",
    "InputError",
    "Member",
    "NotifySettings",
    "Override",
    "PagerTarget",
    "Piece",
    "Preload",
    "Problem",
    "Progress",
    "ReplanResult",
    "RotaError",
    "Rules",
    "Schedule",
    "ScheduleFileError",
    "Shift",
    "ShiftTemplate",
    "SolveReport",
    "Solver",
    "Team",
    "TeamFileError",
    "TimeOff",
    "Unavailability",
    "Undone",
    "UnknownMemberError",
    "add_page_loads",
    "all_skills",
    "apply_override",
    "build_calendar",
    "build_problem",
    "combined_fairness",
    "cover",
    "cover_row",
    "diff_csv",
    "diff_holders",
    "diff_schedules",
    "dropped_overrides",
    "dump_team_file",
    "edited_rules",
    "event_contents",
    "event_uid",
    "expand",
    "expand_templates",
    "fairness_report",
    "fairness_table",
    "fingerprints",
    "gained_and_lost",
    "hard_breaks",
    "history_of",
    "knowledge_risks",
    "load_team",
    "local_midnight",
    "member_rows",
    "next_handoff",
    "next_sequences",
    "next_shift_moves",
    "on_call_hours",
    "on_call_now",
    "on_call_shares",
    "parse_busy",
    "parse_schedule",
    "parse_team",
    "read_busy",
    "read_file_bytes",
    "read_holders",
    "read_schedule",
    "read_text_file",
    "rebuild_team_file",
    "replan_schedule",
    "resolve_local",
    "rows_holding",
    "rows_starting",
    "same_clock_days_later",
    "schedule_csv",
    "schedule_rows",
    "shift_rows",
    "skills_matrix",
    "soft_breaks",
    "solve",
    "team_iso",
    "time_off_rows",
    "undo_summary",
    "undone_changes",
    "upcoming_rows",
    "with_busy",
    "with_horizon",
    "write_schedule",
]

ANALYSIS_API = [
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


def _public_names(package: types.ModuleType) -> set[str]:
    return {name for name in dir(package) if not name.startswith("_")
            and not isinstance(getattr(package, name), types.ModuleType)}


def test_scheduler_all_is_exact():
    assert scheduler.__all__ == SCHEDULER_API
    assert _public_names(scheduler) <= set(SCHEDULER_API)
    for name in SCHEDULER_API:
        assert getattr(scheduler, name) is not None


def test_analysis_all_is_exact():
    assert analysis.__all__ == ANALYSIS_API
    assert _public_names(analysis) <= set(ANALYSIS_API)
    for name in ANALYSIS_API:
        assert getattr(analysis, name) is not None


def test_solve_is_the_function_whatever_was_imported_first():
    from scheduler import solve
    from scheduler.solver.solve import (
        Solver,  # loads the submodule, which Python sets on the package
    )
    assert isinstance(solve, types.FunctionType)
    assert scheduler.solve is solve
    assert Solver.__module__ == "scheduler.solver.solve"


def test_errors_share_one_file_error_base():
    for error in (scheduler.TeamFileError, scheduler.ScheduleFileError, analysis.PagesFileError):
        assert issubclass(error, scheduler.FileError)
        assert issubclass(error, scheduler.InputError)
    error = analysis.PagesFileError("pages.csv", 3, "created_at", "not a time")
    assert (error.path, error.line, error.key) == ("pages.csv", 3, "created_at")
    assert str(error) == "pages.csv:3: created_at: not a time"
    assert str(scheduler.ScheduleFileError("s.csv", None, "", "not a UTF-8 text file")) == \
        "s.csv: not a UTF-8 text file"


def test_the_roots_load_no_heavy_library():
    """`rota --help` and `rota analyze` start at once: importing the package roots pulls in
    neither OR-Tools, SciPy, statsmodels, Streamlit nor Plotly; a name that needs one loads it
    on first use (PEP 562)."""
    repo = Path(__file__).resolve().parents[1]
    code = ("import sys, scheduler, analysis, service\n"
            "print(sorted(m for m in ('ortools', 'scipy', 'statsmodels', 'streamlit', 'plotly')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(repo)}, check=True, timeout=120)
    assert done.stdout.strip() == "[]"
