"""Rota's scheduler: team files, DST-aware shifts, and a provably fair CP-SAT solver."""

import importlib

from .domain import (
    ROLES,
    Assignment,
    ClockSpec,
    FairnessLine,
    Member,
    Rules,
    Schedule,
    Shift,
    ShiftTemplate,
    SolveReport,
    Team,
    TimeOff,
    Unavailability,
)
from .errors import (
    InfeasibleError,
    InputError,
    PagesFileError,
    RotaError,
    ScheduleFileError,
    TeamFileError,
)
from .io import parse_schedule, read_schedule, schedule_csv, write_schedule
from .shifts import expand
from .team import load_team, parse_team

_SOLVER_NAMES = ("Progress", "Solver", "fairness_table")


def __getattr__(name: str):
    # The solver pulls in OR-Tools; import it only when asked, so `rota analyze` starts fast.
    # `scheduler.solve` is the solver module (its `solve()` function is `scheduler.solve.solve`).
    if name in _SOLVER_NAMES or name == "solve":
        module = importlib.import_module(f"{__name__}.solve")
        return module if name == "solve" else getattr(module, name)
    raise AttributeError(f"module 'scheduler' has no attribute {name!r}")


__all__ = [
    "ROLES",
    "Assignment",
    "ClockSpec",
    "FairnessLine",
    "InfeasibleError",
    "InputError",
    "Member",
    "PagesFileError",
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
