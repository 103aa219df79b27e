"""No change silently undoes another, in a real browser (contract section 10): after overrides
are published, Solve on the Schedule page plans from now, so rows already worked stay as
published, and Publish either keeps every override or says which it would undo and waits for
the lead to confirm."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.living.cover import cover_row
from scheduler.living.undo_check import undone_changes
from service.access import CLI_ACTOR
from service.actions.overrides import enter_override
from service.store import Store
from tests.harness.serve import chromium_page, running_app, wait_idle

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
FIRST_PAGE_MS = 120_000
STEP_MS = 90_000
TEAM = "payments-sre"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("e2e-publish")
    with running_app(tmp / "rota.db", tmp / "streamlit.log") as base:
        yield base, tmp / "rota.db"


def override_row(store: Store, when: datetime) -> int:
    """Hand the primary row holding `when` to its best cover candidate; the new version."""
    latest = store.publication(TEAM)
    assert latest is not None
    row = next(a for a in latest.schedule.assignments
               if a.role == "primary" and a.start <= when < a.end and a.person)
    candidate = cover_row(latest.schedule, row)[0].candidate
    entered = enter_override(store, CLI_ACTOR, TEAM, "primary", candidate, row.start, row.end,
                             reason="e2e")
    return entered.publication.version


def test_solve_and_publish_after_overrides_undoes_nothing_silently(served) -> None:
    base, db = served
    expect = playwright_api.expect
    with chromium_page(1400, 1200) as page:
        page.goto(f"{base}/schedule", timeout=FIRST_PAGE_MS)  # seeds the demo store
        expect(page.get_by_role("button", name="Solve")).to_be_visible(
            timeout=FIRST_PAGE_MS)
        store = Store(f"sqlite:///{db}")
        latest = store.publication(TEAM)
        assert latest is not None
        # The demo plan covers today; override the row being worked now and one tomorrow.
        now = datetime.now(UTC)
        first = min(a.start for a in latest.schedule.assignments)
        now = max(now, first + timedelta(hours=1))
        override_row(store, now)
        overridden = store.publication(TEAM, override_row(store, now + timedelta(days=1)))
        assert overridden is not None

        page.reload()
        expect(page.get_by_role("button", name="Solve")).to_be_visible(timeout=STEP_MS)
        wait_idle(page)
        page.get_by_label("Seed").fill("3")
        page.get_by_role("button", name="Solve").click()
        expect(page.get_by_text(re.compile(r"^Solved in"))).to_be_visible(timeout=STEP_MS)
        expect(page.get_by_text(re.compile(r"Planned from .*rows that started before then "
                                           r"stay as published"))).to_be_visible()
        wait_idle(page)
        solved = store.latest_schedule(TEAM)
        assert solved is not None
        from scheduler.formats.csvfile import parse_schedule

        schedule = parse_schedule(solved.schedule_csv,
                                  overridden.team, "solved in the app")
        undone = undone_changes(overridden.schedule, schedule, datetime.now(UTC))
        # Nothing already worked changes: the solve kept every started row.
        assert [u for u in undone if not u.is_override] == []
        publish = page.get_by_role("button", name="Publish", exact=True)
        if undone:
            # The page names each override it would undo and will not publish unasked.
            expect(page.get_by_text(re.compile(r"would undo \d+ change"))).to_be_visible()
            for u in undone:
                expect(page.get_by_text(
                    f"{u.row.person} covers for {u.row.covers_for}").first).to_be_visible()
            expect(publish).to_be_disabled()
        else:
            if publish.is_enabled():
                publish.click()
                expect(page.get_by_text(re.compile(r"Published version \d+"))).to_be_visible(
                    timeout=STEP_MS)
            newest = store.publication(TEAM)
            assert newest is not None
            assert undone_changes(overridden.schedule, newest.schedule,
                                  datetime.now(UTC)) == []
            assert sum(1 for a in newest.schedule.assignments if a.covers_for) >= 2
