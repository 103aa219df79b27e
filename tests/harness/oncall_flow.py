"""The On call page's override flow in a real browser, shared by the browser tests: click shifts
until one has cover candidates, give a reason, create the override."""

from __future__ import annotations

from typing import Any

from tests.harness.serve import wait_idle


def open_override_form(page: Any, expect: Any, events_selector: str = ".fc-event",
                       tries: int = 30) -> None:
    """On an open On call page: click the calendar's shifts (among `events_selector`) in turn
    until one has cover candidates (a busy shift may have none), and wait until that shift's
    override form is the only one."""
    events = page.frame_locator("iframe[title*='calendar']").locator(events_selector)
    expect(events.first).to_be_visible(timeout=60_000)
    for index in range(min(events.count(), tries)):
        events.nth(index).click()
        expect(page.get_by_role("button", name="Create override")).to_be_visible(timeout=60_000)
        wait_idle(page)
        if page.get_by_text("Nobody can take the whole shift").count() == 0:
            break
    # The form is keyed by the shift: wait until the previous shift's form is gone.
    expect(page.get_by_label("Reason")).to_have_count(1, timeout=60_000)


def create_override(page: Any, expect: Any, events_selector: str = ".fc-event") -> None:
    """Enter an override on the first clicked shift that has cover candidates, and wait for
    version 2 to be published."""
    open_override_form(page, expect, events_selector)
    page.get_by_label("Reason").fill("dentist")
    page.get_by_role("button", name="Create override").click()
    expect(page.get_by_text("Override published as version 2")).to_be_visible(timeout=60_000)
    wait_idle(page)
