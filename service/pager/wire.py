"""What the Opsgenie, GoAlert and Splunk On-Call clients share: timestamps and one-by-one creates.

All three speak RFC 3339; Rota sends UTC with a `Z` (every tool accepts it, and a person reading
a request log sees one zone) and reads back whatever offset the tool chose. None of the three
creates several overrides in one request, so each creates piece by piece, and a failure must
carry what was already made (push records it; a rerun then makes no twins).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from service.pager.base import PagerError, WantedOverride


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


def create_each(
    wanted: Sequence[WantedOverride], create_one: Callable[[WantedOverride], str]
) -> list[tuple[WantedOverride, str]]:
    """Create each piece with `create_one` (returning the tool's id); a PagerError carries
    `created`, the pieces made before it."""
    created: list[tuple[WantedOverride, str]] = []
    for piece in wanted:
        try:
            created.append((piece, create_one(piece)))
        except PagerError as error:
            raise PagerError(str(error), status=error.status, created=created) from error
    return created
