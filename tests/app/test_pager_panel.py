"""The Schedule page's Paging tools section (contract section 11): the last push per target,
its failure when there was one, and the lead's Push again, which pushes and records a new run.
The team's members have no PagerDuty aliases here, so every push is a recorded failure that
sends nothing."""

from __future__ import annotations

import yaml

from service.access import CLI_ACTOR
from service.actions import changes
from service.actions.demo import DEMO_DIR
from service.store import open_store
from service.store.pushes import last_runs

TEAM = "payments-sre"


def publish_with_target() -> None:
    spec = yaml.safe_load((DEMO_DIR / "team.yaml").read_text())
    spec["pager"] = [{"tool": "pagerduty", "target": "PABC123", "role": "primary"}]
    team_yaml = yaml.safe_dump(spec, sort_keys=False)
    store = open_store()
    changes.save_team(store, CLI_ACTOR, team_yaml, "team.yaml")
    changes.publish(store, CLI_ACTOR, team_yaml, (DEMO_DIR / "schedule.csv").read_text())


def test_the_last_push_per_target_shows_and_a_lead_pushes_again(page):
    publish_with_target()  # the publish pushed, and failed: nobody has aliases.pagerduty
    at = page("schedule").run()
    assert not at.exception
    assert "Paging tools" in [s.value for s in at.subheader]
    table = at.table[-1].value
    assert list(table.index) == ["pagerduty"] and table.iloc[0]["schedule"] == "PABC123"
    assert "aliases.pagerduty" in table.iloc[0]["failure"]
    before = last_runs(open_store(), TEAM)[0].at
    at.button(key=f"push_again_{TEAM}").click().run()
    assert not at.exception
    assert any("Pushed to 0 of 1 target(s)." in s.value for s in at.success)
    assert last_runs(open_store(), TEAM)[0].at >= before
