"""Contract section 9 at the service layer, not just in the pages: every state-changing service
function refuses members, outsiders and anonymous callers and then has changed nothing (not
even the audit trail); the team's lead, the CLI and the unconfigured local app may make the
change, and it is recorded with who made it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
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

import service
from scheduler import parse_team
from service import audit, changes
from service.access import (
    ANONYMOUS,
    CLI_ACTOR,
    LOCAL_ACTOR,
    STATE_CHANGING,
    AccessDenied,
    Actor,
    require_self_or_lead,
)
from service.app_store import AppStore
from service.store import Store
from tests.calendar.postgres_server import fresh_database, postgres_server

REPO = Path(__file__).resolve().parents[2]

Call = Callable[[AppStore, Actor], object]
# One call per state-changing service function. A function added with @state_changing but
# missing here fails test_every_state_changing_function_is_exercised.
CALLS: dict[str, Call] = {
    "service.changes.save_team": lambda apps, actor: changes.save_team(
        apps, actor, TEAM_YAML.replace("Max Member", "Max M."), "team.yaml"),
    "service.changes.save_schedule": lambda apps, actor: changes.save_schedule(
        apps, actor, TEAM, TEAM_YAML, round_robin_csv(offset=1), None),
    "service.changes.publish": lambda apps, actor: changes.publish(
        apps, actor, TEAM_YAML, round_robin_csv(offset=1)),
    "service.changes.rotate_feed": lambda apps, actor: changes.rotate_feed(
        apps, actor, TEAM, "max"),
    "service.changes.revoke_feed": lambda apps, actor: changes.revoke_feed(
        apps, actor, TEAM, "max"),
    "service.changes.import_export": lambda apps, actor: changes.import_export(
        apps, actor, parse_team(TEAM_YAML, "team.yaml"), PAGES_CSV.encode(), "pages.csv"),
}
# Functions that take an actor without changing a team: the checks themselves, and the audit
# trail's writer, which the gated functions call after their check.
TAKES_ACTOR_TO_CHECK = {"service.access.member_of", "service.access.is_lead",
                        "service.access.require_lead", "service.access.require_self_or_lead",
                        "service.access.refusal", "service.audit.record"}
REFUSED = {"member": MEMBER, "outsider": OUTSIDER, "anonymous": ANONYMOUS,
           "member without email": Actor(email=None)}


def _import_every_service_module() -> None:
    for module in pkgutil.walk_packages(service.__path__, "service."):
        importlib.import_module(module.name)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    workdir = Path(tempfile.mkdtemp(prefix="rota-pg-"))
    try:
        with postgres_server(workdir) as url:
            yield url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def apps(request: pytest.FixtureRequest, tmp_path: Path) -> AppStore:
    url = (f"sqlite:///{tmp_path}/rota.db" if request.param == "sqlite"
           else fresh_database(request.getfixturevalue("postgres_url")))
    apps = AppStore(Store(url))
    changes.save_team(apps, CLI_ACTOR, TEAM_YAML, "team.yaml")
    changes.publish(apps, CLI_ACTOR, TEAM_YAML, round_robin_csv())
    return apps


def snapshot(apps: AppStore) -> tuple:
    latest = apps.latest_schedule(TEAM)
    return (apps.team_yaml(TEAM), latest and latest["schedule_csv"],
            apps.store.latest_version(TEAM), apps.store.feed_tokens(TEAM),
            apps.incident_count(TEAM),
            [(e.actor, e.action, e.detail) for e in audit.recent(apps.store)])


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
def test_refused_callers_change_nothing(apps: AppStore, function: str, who: str) -> None:
    before = snapshot(apps)
    with pytest.raises(AccessDenied, match="only its leads may"):
        CALLS[function](apps, REFUSED[who])
    assert snapshot(apps) == before


@pytest.mark.parametrize("function", list(CALLS))
def test_the_lead_makes_the_change_and_the_trail_names_them(apps: AppStore,
                                                            function: str) -> None:
    before = snapshot(apps)
    CALLS[function](apps, LEAD)
    assert snapshot(apps)[:-1] != before[:-1]
    newest = audit.recent(apps.store, TEAM, limit=1)[0]
    assert newest.actor == "lea@example.com" and newest.team == TEAM
    assert newest.at.tzinfo is not None


@pytest.mark.parametrize("actor", [CLI_ACTOR, LOCAL_ACTOR], ids=["cli", "local app"])
def test_trusted_callers_may_change_everything(apps: AppStore, actor: Actor) -> None:
    for call in CALLS.values():
        call(apps, actor)
    labels = {e.actor for e in audit.recent(apps.store, TEAM)}
    assert actor.label in labels


def test_a_member_cannot_make_themselves_lead_by_uploading_a_team_file(apps: AppStore) -> None:
    promoted = TEAM_YAML.replace("leads: [lea]", "leads: [lea, max]")
    with pytest.raises(AccessDenied):
        changes.save_team(apps, MEMBER, promoted, "team.yaml")
    assert parse_team(apps.team_yaml(TEAM), "t").leads == ("lea",)


def test_a_new_team_needs_its_creator_among_its_leads(apps: AppStore) -> None:
    other = TEAM_YAML.replace("team: gate-sre", "team: other-sre")
    with pytest.raises(AccessDenied):
        changes.save_team(apps, OUTSIDER, other, "other.yaml")
    assert changes.save_team(apps, MEMBER, other.replace("leads: [lea]", "leads: [max]"),
                             "other.yaml") == "other-sre"
    assert audit.recent(apps.store, "other-sre")[0].action == "team create"


def test_an_unknown_team_is_refused_like_a_known_one(apps: AppStore) -> None:
    with pytest.raises(AccessDenied, match="only its leads may"):
        changes.rotate_feed(apps, MEMBER, "no-such-team", "max")


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
    for page in sorted((REPO / "ui").glob("*.py")):
        for number, line in enumerate(page.read_text().splitlines(), 1):
            if writes.search(line):
                assert "changes." in line, f"{page.name}:{number}: {line.strip()}"
