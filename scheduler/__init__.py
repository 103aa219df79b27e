"""Rota's scheduler: team files, DST-aware shifts, and a provably fair CP-SAT solver."""

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

__all__ = [
    "ROLES",
    "Assignment",
    "ClockSpec",
    "FairnessLine",
    "InfeasibleError",
    "InputError",
    "Member",
    "PagesFileError",
    "RotaError",
    "Rules",
    "Schedule",
    "ScheduleFileError",
    "Shift",
    "ShiftTemplate",
    "SolveReport",
    "Team",
    "TeamFileError",
    "TimeOff",
    "Unavailability",
    "expand",
    "load_team",
    "parse_schedule",
    "read_schedule",
    "schedule_csv",
    "write_schedule",
]
