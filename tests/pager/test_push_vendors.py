"""Push (the engine) against the local Opsgenie, GoAlert and Splunk On-Call: the first push
makes the plan, a second writes nothing, and an override a person made survives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from scheduler.formats.csvfile import parse_schedule
from scheduler.teamfile.parse import parse_team
from service.pager import factory, goalert, opsgenie, splunk_oncall
from service.pager.base import PagerClient, PagerError
from service.pager.push import PushOutcome, PushTarget, push
from service.pager.wanted import wanted_overrides
from service.store import Store
from tests.pager.conftest import HOUR, MONDAY_9, PLAN, schedule_csv
from tests.pager.conftest import TEAM_YAML as PAGERDUTY_TEAM_YAML
from tests.pager.servers.fake_tool import FakeTool, serving
from tests.pager.servers.goalert_fake import SCHEDULE as GOALERT_SCHEDULE
from tests.pager.servers.goalert_fake import TOKEN as GOALERT_TOKEN
from tests.pager.servers.goalert_fake import GoAlertFake
from tests.pager.servers.opsgenie_fake import API_KEY as OPSGENIE_KEY
from tests.pager.servers.opsgenie_fake import OpsgenieFake
from tests.pager.servers.splunk_fake import API_ID as SPLUNK_ID
from tests.pager.servers.splunk_fake import API_KEY as SPLUNK_KEY
from tests.pager.servers.splunk_fake import SplunkFake

END = MONDAY_9 + 48 * HOUR
TEAM_HEAD = PAGERDUTY_TEAM_YAML.split("members:")[0]
GA = {
    "alice": "0b8c1f8e-0000-4000-8000-00000000a11c",
    "bob": "0b8c1f8e-0000-4000-8000-000000000b0b",
    "carol": "0b8c1f8e-0000-4000-8000-0000000ca401",
}
# conftest's team (Berlin, 12-hour day/night primary) with aliases for the three tools
TEAM_YAML = (
    TEAM_HEAD
    + f"""\
members:
  - {{id: alice, aliases: {{opsgenie: alice@example.com, goalert: {GA["alice"]}, splunk-oncall: alice}}}}
  - {{id: bob, aliases: {{opsgenie: bob@example.com, goalert: {GA["bob"]}, splunk-oncall: bob}}}}
  - {{id: carol, aliases: {{opsgenie: carol@example.com, goalert: {GA["carol"]}, splunk-oncall: carol}}}}
