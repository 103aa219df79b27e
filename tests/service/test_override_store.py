"""Overrides in the store: kept with the version they apply to, published as a new version
whose feeds bump SEQUENCE only on changed events; leads only; hard rules refuse."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler import parse_team, schedule_csv
from scheduler.errors import HardRuleError
from service.access import CLI_ACTOR, AccessDenied, Actor
from service.actions.overrides import enter_override, list_overrides
from service.store import Store
from service.store.errors import StoreError
from tests.harness.calendar_team import TEAM_YAML, round_robin

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 3, 20, 12, 0, tzinfo=ZoneInfo("UTC"))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def published(store: Store) -> Store:
    team = parse_team(TEAM_YAML, "team.yaml")
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)), now=NOW)
    return store


def test_an_override_is_stored_and_published_as_the_next_version(published: Store):
    entered = enter_override(published, CLI_ACTOR, "payments-sre", "primary", "chen",
                             at("2027-03-26 12:00"), at("2027-03-26 14:00"), "dentist", now=NOW)
    assert entered.publication.version == 2
    assert "2027-03-26T12:00:00+01:00,2027-03-26T14:00:00+01:00,day,primary,chen,,alice" \
        in entered.publication.schedule_csv
    [record] = list_overrides(published, "payments-sre")
    assert (record.version, record.result_version, record.person, record.covers_for,
            record.reason, record.entered_by) == (1, 2, "chen", ("alice",), "dentist", "cli")
    assert record.start == at("2027-03-26 12:00")
    before = published.publication("payments-sre", 1).sequences
    after = published.publication("payments-sre", 2).sequences
    bumped = {uid for uid in before if after[uid][0] > before[uid][0]}
    assert bumped == {"20270326T080000Z-day-primary.payments-sre@rota",
                      "20270326T080000Z-day-secondary.payments-sre@rota"}
    assert {uid for uid in after if uid not in before} == {
        "20270326T110000Z-day-primary.payments-sre@rota",
        "20270326T130000Z-day-primary.payments-sre@rota"}


def test_stacked_overrides_apply_to_the_latest_version(published: Store):
    enter_override(published, CLI_ACTOR, "payments-sre", "primary", "chen",
                   at("2027-03-26 12:00"), at("2027-03-26 16:00"), now=NOW)
    # alice, the scheduled primary, takes an hour of chen's cover back.
    second = enter_override(published, CLI_ACTOR, "payments-sre", "primary", "alice",
                            at("2027-03-26 14:00"), at("2027-03-26 15:00"), "back early", now=NOW)
    assert second.publication.version == 3
    assert second.record.covers_for == ("chen",)
    assert "2027-03-26T14:00:00+01:00,2027-03-26T15:00:00+01:00,day,primary,alice,,chen" \
        in second.publication.schedule_csv
    assert [r.version for r in list_overrides(published, "payments-sre")] == [1, 2]


def test_only_leads_enter_overrides_and_nothing_is_written(published: Store):
    member = Actor(email="alice@example.com")
    with pytest.raises(AccessDenied, match="may not enter an override"):
        enter_override(published, member, "payments-sre", "primary", "chen",
                       at("2027-03-26 12:00"), at("2027-03-26 14:00"))
    assert published.latest_version("payments-sre") == 1
    assert list_overrides(published, "payments-sre") == []


def test_a_broken_hard_rule_publishes_nothing(published: Store):
    with pytest.raises(HardRuleError, match="overlap rule: bob already holds secondary"):
        enter_override(published, CLI_ACTOR, "payments-sre", "primary", "bob",
                       at("2027-03-26 12:00"), at("2027-03-26 14:00"))
    assert published.latest_version("payments-sre") == 1


def test_an_override_made_from_a_stale_version_is_refused_and_nothing_is_written(
        published: Store, monkeypatch: pytest.MonkeyPatch):
    # Two leads: one reads version 1, the other publishes version 2 meanwhile. The first
    # lead's override, made from version 1, would silently undo version 2; it is refused.
    stale = published.publication("payments-sre")
    second = enter_override(published, CLI_ACTOR, "payments-sre", "primary", "chen",
                            at("2027-03-26 12:00"), at("2027-03-26 14:00"), "dentist", now=NOW)
    assert second.publication.version == 2
    monkeypatch.setattr(published, "publication", lambda *_a, **_k: stale)
    with pytest.raises(StoreError, match="version 2 was published after version 1"):
        enter_override(published, CLI_ACTOR, "payments-sre", "primary", "chen",
                       at("2027-03-26 12:00"), at("2027-03-26 14:00"), "again", now=NOW)
    monkeypatch.undo()
    assert published.latest_version("payments-sre") == 2
    assert [r.result_version for r in list_overrides(published, "payments-sre")] == [2]


def test_the_new_version_and_its_override_row_stand_or_fall_together(published: Store):
    # A write that fails inside publish's transaction (here: the extra rows) leaves no new
    # version behind: the version and the override record are one transaction.
    def failing(conn, team_id, version):
        raise StoreError("boom")

    with pytest.raises(StoreError, match="boom"):
        published.publish(TEAM_YAML, published.publication("payments-sre").schedule_csv,
                          now=NOW, also=failing)
    assert published.latest_version("payments-sre") == 1
