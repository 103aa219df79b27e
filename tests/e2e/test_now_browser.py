"""The Now page in a real browser: the app opens on it, shows who holds each role of the
published demo schedule at `?at=`, the next handoff with its countdown, and a person's next
shifts once picked. Saves a screenshot (docs/screenshot-now.png with ROTA_SCREENSHOTS=1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.serve import (
    chromium_page,
    running_app,
    screenshot_path,
    wait_idle,
)

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
FIRST_PAGE_MS = 120_000
STEP_MS = 60_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e-now")
    with running_app(tmp / "rota.db", tmp / "streamlit.log") as base:
        yield base


def test_the_app_opens_on_who_is_on_call_now(app_url: str) -> None:
    expect = playwright_api.expect
    with chromium_page(1400, 1000) as page:
        page.goto(app_url, timeout=FIRST_PAGE_MS)  # no path: the default page
        expect(page.get_by_role("heading", name="Now")).to_be_visible(
            timeout=FIRST_PAGE_MS)
        expect(page.get_by_text("Next handoff")).to_be_visible(timeout=FIRST_PAGE_MS)
        wait_idle(page, FIRST_PAGE_MS)
        # A fixed moment of the shipped demo schedule: the night of 9 October.
        # (The default page lives at "/": Streamlit ignores its url_path.)
        page.goto(f"{app_url}/?at=2026-10-10T03:00", timeout=FIRST_PAGE_MS)
        expect(page.get_by_text("As of Sat 10 Oct 03:00 CEST")).to_be_visible(
            timeout=STEP_MS)
        expect(page.get_by_text("Next handoff")).to_be_visible(timeout=STEP_MS)
        expect(page.get_by_text("in 6 h 00 min")).to_be_visible()
        table = page.locator("[data-testid='stDataFrame']").first
        expect(table).to_be_visible()
        page.get_by_label("Next shifts of").click()
        page.get_by_role("option", name="Chen Li (chen)").click()
        expect(page.get_by_text("Next shifts of chen")).to_be_visible(timeout=STEP_MS)
        expect(page.locator("[data-testid='stDataFrame']")).to_have_count(2,
                                                                          timeout=STEP_MS)
        wait_idle(page)
        page.wait_for_timeout(1000)
        page.screenshot(path=screenshot_path("now"), full_page=True)
