"""Steps on the On call page that several browser tests take."""

from __future__ import annotations

from typing import Any

from tests.harness.serve import wait_idle


def open_override_form(page: Any, expect: Any, calendar: Any, tries: int = 30) -> None:
    """Click the calendar's shifts in turn until one has cover candidates (a busy shift may
    have none), and wait until that shift's override form is the only one."""
    events = calendar.locator(".fc-event")
    expect(events.first).to_be_visible(timeout=60_000)
    for index in range(min(events.count(), tries)):
        events.nth(index).click()
        expect(page.get_by_role("button", name="Create override")).to_be_visible(
            timeout=60_000)
        wait_idle(page)
        if page.get_by_text("Nobody can take the whole shift").count() == 0:
            break
    # The form is keyed by the shift: wait until the previous shift's form is gone.
    expect(page.get_by_label("Reason")).to_have_count(1, timeout=60_000)
