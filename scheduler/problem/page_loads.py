"""Expected pages as two more balanced loads (`rota solve --pages`, contract section 8).

The forecast itself is analysis work; the scheduler only receives its numbers: expected
incidents per shift, and per member zone the expected incidents that fall in sleep hours
(22:00-08:00 in that zone). Incidents go to the primary on call, so only a primary slot
carries these loads. CP-SAT needs integers: loads are kept in hundredths of a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scheduler.problem.loads import Quantity
from scheduler.problem.slots import Problem, add_load

PAGES_PER_UNIT = 100  # integer loads are hundredths of an expected page
PAGES = Quantity("pages", "pages", "expected pages")
SLEEP_PAGES = Quantity("sleep_pages", "pages", "expected sleep-hour pages (22-08 own zone)")
PAGE_ROLE = "primary"


@dataclass(frozen=True)
class ExpectedPages:
    """Forecast numbers for one plan, keyed by shift index (scheduler.shifts.expand.expand order)."""

    per_shift: Mapping[int, float]
    sleep: Mapping[str, Mapping[int, float]]  # zone key -> shift index -> sleep-hour pages

    def of(self, shift_index: int) -> float:
        return float(self.per_shift.get(shift_index, 0.0))

    def asleep(self, zone: str, shift_index: int) -> float:
        return float(self.sleep.get(zone, {}).get(shift_index, 0.0))


def add_page_loads(problem: Problem, pages: ExpectedPages) -> None:
    """Balance expected pages and expected sleep-hour pages in this problem (primary slots)."""
    members = problem.team.members
    column: list[dict[int, int]] = []
    sleep: list[dict[int, int]] = []
    for slot_index, slot in enumerate(problem.slots):
        eligible = problem.load["shifts"][slot_index]
        primary = slot.role == PAGE_ROLE
        shift = slot.shift.index
        column.append({m: round(pages.of(shift) * PAGES_PER_UNIT) if primary else 0
                       for m in eligible})
        sleep.append({m: round(pages.asleep(members[m].timezone.key, shift) * PAGES_PER_UNIT)
                      if primary else 0 for m in eligible})
    add_load(problem, PAGES, column)
    add_load(problem, SLEEP_PAGES, sleep)
