"""Rota's scheduler: team files, DST-aware shifts, and a provably fair CP-SAT solver."""

import importlib as _importlib
import typing as _typing

from scheduler.domain import (
    PAGER_TOOLS,
    ROLES,
    SHADOW,
    WEEKDAYS,
    Assignment,
    ClockSpec,
    FairnessLine,
    Member,
    NotifySettings,
    PagerTarget,
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
    UnknownMemberError,
)
from scheduler.files import read_file_bytes, read_text_file
from scheduler.formats.csvfile import (
    parse_schedule,
    read_schedule,
    schedule_csv,
    schedule_rows,
    write_schedule,
)
from scheduler.living.cover import cover, cover_row
from scheduler.living.diff import (
    Change,
    diff_csv,
    diff_holders,
    diff_schedules,
    gained_and_lost,
    next_shift_moves,
    read_holders,
)
from scheduler.living.holding import Piece, hard_breaks, soft_breaks
from scheduler.living.knowledge import all_skills, knowledge_risks, skills_matrix
from scheduler.living.now import (
    Handoff,
    next_handoff,
    on_call_now,
    rows_holding,
    rows_starting,
    team_iso,
    upcoming_rows,
)
from scheduler.living.oncall import ONCALL_CAP, on_call_hours, on_call_shares
from scheduler.living.overrides import Override, apply_override
from scheduler.living.undo_check import Undone, undo_summary, undone_changes
from scheduler.problem.history import History, Preload, combined_fairness, history_of
from scheduler.problem.page_loads import ExpectedPages, add_page_loads
from scheduler.problem.slots import Problem, build_problem
from scheduler.replan.overrides import dropped_overrides
from scheduler.shifts.expand import expand, expand_templates
from scheduler.shifts.wallclock import DAY, local_midnight, resolve_local, same_clock_days_later
from scheduler.teamfile.busy import BusyRow, parse_busy, read_busy, with_busy
from scheduler.teamfile.edit import (
    MEMBER_COLUMNS,
    SHIFT_COLUMNS,
    dump_team_file,
    edited_rules,
    member_rows,
    rebuild_team_file,
    shift_rows,
    time_off_rows,
    with_horizon,
)
from scheduler.teamfile.parse import load_team, parse_team

if _typing.TYPE_CHECKING:
    from scheduler.formats.ical import (
        build_calendar,
        event_contents,
        event_uid,
        fingerprints,
        next_sequences,
    )
    from scheduler.replan.plan import ReplanResult
    from scheduler.replan.plan import replan as replan_schedule
    from scheduler.solver.report.assess import fairness_report
    from scheduler.solver.report.fairness import fairness_table
    from scheduler.solver.search import Progress
    from scheduler.solver.solve import Solver, solve

# Names whose modules pull in a heavy library (OR-Tools, SciPy, iCalendar): imported
# on first use (PEP 562), so commands that do not need them start at once.
_LAZY = {
    "Progress": ("scheduler.solver.search", "Progress"),
    "ReplanResult": ("scheduler.replan.plan", "ReplanResult"),
    "Solver": ("scheduler.solver.solve", "Solver"),
    "build_calendar": ("scheduler.formats.ical", "build_calendar"),
    "event_contents": ("scheduler.formats.ical", "event_contents"),
    "event_uid": ("scheduler.formats.ical", "event_uid"),
    "fairness_report": ("scheduler.solver.report.assess", "fairness_report"),
    "fairness_table": ("scheduler.solver.report.fairness", "fairness_table"),
    "fingerprints": ("scheduler.formats.ical", "fingerprints"),
    "next_sequences": ("scheduler.formats.ical", "next_sequences"),
    "replan_schedule": ("scheduler.replan.plan", "replan"),
    "solve": ("scheduler.solver.solve", "solve"),
}


def __getattr__(name: str) -> _typing.Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(_importlib.import_module(module), attribute)
    globals()[name] = value
    return value


__all__ = [
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
