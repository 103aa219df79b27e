"""Contract section 9 in the app (AppTest over app.py, seeded demo store): what an anonymous
visitor, a member, a lead and someone on no team see, with and without a login configured.
The real OIDC round trip is tested in a browser in tests/e2e/test_login_browser.py."""

from __future__ import annotations

import pytest
from app_fixtures import REPO, page_app
from streamlit.testing.v1 import AppTest

from service.access import CLI_ACTOR
from service.actions import changes
from service.store import audit, open_store

TEAM = "payments-sre"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32,
        "client_id": "rota", "client_secret": "secret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


@pytest.fixture
def led_db(rota_db: str) -> str:
    """The seeded store, with alice as the demo team's lead."""
    store = open_store(rota_db)
    team_yaml = store.team_yaml(TEAM)
    changes.save_team(store, CLI_ACTOR, team_yaml + "leads: [alice]\n", "team.yaml")
    return rota_db


def run_app(user: dict | None, page: str | None = None) -> AppTest:
    """app.py (the gate, then the Now page), or one page's render() alone."""
    at = (page_app(page) if page else
          AppTest.from_file(str(REPO / "app.py"), default_timeout=60))
    if user is not None:
        at.secrets["auth"] = AUTH
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def everything_shown(at: AppTest) -> str:
    return "\n".join(str(getattr(node, "proto", "")) for block in (at.main, at.sidebar)
                     for node in block)


def feed_urls(at: AppTest) -> list[str]:
    return [c.value for c in at.code if "/feeds/" in c.value]


def test_without_a_login_every_page_says_anyone_can_change_everything(rota_db) -> None:
    at = run_app(None)
    assert any("anyone who can reach this app can change everything" in w.value
               for w in at.warning)
    assert at.title[0].value == "Now"
    schedule = run_app(None, page="schedule")
    assert len(feed_urls(schedule)) == 11
    assert any(b.label == "Publish" for b in schedule.button)


def test_an_anonymous_visitor_sees_only_the_login_button(led_db) -> None:
    at = run_app({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Log in"]
    shown = everything_shown(at)
    assert TEAM not in shown and "/feeds/" not in shown and "alice" not in shown
    assert not at.selectbox and not at.code and not at.dataframe


def test_a_member_sees_their_own_feed_url_only_and_no_controls(led_db) -> None:
    at = run_app({"is_logged_in": True, "email": "Bob@Example.com"}, page="schedule")
    bob = open_store(led_db).feed_token(TEAM, "bob")
    assert feed_urls(at) == [f"http://localhost:8501/feeds/{bob}.ics"]
    others = [t for p, t in open_store(led_db).feed_tokens(TEAM) if p != "bob" and t]
    shown = everything_shown(at)
    assert not any(token in shown for token in others)
    labels = {b.label for b in at.button}
    assert "Publish" not in labels and "Solve" not in labels and "Rotate" not in labels
    assert not any("Solve" in b.label for b in at.get("form_submit_button"))
    assert "Who is on call" in [s.value for s in at.subheader]


def test_a_lead_sees_every_feed_and_a_rotation_is_recorded_with_their_email(led_db) -> None:
    at = run_app({"is_logged_in": True, "email": "alice@example.com"}, page="schedule")
    assert len(feed_urls(at)) == 11
    assert any(b.label == "Publish" for b in at.button)
    old = open_store(led_db).feed_token(TEAM, "bob")
    at.button(key=f"rotate_{TEAM}_bob").click().run()
    assert not at.exception
    assert open_store(led_db).feed_token(TEAM, "bob") != old
    newest = audit.recent(open_store(led_db), TEAM, limit=1)[0]
    assert (newest.actor, newest.action, newest.detail) == ("alice@example.com",
                                                            "feed rotate", "bob")


def test_someone_signed_in_on_no_team_sees_only_that_fact(led_db) -> None:
    at = run_app({"is_logged_in": True, "email": "eve@elsewhere.example"})
    assert any("you are on no team" in i.value for i in at.info)
    assert [b.label for b in at.button] == ["Log out"]
    shown = everything_shown(at)
    assert TEAM not in shown and "/feeds/" not in shown


def test_an_unverified_email_matches_no_member(led_db) -> None:
    at = run_app({"is_logged_in": True, "email": "bob@example.com", "email_verified": False})
    assert any("no verified email" in i.value for i in at.info)
    assert "/feeds/" not in everything_shown(at)


def test_a_member_sees_the_team_read_only_with_its_recent_changes(led_db) -> None:
    at = run_app({"is_logged_in": True, "email": "bob@example.com"}, page="team")
    assert not at.get("arrow_data_editor") and not at.number_input
    assert not any(b.label == "Save team" for b in at.button)
    assert "Recent changes" in [s.value for s in at.subheader]
    assert any("Only the team's leads change it" in c.value for c in at.caption)


def test_a_lead_edits_the_team_and_the_trail_lists_their_email(led_db) -> None:
    at = run_app({"is_logged_in": True, "email": "alice@example.com"}, page="team")
    at.number_input(key=next(n.key for n in at.number_input if n.key.startswith("rest_"))
                    ).set_value(11.0).run()
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("save_"))
              ).click().run()
    assert not at.exception and not at.error
    assert "min_rest_hours: 11.0" in open_store(led_db).team_yaml(TEAM)
    newest = audit.recent(open_store(led_db), TEAM, limit=1)[0]
    assert (newest.actor, newest.action) == ("alice@example.com", "team edit")
    assert at.table[-1].value.iloc[0]["who"] == "alice@example.com"


