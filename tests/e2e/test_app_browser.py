"""End to end in a real browser: `streamlit run app.py` on a free loopback port with a temporary
ROTA_DB, driven by Playwright through Debian's Chromium. Walks the main flow and saves a
screenshot of each page (into docs/, the README's images, with ROTA_SCREENSHOTS=1)."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator

import pytest

from tests.harness.serve import (
    REPO,
    chromium_page,
    running_app,
    screenshot_path,
    wait_idle,
)

# First start seeds the store (solves the demo team), so the first page may take a while.
FIRST_PAGE_MS = 120_000
STEP_MS = 60_000

pytestmark = pytest.mark.e2e

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e")
    with running_app(tmp / "rota.db", tmp / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser_page(app_url: str) -> Iterator:
    with chromium_page(1400, 1000) as page:
        yield page


def screenshot(page, name: str, height: int = 2400) -> None:
    """The whole page: Streamlit scrolls inside its main container, so full_page alone would
    capture one viewport; a tall viewport shows everything."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(1500)  # let Plotly redraw at the new size
    page.screenshot(path=screenshot_path(name))
    page.set_viewport_size(size)


def test_main_flow_in_a_real_browser(browser_page, app_url: str) -> None:
    page = browser_page
    expect = playwright_api.expect

    # Open the app: a fresh store is seeded, so the demo schedule is there.
    page.goto(f"{app_url}/schedule")
    expect(page.get_by_text("Who is on call")).to_be_visible(timeout=FIRST_PAGE_MS)

    # Solve with another seed and a 10 s limit: live progress, then the new schedule.
    page.get_by_label("Seed").fill("7")
    slider = page.get_by_role("slider", name=re.compile("Time limit"))
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    page.get_by_role("button", name="Solve").click()
    expect(page.get_by_text(re.compile(r"^Solved in"))).to_be_visible(timeout=STEP_MS)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=STEP_MS)
    wait_idle(page)

    # Publish (when the new schedule differs) and read a person's feed URL from the page.
    publish = page.get_by_role("button", name="Publish", exact=True)
    if publish.is_enabled():
        publish.click()
        expect(page.get_by_text(re.compile(r"Published version \d+"))).to_be_visible(
            timeout=STEP_MS)
        wait_idle(page)
    screenshot(page, "schedule", height=3600)
    codes = page.locator("[data-testid='stCode'] code").all_inner_texts()
    urls = [c.strip() for c in codes if "/feeds/" in c]
    assert len(urls) == 11, codes
    with urllib.request.urlopen(urls[0], timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VCALENDAR" in response.read()
    # The ICS download is built when clicked (not on every render): it must still arrive.
    with page.expect_download(timeout=STEP_MS) as download:
        page.get_by_role("button", name=re.compile(r"^Download ICS")).click()
    ics = download.value.path().read_bytes()
    assert download.value.suggested_filename.endswith("-team.ics")
    assert ics.startswith(b"BEGIN:VCALENDAR") and ics.count(b"BEGIN:VEVENT") > 100

    # Load: upload the demo history; every incident is already stored, so none counts twice.
    page.goto(f"{app_url}/load")
    expect(page.get_by_text("Import paging history")).to_be_visible(timeout=STEP_MS)
    page.locator("input[type=file]").set_input_files(str(REPO / "data/demo/pages.csv"))
    page.get_by_role("button", name="Import file").click()
    expect(page.get_by_text(re.compile(r"pages\.csv \(pagerduty\)"))).to_be_visible(
        timeout=STEP_MS)
    expect(page.get_by_text(re.compile(r"0 new incident\(s\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Windows over the limit"))).to_be_visible(
        timeout=STEP_MS)
    wait_idle(page)
    screenshot(page, "load")

    # Burnout risk: the table of people and the night-load chart.
    page.goto(f"{app_url}/risk")
    expect(page.get_by_text("Who carries the night load")).to_be_visible(timeout=STEP_MS)
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    wait_idle(page)
    screenshot(page, "risk")

    # Team editor.
    page.goto(f"{app_url}/team")
    expect(page.get_by_text("Shift templates")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    screenshot(page, "team")

