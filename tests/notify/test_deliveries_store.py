"""The deliveries table keeps exactly once: a message is claimed before it is sent, a second
claim of the same message is refused by the database, and a failed delivery gives the claim back.
Runs on SQLite and PostgreSQL (the `store` fixture)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from service.store import MessageKey, ReminderChoice, Store

KEY = MessageKey("payments-sre", "reminder", "2027-01-04T08:00:00+00:00|primary", "alice")
NOW = datetime(2027, 1, 4, 7, 0, tzinfo=UTC)


def test_a_message_is_claimed_once(store: Store):
    assert store.claim(KEY, "You are on call", NOW)
    assert not store.claim(KEY, "You are on call", NOW)
    store.mark_sent(KEY, NOW)
    assert not store.claim(KEY, "You are on call", NOW + timedelta(hours=1))
    assert [r.state for r in store.delivery_log("payments-sre")] == ["sent"]


def test_a_failed_delivery_gives_the_claim_back_and_is_logged(store: Store):
    assert store.claim(KEY, "You are on call", NOW)
    store.release(KEY, "You are on call", "SMTP: connection refused", NOW)
    [failed] = store.delivery_log("payments-sre")
    assert (failed.state, failed.error) == ("failed", "SMTP: connection refused")
    assert store.claim(KEY, "You are on call", NOW)
    store.mark_sent(KEY, NOW)
    assert [r.state for r in store.delivery_log("payments-sre")] == ["sent"]


def test_a_claim_left_by_a_dead_run_is_taken_over_later(store: Store):
    assert store.claim(KEY, "You are on call", NOW)
    assert not store.claim(KEY, "You are on call", NOW + timedelta(minutes=5))
    assert store.claim(KEY, "You are on call", NOW + timedelta(hours=1))


def test_of_eight_concurrent_claims_exactly_one_wins(store: Store):
    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(lambda _: store.claim(KEY, "x", NOW), range(8)))
    assert won.count(True) == 1


def test_the_last_notified_version_is_the_highest_marked(store: Store):
    assert store.last_notified_version("payments-sre") is None
    store.mark_version_notified("payments-sre", 1)
    store.mark_version_notified("payments-sre", 3)
    store.mark_version_notified("payments-sre", 3)
    assert store.last_notified_version("payments-sre") == 3
    assert store.last_notified_version("other-team") is None


def test_a_reminder_choice_is_kept_per_member(store: Store):
    store.set_reminder_choice("payments-sre", "alice", ReminderChoice(False, 24))
    store.set_reminder_choice("payments-sre", "alice", ReminderChoice(True, 2))
    store.set_reminder_choice("payments-sre", "bob", ReminderChoice(False, 12))
    assert store.reminder_choices("payments-sre") == {
        "alice": ReminderChoice(True, 2.0), "bob": ReminderChoice(False, 12.0)}