def test_the_load_page_offers_imports_to_leads_only(led_db) -> None:
    member = run_app({"is_logged_in": True, "email": "bob@example.com"}, page="load")
    assert not member.get("file_uploader")
    lead = run_app({"is_logged_in": True, "email": "alice@example.com"}, page="load")
    assert lead.get("file_uploader")


def test_a_lead_names_another_lead_and_is_warned_before_dropping_themselves(led_db) -> None:
    from scheduler.teamfile.parse import parse_team

    at = run_app({"is_logged_in": True, "email": "alice@example.com"}, page="team")
    leads = next(m for m in at.multiselect if m.key.startswith("leads_"))
    assert leads.value == ["alice"]
    leads.set_value(["bob"]).run()
    assert any("takes you off the leads" in w.value for w in at.warning)
    leads = next(m for m in at.multiselect if m.key.startswith("leads_"))
    leads.set_value(["alice", "bob"]).run()
    assert not any("takes you off the leads" in w.value for w in at.warning)
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("save_"))
              ).click().run()
    assert not at.exception and not at.error
    store = open_store(led_db)
    assert parse_team(store.team_yaml(TEAM), "t").leads == ("alice", "bob")
    assert audit.recent(store, TEAM, limit=1)[0].detail.endswith("leads: alice, bob")


def test_a_member_asks_cover_for_their_own_shifts_only_and_cannot_override(led_db) -> None:
    from scheduler.formats.ical import event_contents
    from scheduler.living.cover import cover_row

    schedule = open_store(led_db).publication(TEAM).schedule
    contents = event_contents(schedule)
    own = next(c.uid for c in contents
               if c.assignment.person == "bob" and cover_row(schedule, c.assignment))
    other = next(c.uid for c in contents if c.assignment.person == "chen")
    before = open_store(led_db).latest_version(TEAM)
    at = run_app({"is_logged_in": True, "email": "bob@example.com"}, page="oncall")
    assert at.selectbox(key="absence_person").options == ["bob"]
    assert not [b for b in at.button if b.label == "Override"]
    at.toggle(key="oncall_past").set_value(True).run()  # the demo's first rows are past
    at.selectbox(key="oncall_pick").set_value(own).run()
    assert not at.exception
    assert "rank" in at.dataframe[0].value.columns  # who could take bob's shift
    # No override form: a cover request to the leads instead.
    assert [b.label for b in at.get("form_submit_button")] == ["Ask the leads for cover"]
    at.selectbox(key="oncall_pick").set_value(other).run()
    assert any("your own shifts" in c.value for c in at.caption)
    assert open_store(led_db).latest_version(TEAM) == before


def test_a_member_asks_the_leads_and_a_lead_approves_on_the_oncall_page(led_db) -> None:
    from scheduler.formats.ical import event_contents
    from scheduler.living.cover import cover_row
    from service.actions.cover import list_cover_requests

    store = open_store(led_db)
    schedule = store.publication(TEAM).schedule
    own = next(c for c in event_contents(schedule)
               if c.assignment.person == "bob" and cover_row(schedule, c.assignment))
    before = store.latest_version(TEAM)
    member = run_app({"is_logged_in": True, "email": "bob@example.com"}, page="oncall")
    member.toggle(key="oncall_past").set_value(True).run()  # the demo's first rows are past
    member.selectbox(key="oncall_pick").set_value(own.uid).run()
    candidate = member.selectbox(key=f"ask_who_{own.uid}").value
    member.text_input(key=f"ask_note_{own.uid}").set_value("school play")
    next(b for b in member.get("form_submit_button")
         if b.label == "Ask the leads for cover").click().run()
    assert not member.exception, [e.value for e in member.exception]
    [asked] = list_cover_requests(store, TEAM)
    assert (asked.person, asked.candidate, asked.note) == ("bob", candidate, "school play")
    assert store.latest_version(TEAM) == before  # asking publishes nothing
    lead = run_app({"is_logged_in": True, "email": "alice@example.com"}, page="oncall")
    assert "Cover requests" in [s.value for s in lead.subheader]
    lead.button(key=f"cover_yes_{asked.id}").click().run()
    assert not lead.exception, [e.value for e in lead.exception]
    assert store.latest_version(TEAM) == before + 1
    assert list_cover_requests(store, TEAM, status="approved")[0].result_version == before + 1
