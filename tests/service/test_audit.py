"""The audit trail (service.store.audit) on SQLite and PostgreSQL: entries come back newest first,
per team, with the actor's label and a tz-aware UTC time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from service.access import CLI_ACTOR, DEMO_SEED_ACTOR, LOCAL_ACTOR, Actor
from service.store import Store, audit

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_an_empty_trail(store: Store) -> None:
    assert audit.recent(store) == []


def test_entries_come_back_newest_first_with_who_what_and_when(store: Store) -> None:
    lead = Actor(email="lea@example.com")
    audit.record(store, lead, "team edit", "a-team", "+max", at=T0)
    # Stored in UTC whatever zone the caller used.
    audit.record(store, lead, "publish", "a-team", "version 2",
                 at=(T0 + timedelta(minutes=5)).astimezone(timezone(timedelta(hours=1))))
    entries = audit.recent(store, "a-team")
    assert [(e.actor, e.action, e.detail) for e in entries] == [
        ("lea@example.com", "publish", "version 2"), ("lea@example.com", "team edit", "+max")]
    assert entries[0].at == T0 + timedelta(minutes=5) and entries[0].at.tzinfo is not None


def test_a_team_sees_only_its_own_entries_and_the_limit_holds(store: Store) -> None:
    for i in range(5):
        audit.record(store, CLI_ACTOR, "publish", "a-team", f"version {i}", at=T0)
    audit.record(store, CLI_ACTOR, "publish", "b-team", "version 1", at=T0)
    assert len(audit.recent(store, "a-team")) == 5
    assert [e.detail for e in audit.recent(store, "a-team", limit=2)] == ["version 4",
                                                                         "version 3"]
    assert [e.team for e in audit.recent(store, "b-team")] == ["b-team"]
    assert len(audit.recent(store)) == 6


def test_actors_without_an_email_are_named_by_what_they_are(store: Store) -> None:
    for actor in (CLI_ACTOR, LOCAL_ACTOR, DEMO_SEED_ACTOR):
        audit.record(store, actor, "publish", "a-team", at=T0)
    assert [e.actor for e in audit.recent(store)] == [
        "first start (demo data)", "local (no login configured)", "cli"]


def test_a_long_detail_is_cut_not_refused(store: Store) -> None:
    audit.record(store, CLI_ACTOR, "import", "a-team", "x" * 5000, at=T0)
    assert len(audit.recent(store)[0].detail) == audit.DETAIL_CHARS
