"""`GET /feeds/<token>.json` (contract section 13): who is on call now and in the next 7 days,
for a chat bot, a status page or a dashboard. The same secret token as the iCal feed, no login.

Every request asks the store for the team's newest version, so a publication or an override
shows at once; the parsed publication of one (team, version) is kept, because parsing a
quarter's schedule costs more than the rest of the answer."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from scheduler import Assignment, Team, rows_holding, rows_starting, same_clock_days_later, team_iso
from service.store import FeedToken, Publication, Store, open_store
from service.store.base import now as current_time

JSON_PATH = "/feeds/{token}.json"
NEXT_DAYS = 7
CACHE_SIZE = 32


def json_path(token: str) -> str:
    return JSON_PATH.format(token=token)


def row_json(row: Assignment, team: Team) -> dict[str, Any]:
    member = next((m for m in team.members if m.id == row.person), None)
    return {"role": row.role, "person": row.person,
            "name": member.name if member else row.person,
            "start": team_iso(row.start, team), "end": team_iso(row.end, team)}


def now_feed(publication: Publication, at: datetime) -> dict[str, Any]:
    """The JSON body: rows holding at `at`, and every row starting in the following 7 days
    (by the team zone's calendar, so a week across DST is still Monday to Monday)."""
    team, schedule = publication.team, publication.schedule
    until = same_clock_days_later(at, NEXT_DAYS, team.timezone)
    return {"team": team.name, "generated": team_iso(at, team),
            "now": [row_json(a, team) for a in rows_holding(schedule, at)],
            "next": [row_json(a, team) for a in rows_starting(schedule, at, until)]}


class PublicationCache:
    """Parsed publications by (team, version): a new version is a new key."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Publication] = OrderedDict()
        self._lock = threading.Lock()

    def newest(self, store: Store, team_name: str) -> Publication | None:
        version = store.latest_version(team_name)
        if version is None:
            return None
        with self._lock:
            if (team_name, version) in self._items:
                return self._items[(team_name, version)]
        publication = store.publication(team_name, version)
        if publication is None:
            return None
        publication.schedule  # noqa: B018 -- parse once, outside the lock, then share
        with self._lock:
            self._items[(team_name, version)] = publication
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return publication


def json_endpoint(store_factory: Callable[[], Store] = open_store,
                  clock: Callable[[], datetime] | None = None
                  ) -> Callable[[Request], Awaitable[Response]]:
    """The route's handler; `clock` (default: the store's clock) says what "now" is."""
    publications = PublicationCache()

    def answer(token: str) -> dict[str, Any] | None:
        store = store_factory()
        feed = store.resolve_token(token)
        if not isinstance(feed, FeedToken) or feed.person is not None:
            return None
        publication = publications.newest(store, feed.team_name)
        return None if publication is None else now_feed(publication, (clock or current_time)())

    async def serve_json(request: Request) -> Response:
        body = await run_in_threadpool(answer, request.path_params["token"])
        if body is None:
            return Response("Not Found\n", status_code=404, media_type="text/plain")
        return JSONResponse(body, headers={"Cache-Control": "private, no-cache"})

    return serve_json
