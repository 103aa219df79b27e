"""FeedsFirst answers /feeds/... ahead of the app's own middleware and routes, and passes every
other request through untouched (issue 14: a feed request skips Streamlit's stack)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from scheduler.formats.csvfile import schedule_csv
from service.web.feeds import FeedsFirst, feed_path
from tests.harness.calendar_team import TEAM_YAML, round_robin


def _app(store) -> tuple[Starlette, list[str]]:
    seen: list[str] = []

    class Recording:
        """Stands for the app's own middleware: records what reaches it."""

        def __init__(self, app) -> None:
            self.app = app

        async def __call__(self, scope, receive, send) -> None:
            seen.append(scope.get("path", ""))
            await self.app(scope, receive, send)

    async def page(_request):
        return PlainTextResponse("page")

    app = Starlette(routes=[Route("/{path:path}", page)],
                    middleware=[Middleware(FeedsFirst, store_factory=lambda: store, ttl=0),
                                Middleware(Recording)])
    return app, seen


def test_a_feed_is_served_without_reaching_the_rest_of_the_stack(store, team):
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))
    app, seen = _app(store)
    with TestClient(app) as client:
        response = client.get(feed_path(store.feed_token("payments-sre", "alice")))
        assert response.status_code == 200
        assert response.content.startswith(b"BEGIN:VCALENDAR")
        assert client.get("/feeds/not-a-token.ics").status_code == 404
        assert client.get("/feeds/nested/path.ics").status_code == 404
        assert client.post(feed_path("anything")).status_code == 405
    assert not [p for p in seen if p.startswith("/feeds/")]


def test_other_requests_pass_through(store):
    app, seen = _app(store)
    with TestClient(app) as client:
        response = client.get("/team")
        assert response.status_code == 200 and response.text == "page"
        assert client.get("/feedsx").text == "page"
    assert "/team" in seen and "/feedsx" in seen
