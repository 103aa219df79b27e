"""Contract section 12 in a real browser: a lead publishes an override on the On call page and
the team's members concerned get their change messages from the app itself, through a real
local SMTP server (no `rota notify` run in between)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.access import CLI_ACTOR
from service.actions import changes
from service.store import Store
from tests.harness.notify_servers import Mailbox, json_endpoint, smtp_server
from tests.harness.notify_team import CHANNEL_ENV, TEAM_YAML, schedule_csv
from tests.harness.oncall_flow import open_override_form
from tests.harness.serve import chromium_page, running_app, wait_idle

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
FIRST_PAGE_MS = 120_000
# Everyone with an address, so whoever the form offers, both people concerned get a mail.
EVERYONE_MAILED = TEAM_YAML.replace("{id: carol}", "{id: carol, email: carol@example.com}")


@pytest.fixture
def app_with_mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                  ) -> Iterator[tuple[str, Mailbox]]:
    store = Store(f"sqlite:///{tmp_path}/rota.db")
    changes.save_team(store, CLI_ACTOR, EVERYONE_MAILED, "team.yaml")
    changes.publish(store, CLI_ACTOR, EVERYONE_MAILED, schedule_csv())
    store.engine.dispose()
    with smtp_server() as (smtp_url, mailbox), json_endpoint() as (channel_url, _):
        monkeypatch.setenv("ROTA_SMTP_URL", smtp_url)
        monkeypatch.setenv("ROTA_MAIL_FROM", "rota@example.com")
        monkeypatch.setenv(CHANNEL_ENV, channel_url)
        with running_app(tmp_path / "rota.db", tmp_path / "streamlit.log") as base:
            yield base, mailbox


def test_a_lead_publishes_an_override_and_the_two_people_concerned_are_mailed(app_with_mail):
    base, mailbox = app_with_mail
    expect = playwright_api.expect
    with chromium_page(1400, 1000) as page:
        page.goto(f"{base}/oncall", timeout=FIRST_PAGE_MS)
        expect(page.get_by_role("heading", name="On call")).to_be_visible(
            timeout=FIRST_PAGE_MS)
        wait_idle(page, FIRST_PAGE_MS)
        open_override_form(page, expect, tries=20)
        page.get_by_label("Reason").fill("dentist")
        page.get_by_role("button", name="Create override").click()
        expect(page.get_by_text("Change messages: 3 sent")).to_be_visible(timeout=60_000)
    deadline = time.monotonic() + 10
    while len(mailbox.mails) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(mailbox.mails) == 2
    assert len(set(mailbox.to())) == 2
    assert set(mailbox.subjects()) == {"Your on-call shifts changed"}
