"""Argument readers shared by the override, cover and hours commands."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler import InputError, resolve_local


def instant_arg(text: str, zone: ZoneInfo, flag: str) -> datetime:
    """An ISO 8601 time from the command line; one without an offset is read in `zone` (the
    team zone), by the DST rules of contract section 1."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{flag}: not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        return resolve_local(value.date(), value.time(), zone)
    return value
