"""The store's errors (both RotaErrors, so the CLI and the app show them as one line).

    RotaError (scheduler.errors)
    ├── InputError
    │   └── UnknownTeamError    a team name the store has never seen published
    └── StoreError              the store (ROTA_DB) cannot be opened, read or written
"""

from __future__ import annotations

from scheduler import InputError, RotaError

__all__ = ["StoreError", "UnknownTeamError"]


class UnknownTeamError(InputError):
    """A team name that has never been published to the store."""


class StoreError(RotaError):
    """The store (ROTA_DB) cannot be opened, read or written."""
