"""The On call page's override flow in a real browser, shared by the browser tests: click shifts
until one has cover candidates, give a reason, create the override."""

from __future__ import annotations

from tests.harness.serve import wait_idle


def create_override(page, expect, events_selector: str = ".fc-event") -> None:  # type: ignore[no-untyped-def]
    """On an open On call page: enter an override on the first clicked shift (among
    `events_selector`) that has cover candidates, and wait for version 2 to be published."""
    events = page.frame_locator("iframe[title*='calendar']").locator(events_selector)
    expect(events.first).to_be_visible(timeout=60_000)
    # Click shifts in turn until one has cover candidates (a busy shift may have none).
    for index in range(min(events.count(), 30)):
        events.nth(index).click()
        expect(page.get_by_role("button", name="Create override")).to_be_visible(timeout=60_000)
        wait_idle(page)
        if page.get_by_text("Nobody can take the whole shift").count() == 0:
            break
    # The form is keyed by the shift: wait until the previous shift's form is gone.
    expect(page.get_by_label("Reason")).to_have_count(1, timeout=60_000)
    page.get_by_label("Reason").fill("dentist")
    page.get_by_role("button", name="Create override").click()
    expect(page.get_by_text("Override published as version 2")).to_be_visible(timeout=60_000)
    wait_idle(page)
