"""The feed routes with Starlette's TestClient: 200, HEAD, 304 and 404 (contract section 5)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from scheduler.formats.csvfile import schedule_csv
from service.web.feeds import feed_path, feed_routes
from tests.harness.calendar_team import TEAM_YAML, round_robin


@pytest.fixture
def client(store):
    return TestClient(Starlette(routes=feed_routes(lambda: store, ttl=0)))


@pytest.fixture
def published(store, team):
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))
    return store


def test_get_serves_the_calendar(client, published):
    response = client.get(feed_path(published.feed_token("payments-sre", "alice")))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["etag"].startswith('"')
    assert "max-age" in response.headers["cache-control"]
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    assert b"payments-sre \xc2\xb7 alice" in response.content


def test_head_has_the_headers_and_no_body(client, published):
    path = feed_path(published.feed_token("payments-sre"))
    identity = {"Accept-Encoding": "identity"}
    get, head = client.get(path, headers=identity), client.head(path, headers=identity)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert int(head.headers["content-length"]) == len(get.content)


def test_gzip_is_served_precompressed_with_its_own_etag(client, published):
    path = feed_path(published.feed_token("payments-sre"))
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.content == plain.content  # httpx decodes it
    assert packed.headers["etag"] != plain.headers["etag"]
    assert client.get(path, headers={"If-None-Match": plain.headers["etag"],
                                     "Accept-Encoding": "gzip"}).status_code == 304


def test_if_none_match_gets_304_until_a_new_publication(client, published, team):
    path = feed_path(published.feed_token("payments-sre", "bob"))
    etag = client.get(path).headers["etag"]
    cached = client.get(path, headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b""
    assert cached.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
    published.publish(TEAM_YAML, schedule_csv(round_robin(team, 1)))
    fresh = client.get(path, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != etag


@pytest.mark.parametrize("token", ["", "nope", "x" * 32, "../../etc/passwd"])
def test_unknown_tokens_get_a_plain_404(client, published, token):
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 404
    assert b"calendar" not in response.content.lower()


def test_revoked_and_rotated_tokens_get_404(client, published):
    old = published.feed_token("payments-sre", "chen")
    new = published.rotate_token("payments-sre", "chen")
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200
    published.revoke_token("payments-sre", "chen")
    response = client.get(feed_path(new))
    assert response.status_code == 404
    assert response.content == client.get("/feeds/nope.ics").content


def test_events_link_to_the_handoff_panel_on_the_serving_app(client, published):
    from icalendar import Calendar

    response = client.get(feed_path(published.feed_token("payments-sre", "alice")))
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    description = str(event["description"])
    # TestClient's base URL is http://testserver; the link names the shift's start in UTC.
    assert "Handoff notes: http://testserver/schedule?team=payments-sre&handoff=" in description
