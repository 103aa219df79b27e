"""Timestamps as the paging tools write them, shared by the Opsgenie, GoAlert and Splunk clients.

All three speak RFC 3339; Rota sends UTC with a `Z` (every tool accepts it, and a person reading
a request log sees one zone) and reads back whatever offset the tool chose.
"""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(moment: datetime) -> str:
    """`moment` (tz-aware) as `2027-01-04T08:00:00Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    """A tool's RFC 3339 timestamp (`Z` or an offset, optional fraction) as aware UTC."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:  # no tool documents this; read it as UTC rather than local time
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def overlaps(start: datetime, end: datetime, since: datetime, until: datetime) -> bool:
    """[start, end) and [since, until) share an instant."""
    return start < until and end > since