"""
)
TEAM = parse_team(TEAM_YAML, "team.yaml")


@dataclass(frozen=True)
class Tool:
    name: str
    target: str
    fake: Callable[[], FakeTool]
    make_client: Callable[[str | None, dict[str, str]], PagerClient]
    env: dict[str, str]
    add_foreign: Callable[[Any, str, datetime, datetime, str], object]  # a person's override


def _opsgenie_foreign(
    fake: OpsgenieFake, target: str, start: datetime, end: datetime, user: str
) -> None:
    fake.overrides[target]["swap"] = {
        "alias": "swap",
        "user": {"type": "user", "username": user},
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
    }


TOOLS = [
    Tool(
        "opsgenie",
        "sched-1",
        lambda: OpsgenieFake(users=("alice@example.com", "bob@example.com", "carol@example.com")),
        opsgenie.make_client,
        {"OPSGENIE_API_KEY": OPSGENIE_KEY},
        _opsgenie_foreign,
    ),
    Tool(
        "goalert",
        GOALERT_SCHEDULE,
        lambda: GoAlertFake(users=tuple(GA.values()), key_query=goalert.QUERY),
        goalert.make_client,
        {"GOALERT_TOKEN": GOALERT_TOKEN},
        lambda fake, target, start, end, user: fake.add(
            target, start.isoformat(), end.isoformat(), add=user
        ),
    ),
    Tool(
        "splunk-oncall",
        "pol-payments:rota-oncall",
        lambda: SplunkFake(
            users=("rota-oncall", "alice", "bob", "carol"),
            on_call={"rota-oncall": [("pol-payments", "team-payments")]},
        ),
        splunk_oncall.make_client,
        {"SPLUNK_ONCALL_API_ID": SPLUNK_ID, "SPLUNK_ONCALL_API_KEY": SPLUNK_KEY},
        lambda fake, target, start, end, user: fake.add(
            "rota-oncall", start.isoformat(), end.isoformat(), {"pol-payments": user}
        ),
    ),
]


@pytest.fixture(params=TOOLS, ids=[t.name for t in TOOLS])
def tool(request: pytest.FixtureRequest) -> Tool:
    chosen: Tool = request.param
    return chosen


@pytest.fixture
def served(tool: Tool) -> Iterator[tuple[FakeTool, PagerClient]]:
    fake = tool.fake()
    with serving(fake) as url:
        made = tool.make_client(url, tool.env)
        made.sleep = lambda seconds: None  # type: ignore[attr-defined]
        yield fake, made
    assert fake.invalid == []


def run(tool: Tool, client: PagerClient, store: Store, *holders: str) -> PushOutcome:
    plan = parse_schedule(schedule_csv(*(holders or PLAN)), TEAM, "schedule.csv")
    now = MONDAY_9 - HOUR
    where = PushTarget(tool.name, tool.target, "primary", TEAM.name, "test", TEAM.timezone)
    wanted = wanted_overrides(plan, tool.name, "primary", now, END)
    return push(client, store, where, wanted, now, END, now)


def held_users(tool: Tool, client: PagerClient) -> list[str]:
    held = client.list_overrides(tool.target, MONDAY_9 - HOUR, END)
    return [o.user for o in sorted(held, key=lambda o: (o.start, o.id))]


def alias(tool: Tool, member: str) -> str:
    return dict(TEAM.member(member).aliases)[tool.name]


def test_first_push_makes_the_plan_and_the_second_writes_nothing(
    tool: Tool, served: tuple[FakeTool, PagerClient], tmp_path: Any
) -> None:
    fake, client = served
    store = Store(f"sqlite:///{tmp_path / 'rota.db'}")
    first = run(tool, client, store)
    assert first.summary() == "created 4, deleted 0, unchanged 0, kept 0 made by others"
    assert held_users(tool, client) == [alias(tool, m) for m in PLAN]
    writes = len(fake.writes())
    second = run(tool, client, store)
    assert second.summary() == "created 0, deleted 0, unchanged 4, kept 0 made by others"
    assert len(fake.writes()) == writes


def test_a_replan_changes_only_its_rows_and_a_persons_override_survives(
    tool: Tool, served: tuple[FakeTool, PagerClient], tmp_path: Any
) -> None:
    fake, client = served
    store = Store(f"sqlite:///{tmp_path / 'rota.db'}")
    run(tool, client, store)
    tool.add_foreign(
        fake, tool.target, MONDAY_9 + 2 * HOUR, MONDAY_9 + 4 * HOUR, alias(tool, "carol")
    )
    outcome = run(tool, client, store, "bob", "bob", "carol", "alice")
    assert outcome.summary() == "created 1, deleted 1, unchanged 3, kept 1 made by others"
    assert any("made by others" in line for line in outcome.lines)
    # by start: bob's new day row, carol's two hours inside it, then the rows kept as they were
    assert held_users(tool, client) == [
        alias(tool, m) for m in ("bob", "carol", "bob", "carol", "alice")
    ]


def test_the_registry_finds_each_client_by_its_tool_name(tool: Tool) -> None:
    assert factory(tool.name) is tool.make_client


def test_a_rejected_row_stops_the_push_and_a_rerun_finishes_without_twins(
    tool: Tool, served: tuple[FakeTool, PagerClient], tmp_path: Any
) -> None:
    fake, client = served
    store = Store(f"sqlite:///{tmp_path / 'rota.db'}")
    users: set[str] = fake.users  # type: ignore[attr-defined]
    users.discard(alias(tool, "carol"))  # carol has not joined the tool yet
    with pytest.raises(PagerError) as caught:
        run(tool, client, store)
    assert "primary carol" in str(caught.value)
    users.add(alias(tool, "carol"))
    rerun = run(tool, client, store)
    assert rerun.summary() == "created 2, deleted 0, unchanged 2, kept 0 made by others"
    assert held_users(tool, client) == [alias(tool, m) for m in PLAN]
