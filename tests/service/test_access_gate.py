"""Contract section 9 at the service layer, not just in the pages: every state-changing service
function refuses members, outsiders and anonymous callers and then has changed nothing (not
even the audit trail); the team's lead, the CLI and the unconfigured local app may make the
change, and it is recorded with who made it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from access_fixtures import (
    LEAD,
    MEMBER,
    OUTSIDER,
    PAGES_CSV,
    TEAM,
    TEAM_YAML,
    round_robin_csv,
)
from sqlalchemy import func, select

import service
from scheduler import parse_team
from scheduler.formats.csvfile import parse_schedule
from service.access import (
    ANONYMOUS,
    CLI_ACTOR,
    LOCAL_ACTOR,
    STATE_CHANGING,
    AccessDenied,
    Actor,
    require_self_or_lead,
)
from service.actions import changes
from service.actions.cover import decide_cover, list_cover_requests, request_cover
from service.actions.overrides import enter_override
from service.actions.paging_import import import_export
from service.actions.push import push_again
from service.actions.replan import Replanned, publish_replan
from service.notify.preferences import choose_reminders
from service.store import ReminderChoice, Store, audit
from service.store.schema import push_runs

REPO = Path(__file__).resolve().parents[2]

Call = Callable[[Store, Actor], object]
# One call per state-changing service function. A function added with @state_changing but
# missing here fails test_every_state_changing_function_is_exercised.
CALLS: dict[str, Call] = {
    "service.actions.changes.save_team": lambda store, actor: changes.save_team(
        store, actor, TEAM_YAML.replace("Max Member", "Max M."), "team.yaml"),
    "service.actions.changes.save_schedule": lambda store, actor: changes.save_schedule(
        store, actor, TEAM, TEAM_YAML, round_robin_csv(offset=1), None),
    "service.actions.changes.publish": lambda store, actor: changes.publish(
        store, actor, TEAM_YAML, round_robin_csv(offset=1)),
    "service.actions.changes.rotate_feed": lambda store, actor: changes.rotate_feed(
        store, actor, TEAM, "max"),
    "service.actions.changes.revoke_feed": lambda store, actor: changes.revoke_feed(
        store, actor, TEAM, "max"),
    "service.actions.overrides.enter_override": lambda store, actor: enter_override(
        store, actor, TEAM, "primary", "nomail", datetime(2027, 3, 1, 8, tzinfo=UTC),
        datetime(2027, 3, 1, 20, tzinfo=UTC), "cover"),
    "service.actions.paging_import.import_export": lambda store, actor: import_export(
        store, parse_team(TEAM_YAML, "team.yaml"), PAGES_CSV.encode(), "pages.csv", actor),
    "service.actions.replan.publish_replan": lambda store, actor: publish_replan(
        store, actor, _replanned(store)),
    "service.actions.cover.request_cover": lambda store, actor: _ask_cover(store, actor),
    "service.actions.cover.decide_cover": lambda store, actor: decide_cover(
        store, actor, TEAM, 1, approve=False),
    "service.actions.push.push_again": lambda store, actor: push_again(store, actor, TEAM),
    "service.notify.preferences.choose_reminders": lambda store, actor: choose_reminders(
        store, actor, TEAM, "lea", ReminderChoice(False, 12)),
}
# Functions that take an actor but are not gates themselves: the checks, the audit trail's
# writer (called after a check), and the demo loader, made only of gated calls.
TAKES_ACTOR_TO_CHECK = {"service.actions.demo.seed_demo", "service.access.member_of", "service.access.is_lead",
                        "service.access.require_lead", "service.access.require_self_or_lead",
                        "service.access.refusal", "service.store.audit.record",
                        "service.actions.changes.require_lead_of_stored",
                        "service.actions.changes.stored_or_refused",
                        # runs inside publish, override and re-plan, after their gate
                        "service.pager.after_publish.after_publish",
                        # computes a re-plan and stores nothing; checks the stored team's leads
                        "service.actions.replan.replan_published"}
REFUSED = {"member": MEMBER, "outsider": OUTSIDER, "anonymous": ANONYMOUS,
           "member without email": Actor(email=None)}


def _ask_cover(store: Store, actor: Actor) -> object:
    """Ask cover for the first hour of the first row held by someone other than max (the
    MEMBER): only that person and the leads may ask."""
    latest = store.publication(TEAM)
    assert latest is not None
    row = next(a for a in latest.schedule.assignments if a.person not in (None, "max"))
    assert row.person is not None
    return request_cover(store, actor, TEAM, row.role, row.person, "max", row.start,
                         row.start + timedelta(hours=1))


def _replanned(store: Store) -> Replanned:
    """A re-plan of the newest published version that moves every row by one person."""
    team = parse_team(TEAM_YAML, "team.yaml")
    previous = parse_schedule(round_robin_csv(), team, "v1.csv")
    new = parse_schedule(round_robin_csv(offset=1), team, "replan.csv")
    version = store.latest_version(TEAM) or 1
    return Replanned(TEAM_YAML, new, previous, version, [], len(new.assignments), 0, True)


def _import_every_service_module() -> None:
    for module in pkgutil.walk_packages(service.__path__, "service."):
        importlib.import_module(module.name)


# The team as published here lists a paging-tool target, so pushing again has something to do
# (its members have no aliases: each push is a recorded failure, and sends nothing).
GATE_YAML = TEAM_YAML + "pager:\n  - {tool: pagerduty, target: PGATE01, role: primary}\n"


@pytest.fixture
def team_store(store: Store) -> Store:
    """The store fixture (SQLite and PostgreSQL) holding the team, published once."""
    changes.save_team(store, CLI_ACTOR, GATE_YAML, "team.yaml")
    changes.publish(store, CLI_ACTOR, GATE_YAML, round_robin_csv())
    # An open request (#1) for the leads to decide: max asks lea to take an hour of his night.
    request_cover(store, CLI_ACTOR, TEAM, "primary", "max", "lea",
                  datetime(2027, 3, 1, 21, tzinfo=UTC), datetime(2027, 3, 1, 22, tzinfo=UTC))
    return store


def snapshot(store: Store) -> tuple:
    latest = store.latest_schedule(TEAM)
    return (store.team_yaml(TEAM), latest and latest.schedule_csv, store.latest_version(TEAM),
            store.feed_tokens(TEAM), store.incident_count(TEAM),
            [(r.id, r.status) for r in list_cover_requests(store, TEAM, status=None)],
            _push_runs(store), store.reminder_choices(TEAM),
            [(e.actor, e.action, e.detail) for e in audit.recent(store)])


def _push_runs(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(push_runs)).scalar_one())


def test_every_state_changing_function_is_exercised() -> None:
    _import_every_service_module()
    assert set(STATE_CHANGING) == set(CALLS)


def test_every_service_function_taking_an_actor_is_registered_as_state_changing() -> None:
    _import_every_service_module()
    registered = set(STATE_CHANGING.values())
    for module in pkgutil.walk_packages(service.__path__, "service."):
        loaded = importlib.import_module(module.name)
        for name, function in inspect.getmembers(loaded, inspect.isfunction):
            qualified = f"{module.name}.{name}"
            public = function.__module__ == module.name and not name.startswith("_")
            if public and qualified not in TAKES_ACTOR_TO_CHECK and \
                    "actor" in inspect.signature(function).parameters:
                assert function in registered, f"{qualified} takes an actor: @state_changing?"


@pytest.mark.parametrize("who", list(REFUSED))
@pytest.mark.parametrize("function", list(CALLS))
def test_refused_callers_change_nothing(team_store: Store, function: str, who: str) -> None:
    before = snapshot(team_store)
    # "only its leads may", or for a member's own shift "only 'lea' and the team's leads may"
    with pytest.raises(AccessDenied, match=r"only (its|'\w+' and the team's) leads may"):
        CALLS[function](team_store, REFUSED[who])
    assert snapshot(team_store) == before


@pytest.mark.parametrize("function", list(CALLS))
def test_the_lead_makes_the_change_and_the_trail_names_them(team_store: Store,
                                                            function: str) -> None:
    before = snapshot(team_store)
    CALLS[function](team_store, LEAD)
    assert snapshot(team_store)[:-1] != before[:-1]
    newest = audit.recent(team_store, TEAM, limit=1)[0]
    assert newest.actor == "lea@example.com" and newest.team == TEAM
    assert newest.at.tzinfo is not None


@pytest.mark.parametrize("actor", [CLI_ACTOR, LOCAL_ACTOR], ids=["cli", "local app"])
def test_trusted_callers_may_change_everything(team_store: Store, actor: Actor) -> None:
    for call in CALLS.values():
        call(team_store, actor)
    labels = {e.actor for e in audit.recent(team_store, TEAM)}
    assert actor.label in labels


def test_a_member_cannot_make_themselves_lead_by_uploading_a_team_file(team_store: Store) -> None:
    promoted = TEAM_YAML.replace("leads: [lea]", "leads: [lea, max]")
    with pytest.raises(AccessDenied):
        changes.save_team(team_store, MEMBER, promoted, "team.yaml")
    assert parse_team(team_store.team_yaml(TEAM), "t").leads == ("lea",)


def test_a_new_team_needs_its_creator_among_its_leads(team_store: Store) -> None:
    other = TEAM_YAML.replace("team: gate-sre", "team: other-sre")
    with pytest.raises(AccessDenied):
        changes.save_team(team_store, OUTSIDER, other, "other.yaml")
    assert changes.save_team(team_store, MEMBER, other.replace("leads: [lea]", "leads: [max]"),
                             "other.yaml") == "other-sre"
    assert audit.recent(team_store, "other-sre")[0].action == "team create"


def test_an_unknown_team_is_refused_like_a_known_one(team_store: Store) -> None:
    with pytest.raises(AccessDenied, match="only its leads may"):
        changes.rotate_feed(team_store, MEMBER, "no-such-team", "max")


def test_a_member_may_act_on_their_own_shifts_only() -> None:
    team = parse_team(TEAM_YAML, "team.yaml")
    require_self_or_lead(MEMBER, team, "max", "ask for cover")
    require_self_or_lead(LEAD, team, "max", "ask for cover")
    with pytest.raises(AccessDenied, match="only 'lea' and the team's leads may"):
        require_self_or_lead(MEMBER, team, "lea", "ask for cover")
    with pytest.raises(AccessDenied):
        require_self_or_lead(ANONYMOUS, team, "max", "ask for cover")


def test_pages_change_state_only_through_the_gated_functions() -> None:
    """A page calling the store's own write methods would bypass the gate."""
    writes = re.compile(r"\.(publish|save_team|save_schedule|rotate_token|revoke_token|"
                        r"import_pages)\(")
    for page in sorted((REPO / "ui").rglob("*.py")):  # every page, in any sub-folder
        for number, line in enumerate(page.read_text().splitlines(), 1):
            if writes.search(line):
                assert "changes." in line, f"{page.name}:{number}: {line.strip()}"
