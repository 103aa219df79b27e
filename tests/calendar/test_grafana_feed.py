"""Contract section 11: Grafana OnCall / Cloud IRM subscribe to the team feed with
`?role=ROLE&names=grafana`: one event per row of that role, SUMMARY the holder's
`aliases.grafana` (the member id when they have none)."""

from __future__ import annotations

import icalendar
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from scheduler import parse_team
from scheduler.formats.csvfile import schedule_csv
from service.web.feeds import feed_path, feed_routes
from tests.harness.calendar_team import TEAM_YAML, round_robin

GRAFANA_YAML = TEAM_YAML.replace("{id: alice, name: Alice Wagner, email: alice@example.com}",
                                 "{id: alice, name: Alice Wagner, aliases: {grafana: awagner}}")


@pytest.fixture
def client(store):
    return TestClient(Starlette(routes=feed_routes(lambda: store, ttl=0)))


@pytest.fixture
def path(store):
    schedule = round_robin(parse_team(GRAFANA_YAML, "team.yaml"))
    store.publish(GRAFANA_YAML, schedule_csv(schedule))
    return feed_path(store.feed_token("payments-sre")), schedule


def events(response) -> list[tuple[str, object]]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return [(str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")]


def test_grafana_view_has_one_event_per_row_of_the_role_named_by_grafana_username(client, path):
    url, schedule = path
    got = events(client.get(url + "?role=primary&names=grafana"))
    rows = sorted((a for a in schedule.assignments if a.role == "primary"), key=lambda a: a.start)
    assert [s for s, _ in got] == [{"alice": "awagner"}.get(a.person, a.person) for a in rows]
    assert [start for _, start in got] == [a.start for a in rows]
    assert {"awagner", "bob", "chen"} == {s for s, _ in got}


def test_the_plain_team_feed_is_unchanged_by_the_view(client, path):
    url, schedule = path
    plain = events(client.get(url))
    assert len(plain) == len(schedule.assignments)
    assert all(s.startswith("On-call ") for s, _ in plain)


def test_an_unknown_names_value_is_not_found(client, path):
    url, _ = path
    assert client.get(url + "?names=pagerduty").status_code == 404
