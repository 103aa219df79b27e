"""What every paging-tool client offers push: list, create, delete overrides on one schedule.

Push (service/pager/push.py) decides *what* should change; a client only knows *how* its tool
spells those three operations. Keeping the protocol this small is what lets one diffing engine
serve PagerDuty, Opsgenie, GoAlert and Splunk On-Call alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from scheduler import InputError


@dataclass(frozen=True)
class WantedOverride:
    """One row (or piece of a split row) Rota wants the tool to page."""

    start: datetime  # tz-aware
    end: datetime
    user: str  # the tool's user id/name: the member's aliases.<tool>
    member: str  # Rota's member id, for messages
    row: str  # the row as a person reads it, for error lines ("2027-01-04 09:00-21:00 primary alice")


@dataclass(frozen=True)
class ToolOverride:
    """An override the tool holds (made by Rota or by anyone else)."""

    id: str
    start: datetime
    end: datetime
    user: str


class PagerError(Exception):
    """A refusal or failure of the tool: one line naming status, the tool's message and the row.

    `created` lists what was created before the failure, so push can record it and a rerun
    finishes the job without duplicates.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        created: Sequence[tuple[WantedOverride, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.created = list(created)


class PagerClient(Protocol):
    """One paging tool's schedule overrides, as push needs them."""

    tool: str

    def list_overrides(self, target: str, since: datetime, until: datetime) -> list[ToolOverride]:
        """Every override on `target` overlapping [since, until), whole (not clipped)."""
        ...

    def create(
        self, target: str, wanted: Sequence[WantedOverride]
    ) -> list[tuple[WantedOverride, str]]:
        """Create `wanted`; return each with the tool's id. Raise PagerError with `created`."""
        ...

    def delete(self, target: str, override_id: str) -> None:
        """Delete one override; an override already gone is not an error."""
        ...


class CredentialError(InputError):
    """The tool's credential is missing from the environment: bad input (exit 2), not a refusal."""
