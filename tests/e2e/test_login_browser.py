"""Login end to end (contract section 9): `streamlit run app.py` with an `[auth]` section
pointing at a real OpenID Connect provider running in the test (oidc-provider-mock), driven by
Playwright through Debian's Chromium.

- An anonymous visitor gets only the login button: no team names, no feed URLs.
- A member signs in and sees their own feed URL, no one else's, and no publish or edit controls.
- A lead signs in, edits the team, publishes, and the Team page's audit list shows their email.

The provider's authorization page asks for a subject; it issues the subject as the `email`
claim, so typing an address signs in as that address.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.access import CLI_ACTOR
from service.actions import changes
from service.store import Store
from tests.harness.serve import CHROMIUM, CHROMIUM_ARGS, free_port, running_app, wait_idle
from tests.service.access_fixtures import TEAM, TEAM_YAML, round_robin_csv

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api")
oidc_mock = pytest.importorskip("oidc_provider_mock")

STEP_MS = 60_000


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team whose lead is lea and member max: published once, and a newer solve waiting."""
    path = tmp_path_factory.mktemp("login") / "rota.db"
    store = Store(f"sqlite:///{path}")
    changes.save_team(store, CLI_ACTOR, TEAM_YAML, "team.yaml")
    changes.publish(store, CLI_ACTOR, TEAM_YAML, round_robin_csv(offset=0))
    changes.save_schedule(store, CLI_ACTOR, TEAM, TEAM_YAML, round_robin_csv(offset=1), None)
    return path


@pytest.fixture(scope="module")
def app_url(provider: str, store_path: Path) -> Iterator[str]:
    port = free_port()
    base = f"http://localhost:{port}"  # the host the redirect URI names, for the cookies
    secrets = store_path.parent / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{base}/oauth2callback"\n'
        'cookie_secret = "a-long-random-secret-for-the-test-only"\n'
        'client_id = "rota"\n'
        'client_secret = "rota-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    with running_app(store_path, store_path.parent / "streamlit.log", port=port,
                     extra_args=["--secrets.files", str(secrets)]):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def fresh_page(browser):
    """A new browser context: its own cookies, so each person signs in from scratch."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    # Offline machine: the provider's page links a CDN stylesheet; don't wait for it.
    page.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    return page


def sign_in(page, app_url: str, email: str) -> None:
    expect = playwright_api.expect
    page.goto(app_url)
    page.get_by_role("button", name="Log in").click(timeout=STEP_MS)
    page.locator("input[name=sub]").fill(email, timeout=STEP_MS)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)


def feed_urls(page) -> list[str]:
    codes = page.locator("[data-testid='stCode'] code").all_inner_texts()
    return [c.strip() for c in codes if "/feeds/" in c]


def test_anonymous_visitor_gets_only_the_login_button(browser, app_url: str) -> None:
    page = fresh_page(browser)
    page.goto(app_url)
    expect = playwright_api.expect
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    text = page.locator("body").inner_text()
    assert TEAM not in text and "/feeds/" not in text
    # Streamlit's toolbar (Deploy, menu) aside, the app shows one button: Log in.
    buttons = page.locator("[data-testid='stMain'] button, [data-testid='stSidebar'] button")
    assert [b.strip() for b in buttons.all_inner_texts()] == ["Log in"]
    page.goto(f"{app_url}/team")
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=STEP_MS)
    assert TEAM not in page.locator("body").inner_text()
    page.context.close()


def test_member_sees_their_own_feed_only_and_no_controls(browser, app_url: str,
                                                         store_path: Path) -> None:
    page = fresh_page(browser)
    sign_in(page, app_url, "MAX@example.com")  # the team file says max@example.com
    expect = playwright_api.expect
    page.goto(f"{app_url}/schedule")
    expect(page.get_by_text("Your calendar feed")).to_be_visible(timeout=STEP_MS)
    expect(page.locator("[data-testid='stCode']").filter(has_text="/feeds/")).to_have_count(
        1, timeout=STEP_MS)
    wait_idle(page)
    store = Store(f"sqlite:///{store_path}")
    own = store.feed_token(TEAM, "max")
    others = [t for p, t in store.feed_tokens(TEAM) if p != "max" and t]
    urls = feed_urls(page)
    assert urls == [f"{app_url}/feeds/{own}.ics"]
    html = page.content()
    assert not any(token in html for token in others)
    for control in ("Publish", "Solve", "Rotate", "Revoke"):
        assert page.get_by_role("button", name=control, exact=True).count() == 0
    with urllib.request.urlopen(urls[0], timeout=10) as response:  # feeds need no login
        assert response.headers["Content-Type"].startswith("text/calendar")
    page.goto(f"{app_url}/team")
    expect(page.get_by_text("Only the team's leads change it")).to_be_visible(timeout=STEP_MS)
    assert page.get_by_role("button", name="Save team").count() == 0
    page.context.close()


def test_lead_edits_publishes_and_the_audit_list_shows_their_email(browser, app_url: str
                                                                   ) -> None:
    page = fresh_page(browser)
    sign_in(page, app_url, "lea@example.com")
    expect = playwright_api.expect
    page.goto(f"{app_url}/team")
    rest = page.get_by_label("min_rest_hours")
    rest.fill("10")
    rest.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save team").click()
    expect(page.get_by_text(f"Saved team '{TEAM}'.")).to_be_visible(timeout=STEP_MS)
    wait_idle(page)

    page.goto(f"{app_url}/schedule")
    publish = page.get_by_role("button", name="Publish", exact=True)
    expect(publish).to_be_enabled(timeout=STEP_MS)
    publish.click()
    expect(page.get_by_text("Published version 2.", exact=True)).to_be_visible(timeout=STEP_MS)
    wait_idle(page)
    expect(page.locator("[data-testid='stCode']").filter(has_text="/feeds/")).to_have_count(
        4, timeout=STEP_MS)  # three members and the team feed

    page.goto(f"{app_url}/team")
    expect(page.get_by_text("Recent changes")).to_be_visible(timeout=STEP_MS)
    table = page.locator("[data-testid='stTable']")
    expect(table).to_contain_text("lea@example.com", timeout=STEP_MS)
    expect(table).to_contain_text("publish")
    expect(table).to_contain_text("team edit")
    page.context.close()
