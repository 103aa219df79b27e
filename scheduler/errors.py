"""Rota's errors.

    RotaError                   base: anything Rota reports to the user as one line
    ├── InputError              bad input (exit status 2)
    │   ├── FileError           a file: path, line, key (or column) and message
    │   │   ├── TeamFileError       the team YAML file
    │   │   ├── ScheduleFileError   a schedule CSV file
    │   │   └── analysis.PagesFileError   a paging-history export
    │   ├── UnknownMemberError  a person id that is not a member of the team
    │   └── HardRuleError       an override that breaks a hard rule (role, site, time off, overlap,
    │                           required skills, shadows)
    └── InfeasibleError         the team cannot cover every shift (exit status 2)

The service layer adds service.access.AccessDenied (a RotaError) and the store's errors
(service/store/errors.py: StoreError, UnknownTeamError). Every message is one line
that names the file and the line, key or column, so the CLI and the app can show it as-is,
without a traceback.
"""

from __future__ import annotations

__all__ = [
    "FileError",
    "HardRuleError",
    "InfeasibleError",
    "InputError",
    "RotaError",
    "ScheduleFileError",
    "TeamFileError",
    "UnknownMemberError",
]


class RotaError(Exception):
    """Base class for every error Rota reports to a user as a single line."""


class InputError(RotaError):
    """Input that Rota cannot accept; the message names where the problem is."""


class FileError(InputError):
    """A file Rota cannot accept. `line` is None when the whole file is at fault (unreadable,
    not UTF-8); `key` names the YAML key or CSV column, or is empty."""

    def __init__(self, path: str, line: int | None, key: str, message: str) -> None:
        self.path, self.line, self.key, self.message = path, line, key, message
        where = f"{path}:{line}" if line else path
        label = f" {key}:" if key else ""
        super().__init__(f"{where}:{label} {message}")


class TeamFileError(FileError):
    """A team file that is malformed or breaks a rule of contract section 1."""


class ScheduleFileError(FileError):
    """A schedule CSV that does not follow contract section 3 (or 6)."""


class UnknownMemberError(InputError):
    """A person id that is not a member of the team."""


class HardRuleError(InputError):
    """An override that breaks a hard rule (role, site, time off, overlap, and every rule of
    scheduler/solver/rules such as required skills); the message names the rule."""


class InfeasibleError(RotaError):
    """Full coverage is impossible; `reasons` lists one line per uncoverable shift and role,
    or per rule that cannot hold as a whole (a skill its holders cannot carry, say)."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        head = f"infeasible: {len(reasons)} reason(s)"
        super().__init__(head + ("; " + reasons[0] if reasons else ""))

