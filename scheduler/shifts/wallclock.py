"""Wall-clock to instant conversion with Rota's DST rules (contract section 1).

A handoff is written as a wall-clock time in a zone. Twice a year that is ambiguous:
- spring forward: the clock time does not exist; it moves to the first instant after the gap
  (in Berlin, 02:30 on the last Sunday of March becomes 03:00 CEST);
- fall back: the clock time happens twice; it means the first occurrence (fold=0).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY = timedelta(days=1)


def _exists(local: datetime) -> bool:
    """True when the aware wall time round-trips through UTC unchanged (not in a DST gap)."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def resolve_local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant of `clock` on `day` in `zone`, by the gap and fold rules above."""
    local = datetime.combine(day, clock, tzinfo=zone).replace(fold=0)
    if _exists(local):
        return local
    # Inside a gap. fold=1 reads the wall time with the offset after the transition and fold=0
    # with the one before, so the transition instant lies between those two readings.
    lo = local.replace(fold=1).astimezone(UTC)
    hi = local.replace(fold=0).astimezone(UTC)
    after = hi.astimezone(zone).utcoffset()
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0).astimezone(zone)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """Start of `day` in `zone` (a midnight that falls in a gap moves to the end of the gap)."""
    return resolve_local(day, time(0, 0), zone)


def same_clock_days_later(instant: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The same wall-clock time `days` later (or earlier, if negative) in `zone`: "7 team-zone
    days" from a shift start spans 167 or 169 hours across a DST change."""
    local = instant.astimezone(zone)
    return resolve_local(local.date() + days * DAY, local.time().replace(tzinfo=None), zone)
