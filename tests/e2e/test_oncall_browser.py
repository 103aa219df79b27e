"""The On call page in a real browser: FullCalendar shows the published schedule; clicking a
shift in the calendar shows cover candidates and the override form, and creating an override
publishes the next version. Saves a screenshot (docs/screenshot-oncall.png with
ROTA_SCREENSHOTS=1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.oncall_page import open_override_form
from tests.harness.serve import (
    CHROMIUM,
    CHROMIUM_ARGS,
    running_app,
    screenshot_path,
    wait_idle,
)

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
FIRST_PAGE_MS = 120_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e-oncall")
    with running_app(tmp / "rota.db", tmp / "streamlit.log") as base:
        yield base


def test_clicking_a_shift_offers_cover_and_creates_an_override(app_url: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing")
    expect = playwright_api.expect
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{app_url}/oncall", timeout=FIRST_PAGE_MS)
            expect(page.get_by_role("heading", name="On call")).to_be_visible(
                timeout=FIRST_PAGE_MS)
            wait_idle(page, FIRST_PAGE_MS)
            calendar = page.frame_locator("iframe[title*='calendar']")
            events = calendar.locator(".fc-event")
            expect(events.first).to_be_visible(timeout=60_000)
            assert events.count() > 20  # a month of day and night shifts, two roles
            open_override_form(page, expect, calendar)
            page.get_by_label("Reason").fill("dentist")
            page.get_by_role("button", name="Create override").click()
            expect(page.get_by_text("Override published as version 2")).to_be_visible(
                timeout=60_000)
            wait_idle(page)
            # A new version remounts the calendar (its key names the version): use the new one.
            calendar = page.frame_locator("iframe[title*='calendar'] >> nth=-1")
            expect(calendar.locator(".fc-event", has_text="(for ").first).to_be_attached(
                timeout=60_000)
            page.set_viewport_size({"width": 1400, "height": 2000})
            page.wait_for_timeout(1500)
            page.screenshot(path=screenshot_path("oncall"))
        finally:
            browser.close()
