"""The pager follows the plan, in a real browser (contract section 11): the demo team lists a
PagerDuty target per role; a lead enters an override on the On call page, and the app's push
lands on a local PagerDuty (tests/pager/servers/pagerduty_server.py), which then pages the holders the
newest version names."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import yaml

from service.access import CLI_ACTOR
from service.actions import changes
from service.actions.demo import DEMO_DIR
from service.store import Store
from tests.harness.oncall_flow import create_override
from tests.harness.serve import chromium_page, running_app, wait_idle
from tests.pager.servers.pagerduty_server import TOKEN, FakePagerDuty, running

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
FIRST_PAGE_MS = 120_000
TARGETS = {"primary": "PPRIMARY", "secondary": "PSECOND"}


def demo_with_pager() -> tuple[str, dict[str, str]]:
    """The demo team file with a PagerDuty user per member and a target per role."""
    spec = yaml.safe_load((DEMO_DIR / "team.yaml").read_text())
    users = {}
    for member in spec["members"]:
        users[member["id"]] = f"P{member['id'].upper()}"
        member.setdefault("aliases", {})["pagerduty"] = users[member["id"]]
    spec["pager"] = [{"tool": "pagerduty", "target": t, "role": r} for r, t in TARGETS.items()]
    return yaml.safe_dump(spec, sort_keys=False), users


def pages_the_newest_version(fake: FakePagerDuty, store: Store, users: dict[str, str]) -> bool:
    latest = store.publication("payments-sre")
    assert latest is not None
    now = datetime.now(UTC)
    for a in latest.schedule.assignments:
        if a.role in TARGETS and a.person and a.end > now:
            middle = max(a.start, now) + (a.end - max(a.start, now)) / 2
            if fake.paged(TARGETS[a.role], middle) != users[a.person]:
                return False
    return True


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakePagerDuty, Store,
                                                                      dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("e2e-pager")
    team_yaml, users = demo_with_pager()
    fake = FakePagerDuty(set(users.values()), now=datetime.now(UTC))
    saved = dict(os.environ)
    with running(fake):
        os.environ.update({"PAGERDUTY_TOKEN": TOKEN, "ROTA_PAGERDUTY_API_URL": fake.url})
        try:
            store = Store(f"sqlite:///{tmp / 'rota.db'}")
            changes.save_team(store, CLI_ACTOR, team_yaml, "team.yaml")
            changes.publish(store, CLI_ACTOR, team_yaml,
                            (DEMO_DIR / "schedule.csv").read_text(), team_source="team.yaml")
            with running_app(tmp / "rota.db", tmp / "streamlit.log") as base:
                yield base, fake, store, users
        finally:
            os.environ.clear()
            os.environ.update(saved)


def test_an_override_published_in_the_app_is_pushed_to_pagerduty(world) -> None:
    app_url, fake, store, users = world
    assert pages_the_newest_version(fake, store, users)  # the first publish pushed
    writes = fake.writes
    expect = playwright_api.expect
    with chromium_page(1400, 1000) as page:
        page.goto(f"{app_url}/oncall", timeout=FIRST_PAGE_MS)
        wait_idle(page, FIRST_PAGE_MS)
        # Only a future shift: the push starts from now, so a past override changes nothing.
        create_override(page, expect, ".fc-day-future .fc-event")
        page.goto(f"{app_url}/schedule", timeout=FIRST_PAGE_MS)
        expect(page.get_by_role("heading", name="Paging tools")).to_be_visible(
            timeout=FIRST_PAGE_MS)
    assert fake.invalid == []
    assert fake.writes > writes  # the override's pieces were created, the replaced one deleted
    assert pages_the_newest_version(fake, store, users)
