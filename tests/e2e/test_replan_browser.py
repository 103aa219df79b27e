"""End to end in a real browser: add time off on the Team page, re-plan the published demo
schedule, see the diff, publish, and the person's feed no longer has shifts in that time off."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from service.store import Store
from tests.harness.serve import (
    chromium_page,
    running_app,
    screenshot_path,
    wait_idle,
)

FIRST_PAGE_MS = 120_000
STEP_MS = 90_000
BERLIN = ZoneInfo("Europe/Berlin")
# Time off a week from today, in a demo seeded so that its plan runs two weeks past that.
TODAY = datetime.now(BERLIN).date()
OFF_FIRST, OFF_LAST = TODAY + timedelta(days=7), TODAY + timedelta(days=9)

pytestmark = pytest.mark.e2e

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("e2e-replan")
    from service.access import CLI_ACTOR
    from service.actions.demo import seed_demo

    seed_demo(Store(f"sqlite:///{tmp / 'rota.db'}"), CLI_ACTOR, today=TODAY + timedelta(days=14))
    with running_app(tmp / "rota.db", tmp / "streamlit.log") as base:
        yield base, tmp / "rota.db"


def _fill_date(page, label: str, day: date) -> None:
    """Streamlit's date input is a group of year, month and day spin buttons: type each."""
    for segment, value in (("year", day.year), ("month", day.month), ("day", day.day)):
        button = page.get_by_role("spinbutton", name=f"{segment}, {label}")
        button.click()
        button.press_sequentially(f"{value:02d}" if segment != "year" else str(value))
    page.keyboard.press("Tab")


def test_time_off_replan_publish_and_feed(served) -> None:
    app_url, db = served
    expect = playwright_api.expect
    with chromium_page(1400, 1400) as page:
        page.goto(f"{app_url}/schedule")  # the first visit seeds and publishes the demo
        expect(page.get_by_text("Who is on call")).to_be_visible(timeout=FIRST_PAGE_MS)
        page.goto(f"{app_url}/team")
        expect(page.get_by_text("Time off and re-plan")).to_be_visible(timeout=STEP_MS)
        wait_idle(page)
        _fill_date(page, "Time off from", OFF_FIRST)
        _fill_date(page, "Time off to (inclusive)", OFF_LAST)
        page.get_by_role("button", name="Add time off").click()
        expect(page.get_by_text(f"Added time off for alice: {OFF_FIRST} to {OFF_LAST}")).to_be_visible(
            timeout=STEP_MS)
        wait_idle(page)
        page.get_by_role("button", name="Re-plan", exact=True).click()
        expect(page.get_by_text(re.compile(r"changed row\(s\) against published"))
               ).to_be_visible(timeout=STEP_MS)
        expect(page.get_by_text("Who gains, who loses")).to_be_visible()
        wait_idle(page)
        page.screenshot(path=screenshot_path("replan"), full_page=True)
        page.get_by_role("button", name="Publish re-plan").click()
        expect(page.get_by_text(re.compile(r"Published version 2: \d+ changed row"))
               ).to_be_visible(timeout=STEP_MS)
    token = Store(f"sqlite:///{db}").feed_token("payments-sre", "alice")
    with urllib.request.urlopen(f"{app_url}/feeds/{token}.ics", timeout=20) as response:
        calendar = icalendar.Calendar.from_ical(response.read())
    events = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")]
    assert events
    away_from = datetime(OFF_FIRST.year, OFF_FIRST.month, OFF_FIRST.day, tzinfo=BERLIN)
    after = OFF_LAST + timedelta(days=1)
    away_to = datetime(after.year, after.month, after.day, tzinfo=BERLIN)
    assert [s for s, e in events if s < away_to and away_from < e] == []
