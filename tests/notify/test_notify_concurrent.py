"""Two `notify` runs that overlap deliver each message once: the claim is a unique row in the
store, inserted before sending, so the database (SQLite or PostgreSQL) decides who sends."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from scheduler.domain import Team
from service.access import CLI_ACTOR
from service.actions.overrides import enter_override
from service.notify.messages import Message
from service.notify.run import deliver, notify_team
from service.store import Store
from tests.harness.notify_servers import json_endpoint, smtp_server
from tests.harness.notify_team import BERLIN, CHANNEL_ENV, TEAM_NAME, TEAM_YAML, schedule_csv

BEFORE_PLAN = datetime(2027, 3, 1, tzinfo=UTC)
REMINDER_TIME = datetime(2027, 3, 23, 10, tzinfo=BERLIN)


def test_two_concurrent_runs_deliver_each_message_once(store: Store,
                                                       monkeypatch: pytest.MonkeyPatch):
    store.publish(TEAM_YAML, schedule_csv())
    notify_team(store, TEAM_NAME, BEFORE_PLAN)
    enter_override(store, CLI_ACTOR, TEAM_NAME, "primary", "bob",
                   datetime(2027, 3, 25, 9, tzinfo=BERLIN), datetime(2027, 3, 25, 21, tzinfo=BERLIN))

    def slow_deliver(message: Message, team: Team) -> None:
        time.sleep(0.05)  # widen the window in which the other run could send it too
        deliver(message, team)

    with smtp_server() as (smtp_url, mailbox), json_endpoint() as (channel_url, posts):
        monkeypatch.setenv("ROTA_SMTP_URL", smtp_url)
        monkeypatch.setenv(CHANNEL_ENV, channel_url)
        start = threading.Barrier(2)
        results = []

        def run() -> None:
            start.wait()
            results.append(notify_team(store, TEAM_NAME, REMINDER_TIME, send=slow_deliver))

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    # Two change mails, two reminders (alice's Tue night, bob's Wed day), one summary post.
    assert sorted(m.key.kind for r in results for m in r.sent) == \
        ["change", "change", "change", "reminder", "reminder"]
    assert [f for r in results for f in r.failures] == []
    assert sorted(mailbox.to()) == ["alice@example.com", "alice@example.com",
                                    "bob@example.com", "bob@example.com"]
    assert len(posts.received) == 1
    assert notify_team(store, TEAM_NAME, REMINDER_TIME).sent == []


def test_an_unexpected_sender_error_gives_the_claim_back(store: Store):
    store.publish(TEAM_YAML, schedule_csv())

    def broken(message: Message, team: Team) -> None:
        raise RuntimeError("plugin crashed")

    result = notify_team(store, TEAM_NAME, REMINDER_TIME, send=broken)
    assert [error for _, error in result.failures] == ["RuntimeError: plugin crashed"] * 2
    retried = notify_team(store, TEAM_NAME, REMINDER_TIME, send=lambda message, team: None)
    assert sorted(m.key.recipient for m in retried.sent) == ["alice", "bob"]
