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
    "ROLES",
    "Assignment",
    "ClockSpec",
    "FairnessLine",
    "FileError",
    "InfeasibleError",
    "InputError",
    "Member",
    "Progress",
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
    "expand",
    "fairness_table",
    "load_team",
    "parse_schedule",
    "parse_team",
    "read_schedule",
    "schedule_csv",
    "solve",
    "write_schedule",
]

ANALYSIS_API = [
    "DEFAULT_ACK_TARGETS",
    "AnalysisResult",
    "Pages",
    "PagesFileError",
    "analyze",
    "analyze_pages",
    "parse_ack_targets",
    "read_pages",
    "summary_text",
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
