"""The loads Rota balances, and how much of each one slot puts on a member.

    shifts    slots held (any role)
    hours     on-call hours (elapsed time, so a DST night is 11 or 13 hours)
    weekend   hours on Saturday and Sunday in the team zone
    holiday   hours on the team's holiday dates, in the team zone
    night     hours between 22:00 and 08:00 in the member's own zone (follow-the-sun aware)
    primary   primary slots held

More loads (e.g. expected pages) join with `register_quantity(Quantity(...), slot_load_fn)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduler.domain import Member, Shift, Team
from scheduler.shifts.wallclock import DAY, local_midnight, resolve_local

NIGHT_START, NIGHT_END = time(22, 0), time(8, 0)


@dataclass(frozen=True)
class Quantity:
    name: str
    unit: str  # "shifts", "hours" or "pages" (expected incidents, kept in hundredths)
    label: str


# The registry: every module reads these two lists, so a quantity added with
# `register_quantity` is balanced by the fairness rule, bounded and reported like the others.
QUANTITIES: list[Quantity] = [
    Quantity("shifts", "shifts", "shifts held"),
    Quantity("hours", "hours", "on-call hours"),
    Quantity("weekend", "hours", "weekend hours"),
    Quantity("holiday", "hours", "holiday hours"),
    Quantity("night", "hours", "night hours (22-08 own zone)"),
    Quantity("primary", "shifts", "primary shifts"),
]
QUANTITY_NAMES: list[str] = [q.name for q in QUANTITIES]


def _local_days(start: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    first = start.astimezone(zone).date() - DAY
    last = end.astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _overlap_minutes(start: datetime, end: datetime, a: datetime, b: datetime) -> int:
    lo, hi = max(start, a), min(end, b)
    return int((hi - lo).total_seconds() // 60) if hi > lo else 0


@lru_cache(maxsize=200_000)
def night_minutes(start: datetime, end: datetime, zone: ZoneInfo) -> int:
    total = 0
    for day in _local_days(start, end, zone):
        a = resolve_local(day, NIGHT_START, zone).astimezone(UTC)
        b = resolve_local(day + DAY, NIGHT_END, zone).astimezone(UTC)
        total += _overlap_minutes(start, end, a, b)
    return total


def _day_minutes(start: datetime, end: datetime, zone: ZoneInfo, wanted: frozenset[date] | None,
                 weekend: bool) -> int:
    total = 0
    for day in _local_days(start, end, zone):
        if weekend and day.weekday() < 5:
            continue
        if wanted is not None and day not in wanted:
            continue
        a = local_midnight(day, zone).astimezone(UTC)
        b = local_midnight(day + DAY, zone).astimezone(UTC)
        total += _overlap_minutes(start, end, a, b)
    return total


@dataclass(frozen=True)
class ShiftLoads:
    """Minutes of each time-based load in one shift; night minutes depend on the zone."""

    minutes: int
    weekend_minutes: int
    holiday_minutes: int


def shift_loads(team: Team, shift: Shift) -> ShiftLoads:
    zone = team.timezone
    return ShiftLoads(
        minutes=int(shift.duration.total_seconds() // 60),
        weekend_minutes=_day_minutes(shift.start, shift.end, zone, None, weekend=True),
        holiday_minutes=_day_minutes(shift.start, shift.end, zone, team.holidays, weekend=False),
    )


def slot_load(quantity: str, shift: Shift, role: str, member: Member, loads: ShiftLoads) -> int:
    """Integer load of one slot on `member`: a count, or minutes for hour quantities."""
    if quantity == "shifts":
        return 1
    if quantity == "primary":
        return 1 if role == "primary" else 0
    if quantity == "hours":
        return loads.minutes
    if quantity == "weekend":
        return loads.weekend_minutes
    if quantity == "holiday":
        return loads.holiday_minutes
    if quantity == "night":
        return night_minutes(shift.start, shift.end, member.timezone)
    if quantity in _EXTRA:
        return _EXTRA[quantity](shift, role, member, loads)
    raise ValueError(f"unknown quantity {quantity!r}")


# An extra load's amount for one slot: a count, or minutes when its unit is "hours".
SlotLoadFn = Callable[[Shift, str, Member, ShiftLoads], int]
_EXTRA: dict[str, SlotLoadFn] = {}


def register_quantity(quantity: Quantity, load: SlotLoadFn) -> None:
    """Add a balanced load (say, expected pages per slot). Register before building a
    Problem; the name must be new. Give it a weight in model.IMPORTANCE (cost of one shift's
    worth of imbalance); without one it is balanced at the smallest cost."""
    if quantity.name in QUANTITY_NAMES:
        raise ValueError(f"quantity {quantity.name!r} is already registered")
    _EXTRA[quantity.name] = load
    QUANTITIES.append(quantity)
    QUANTITY_NAMES.append(quantity.name)


def per_unit(quantity: Quantity) -> int:
    """Integer loads are counts or minutes; this divides them back into the quantity's unit."""
    return {"hours": 60, "pages": 100}.get(quantity.unit, 1)
