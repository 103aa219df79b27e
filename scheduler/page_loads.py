"""Expected pages as two more balanced loads (`rota solve --pages`, contract section 8).

The forecast itself is analysis work; the scheduler only receives its numbers: expected
incidents per shift, and per member zone the expected incidents that fall in sleep hours
(22:00-08:00 in that zone). Incidents go to the primary on call, so only a primary slot
carries these loads. CP-SAT needs integers: loads are kept in hundredths of a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .domain import Member, Shift
from .loads import Quantity

PAGES_PER_UNIT = 100  # integer loads are hundredths of an expected page
PAGE_QUANTITIES: tuple[Quantity, ...] = (
    Quantity("pages", "pages", "expected pages"),
    Quantity("sleep_pages", "pages", "expected sleep-hour pages (22-08 own zone)"),
)
PAGE_ROLE = "primary"


@dataclass(frozen=True)
class ExpectedPages:
    """Forecast numbers for one plan, keyed by shift index (scheduler.shifts.expand order)."""

    per_shift: Mapping[int, float]
    sleep: Mapping[str, Mapping[int, float]]  # zone key -> shift index -> sleep-hour pages

    def of(self, shift: Shift) -> float:
        return float(self.per_shift.get(shift.index, 0.0))


def page_slot_load(quantity: str, shift: Shift, role: str, member: Member,
                   pages: ExpectedPages) -> int:
    """Hundredths of an expected page that holding this slot puts on `member`."""
    if role != PAGE_ROLE:
        return 0
    if quantity == "pages":
        value = pages.of(shift)
    elif quantity == "sleep_pages":
        value = float(pages.sleep.get(member.timezone.key, {}).get(shift.index, 0.0))
    else:
        raise ValueError(f"unknown page quantity {quantity!r}")
    return round(value * PAGES_PER_UNIT)
