"""Cover requests: a member asks the leads for cover on their own shift; a lead approves
(entering the override, published as the next version) or declines. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduler.errors import HardRuleError, InputError
from service.access import CLI_ACTOR, AccessDenied, Actor
from service.actions import changes
from service.actions.cover import decide_cover, list_cover_requests, request_cover
from service.actions.overrides import list_overrides
from service.store import Store, audit
from tests.service.access_fixtures import LEAD, MEMBER, TEAM, TEAM_YAML, round_robin_csv

# max (MEMBER) holds the night primary 2027-03-01 21:00 to 03-02 09:00 Berlin (20:00-08:00 UTC).
NIGHT = datetime(2027, 3, 1, 20, tzinfo=UTC)
NOW = datetime(2027, 2, 20, 12, tzinfo=UTC)


@pytest.fixture
def team_store(store: Store) -> Store:
    changes.save_team(store, CLI_ACTOR, TEAM_YAML, "team.yaml")
    changes.publish(store, CLI_ACTOR, TEAM_YAML, round_robin_csv())
    return store


def ask(store: Store, actor=MEMBER, candidate="nomail", hours=(1, 3)):
    start, end = (NIGHT.replace(hour=NIGHT.hour + h) for h in hours)
    return request_cover(store, actor, TEAM, "primary", "max", candidate, start, end,
                         "school play", now=NOW)


def test_a_member_asks_and_a_lead_approves_which_publishes_the_override(team_store: Store):
    asked = ask(team_store)
    assert (asked.id, asked.status, asked.version) == (1, "open", 1)
    assert asked.requested_by == MEMBER.label
    assert team_store.latest_version(TEAM) == 1  # asking publishes nothing
    decided = decide_cover(team_store, LEAD, TEAM, asked.id, approve=True, now=NOW)
    assert (decided.status, decided.decided_by, decided.result_version) == (
        "approved", "lea@example.com", 2)
    assert "2027-03-01T22:00:00+01:00,2027-03-02T00:00:00+01:00,night,primary,nomail,,max" \
        in team_store.publication(TEAM).schedule_csv
    [override] = list_overrides(team_store, TEAM)
    assert override.reason == "cover request #1: school play" and override.covers_for == ("max",)
    assert list_cover_requests(team_store, TEAM) == []  # nothing open any more
    actions = [e.action for e in audit.recent(team_store, TEAM)]
    assert actions[:2] == ["override", "cover request"]


def test_a_declined_request_changes_no_schedule_and_cannot_be_decided_twice(team_store: Store):
    asked = ask(team_store)
    declined = decide_cover(team_store, LEAD, TEAM, asked.id, approve=False, now=NOW)
    assert declined.status == "declined" and declined.result_version is None
    assert team_store.latest_version(TEAM) == 1
    with pytest.raises(InputError, match="cover request #1 is not open"):
        decide_cover(team_store, LEAD, TEAM, asked.id, approve=True)
    with pytest.raises(InputError, match="cover request #99 is not open"):
        decide_cover(team_store, LEAD, TEAM, 99, approve=True)


def test_only_the_member_themself_or_a_lead_may_ask_and_only_leads_decide(team_store: Store):
    with pytest.raises(AccessDenied, match="only 'max' and the team's leads may"):
        request_cover(team_store, Actor(email="eve@elsewhere.example"), TEAM,
                      "primary", "max", "nomail", NIGHT, NIGHT.replace(hour=21))
    asked = ask(team_store)
    with pytest.raises(AccessDenied, match="only its leads may"):
        decide_cover(team_store, MEMBER, TEAM, asked.id, approve=True)
    assert [r.status for r in list_cover_requests(team_store, TEAM, status=None)] == ["open"]


def test_a_request_is_checked_before_it_is_stored(team_store: Store):
    # Not max's shift at that time (lea holds the day), and a candidate who is no member.
    with pytest.raises(InputError, match="max holds no primary shift"):
        request_cover(team_store, MEMBER, TEAM, "primary", "max", "nomail",
                      datetime(2027, 3, 1, 9, tzinfo=UTC), datetime(2027, 3, 1, 10, tzinfo=UTC))
    with pytest.raises(InputError, match="'ghost' is not a member"):
        ask(team_store, candidate="ghost")
    assert list_cover_requests(team_store, TEAM, status=None) == []


def test_an_approval_the_rules_now_refuse_leaves_the_request_open(team_store: Store):
    asked = ask(team_store, candidate="nomail")
    # Meanwhile a new version gives max's night to nomail: approving the request would put
    # nomail on a shift they already hold, which the override rules refuse.
    changes.publish(team_store, CLI_ACTOR, TEAM_YAML, round_robin_csv(offset=1))
    with pytest.raises((HardRuleError, InputError)):
        decide_cover(team_store, LEAD, TEAM, asked.id, approve=True)
    assert [r.status for r in list_cover_requests(team_store, TEAM, status=None)] == ["open"]
    assert team_store.latest_version(TEAM) == 2


def test_a_request_whose_candidate_drops_a_required_skill_is_refused(store: Store):
    # Contract section 10: cover requests keep every hard rule, required skills included.
    skilled = TEAM_YAML.replace("members:", "rules: {required_skills: [failover]}\nmembers:") \
        .replace("email: Lea@Example.com}", "email: Lea@Example.com, skills: [failover]}") \
        .replace("email: max@example.com}", "email: max@example.com, skills: [failover]}")
    changes.save_team(store, CLI_ACTOR, skilled, "team.yaml")
    changes.publish(store, CLI_ACTOR, skilled, round_robin_csv(skilled))
    with pytest.raises(HardRuleError, match="2027-03-01 21:00 night: nobody holds required "
                                            "skill 'failover'"):
        ask(store, candidate="nomail")
    assert list_cover_requests(store, TEAM, status=None) == []
