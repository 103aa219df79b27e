"""The On call page in a real browser: FullCalendar shows the published schedule; clicking a
shift in the calendar shows cover candidates and the override form, and creating an override
publishes the next version. Saves a screenshot (docs/screenshot-oncall.png with
ROTA_SCREENSHOTS=1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.oncall_flow import create_override
from tests.harness.serve import (
    chromium_page,
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
    expect = playwright_api.expect
    with chromium_page(1400, 1000) as page:
        page.goto(f"{app_url}/oncall", timeout=FIRST_PAGE_MS)
        expect(page.get_by_role("heading", name="On call")).to_be_visible(
            timeout=FIRST_PAGE_MS)
        wait_idle(page, FIRST_PAGE_MS)
        events = page.frame_locator("iframe[title*='calendar']").locator(".fc-event")
        expect(events.first).to_be_visible(timeout=60_000)
        assert events.count() > 20  # a month of day and night shifts, two roles
        create_override(page, expect)
        # A new version remounts the calendar (its key names the version): use the new one.
        calendar = page.frame_locator("iframe[title*='calendar'] >> nth=-1")
        expect(calendar.locator(".fc-event", has_text="(for ").first).to_be_attached(
            timeout=60_000)
        page.set_viewport_size({"width": 1400, "height": 2000})
        page.wait_for_timeout(1500)
        page.screenshot(path=screenshot_path("oncall"))
