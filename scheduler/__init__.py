"""Rota's scheduler: team files, DST-aware shifts, and a provably fair CP-SAT solver."""

import importlib
import sys
import types
from typing import Any as _Any

from scheduler.domain import (
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
from scheduler.errors import (
    FileError,
    InfeasibleError,
    InputError,
    RotaError,
    ScheduleFileError,
    TeamFileError,
)
from scheduler.formats.csvfile import parse_schedule, read_schedule, schedule_csv, write_schedule
from scheduler.shifts.expand import expand
from scheduler.teamfile.parse import load_team, parse_team

_SOLVER_NAMES = ("Progress", "Solver", "fairness_table")


def _solver_module() -> types.ModuleType:
    # The solver pulls in OR-Tools; import it only when asked, so `rota analyze` starts fast.
    return importlib.import_module(f"{__name__}.solve")


def __getattr__(name: str) -> _Any:
    if name in _SOLVER_NAMES:
        return getattr(_solver_module(), name)
    raise AttributeError(f"module 'scheduler' has no attribute {name!r}")


class _Package(types.ModuleType):
    """`scheduler.solver.solve` is the solve() function, not the module of the same name. Importing a
    submodule makes Python set it as an attribute of its package; the setter below ignores that,
    so the answer does not depend on what was imported first. (`import scheduler.solver.solve as m`
    therefore gives the function too; import the module's other names with `from`.)"""

    @property
    def solve(self) -> _Any:
        return _solver_module().solve

    @solve.setter
    def solve(self, value: _Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package

__all__ = [
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
