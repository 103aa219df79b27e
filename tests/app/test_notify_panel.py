"""The Team page's notifications panel (contract section 12): a signed-in member chooses
reminders for themselves only, and sees the team's delivery log."""

from __future__ import annotations

import pytest
from app_fixtures import page_app

from service.access import CLI_ACTOR
from service.actions import changes
from service.store import MessageKey, ReminderChoice, open_store

TEAM = "payments-sre"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32,
        "client_id": "rota", "client_secret": "secret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


@pytest.fixture
def notifying_db(rota_db: str) -> str:
    """The demo team published again with `notify`, alice as lead, and one message sent."""
    store = open_store(rota_db)
    latest = store.publication(TEAM)
    assert latest is not None
    team_yaml = latest.team_yaml + "leads: [alice]\nnotify: {email: true, remind_hours: 12}\n"
    changes.save_team(store, CLI_ACTOR, team_yaml, "team.yaml")
    changes.publish(store, CLI_ACTOR, team_yaml, latest.schedule_csv)
    key = MessageKey(TEAM, "reminder", "2027-01-04T08:00:00+00:00|primary", "bob")
    store.claim(key, "You are on call from Mon 4 Jan 09:00 CET")
    store.mark_sent(key)
    return rota_db


def team_page(email: str):
    at = page_app("team")
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_member_chooses_their_own_reminders(notifying_db: str) -> None:
    at = team_page("bob@example.com")
    person = at.selectbox(key=f"reminders_person_{TEAM}")
    assert (person.options, person.value) == (["bob"], "bob")
    assert at.toggle[0].value is True and at.number_input[0].value == 12.0
    at.toggle[0].set_value(False)
    at.number_input[0].set_value(3.0)
    next(b for b in at.get("form_submit_button") if b.label == "Save reminders").click().run()
    assert not at.exception and not at.error
    assert open_store(notifying_db).reminder_choices(TEAM) == {"bob": ReminderChoice(False, 3.0)}


def test_the_delivery_log_lists_what_was_sent(notifying_db: str) -> None:
    at = team_page("bob@example.com")
    # The demo plan runs around today, so reminders may be pending: their number depends on
    # the clock.
    assert any(c.value.startswith("Delivery log: 1 sent, 0 failed, ") for c in at.caption)
    log = at.dataframe[-1].value
    sent = log[log["state"] == "sent"]
    assert list(sent["subject"]) == ["You are on call from Mon 4 Jan 09:00 CET"]
    assert set(log["state"]) <= {"sent", "pending"}
