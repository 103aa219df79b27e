"""The app's hook (contract section 11): publishing a team that lists `pager:` targets pushes
the new version with the server's credentials; an override then writes only its difference;
a push that cannot run still publishes, and its failure is recorded for the Schedule page."""

from __future__ import annotations

import pytest

from service.access import CLI_ACTOR
from service.actions import changes
from service.actions.overrides import enter_override
from service.store import audit
from service.store.pushes import last_runs
from tests.pager.conftest import HOUR, MONDAY_9, PLAN, TEAM_YAML, schedule_csv
from tests.pager.servers.pagerduty_server import TOKEN

TEAM = "payments-sre"


@pytest.fixture
def server_env(pagerduty, monkeypatch):
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    monkeypatch.setenv("ROTA_PAGERDUTY_API_URL", pagerduty.url)
    return pagerduty


def test_publish_then_override_each_push_what_changed(store, server_env):
    changes.publish(store, CLI_ACTOR, TEAM_YAML, schedule_csv(*PLAN))
    assert len(server_env.held("PSCHED1")) == 4
    enter_override(store, CLI_ACTOR, TEAM, "primary", "carol", MONDAY_9 + 15 * HOUR,
                   MONDAY_9 + 18 * HOUR, "dentist")
    run = last_runs(store, TEAM)[0]
    assert (run.created, run.deleted, run.unchanged, run.failure) == (3, 1, 3, None)
    assert server_env.paged("PSCHED1", MONDAY_9 + 16 * HOUR) == "PCAROL3"
    assert audit.recent(store, TEAM, limit=1)[0].action == "push"


def test_a_push_that_cannot_run_still_publishes_and_records_why(store, monkeypatch):
    monkeypatch.delenv("PAGERDUTY_TOKEN", raising=False)
    publication = changes.publish(store, CLI_ACTOR, TEAM_YAML, schedule_csv(*PLAN))
    assert store.latest_version(TEAM) == publication.version
    failure = last_runs(store, TEAM)[0].failure
    assert failure is not None and "PAGERDUTY_TOKEN" in failure
