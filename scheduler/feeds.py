"""The secret iCal feeds: `GET`/`HEAD /feeds/<token>.ics` as Starlette routes.

`feed_routes()` returns the routes; app.py hands them to `st.App(..., routes=...)` so the
Streamlit server serves them. Every request asks the store for the team's newest version
number, so a new publication shows up at once; the calendar bytes for one (feed, version) are
built once and cached, because a year-long team feed takes ~0.1 s to build.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .ical import build_calendar
from .store import Store, open_store

FEED_PATH = "/feeds/{token}.ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Clients may reuse a copy for 5 minutes, then must revalidate (cheap: ETag -> 304).
# `private`: the URL is a secret, so shared caches must not keep it.
CACHE_CONTROL = "private, max-age=300"
CACHE_SIZE = 256


def feed_path(token: str) -> str:
    """The path of the feed a token opens, e.g. `/feeds/Qx...9A.ics`."""
    return FEED_PATH.format(token=token)


def feed_url(base_url: str, token: str) -> str:
    """The full subscription URL, e.g. feed_url("https://rota.example.com", token)."""
    return base_url.rstrip("/") + feed_path(token)


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    etag: str
    last_modified: str


class FeedCache:
    """Built calendars keyed by (team, person, version): a new publication is a new key, so
    stale entries simply age out of the LRU."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str | None, int], BuiltFeed] = OrderedDict()
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()

    def get(self, store: Store, team: str, person: str | None, version: int) -> BuiltFeed | None:
        key = (team, person, version)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        # One build at a time: fifty clients asking for a fresh version build it once.
        with self._build_lock:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            built = _build(store, team, person, version)
            if built is None:
                return None
            with self._lock:
                self._items[key] = built
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return built


def _build(store: Store, team: str, person: str | None, version: int) -> BuiltFeed | None:
    publication = store.publication(team, version)
    if publication is None:
        return None
    body = build_calendar(publication.schedule, person, published_at=publication.published_at,
                          sequences=publication.sequences)
    etag = f'"{version}-{hashlib.sha256(body).hexdigest()[:20]}"'
    return BuiltFeed(body, etag, format_datetime(publication.published_at, usegmt=True))


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = [c.strip() for c in if_none_match.split(",")]
    # Weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
    return "*" in candidates or etag in (c.removeprefix("W/") for c in candidates)


def _not_found() -> Response:
    # The same answer for unknown, revoked and malformed tokens: no hint that a token exists.
    return Response("Not Found\n", status_code=404, media_type="text/plain")


def feed_endpoint(store_factory: Callable[[], Store] = open_store,
                  cache: FeedCache | None = None) -> Callable[[Request], Response]:
    cache = cache or FeedCache()

    # A plain function: Starlette runs it in its thread pool, so blocking database calls are fine.
    def serve_feed(request: Request) -> Response:
        store = store_factory()
        feed = store.resolve_token(request.path_params["token"])
        if feed is None:
            return _not_found()
        version = store.latest_version(feed.team_name)
        built = cache.get(store, feed.team_name, feed.person, version) if version else None
        if built is None:
            return _not_found()
        headers = {"ETag": built.etag, "Cache-Control": CACHE_CONTROL,
                   "Last-Modified": built.last_modified}
        if _matches(request.headers.get("if-none-match"), built.etag):
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(built.body))
            return Response(b"", headers=headers, media_type=CONTENT_TYPE)
        return Response(built.body, headers=headers, media_type=CONTENT_TYPE)

    return serve_feed


def feed_routes(store_factory: Callable[[], Store] = open_store) -> list[Route]:
    """The routes app.py passes to `st.App(..., routes=feed_routes())`. `store_factory` is
    called per request (default: the ROTA_DB store), so tests can point it elsewhere."""
    return [Route(FEED_PATH, feed_endpoint(store_factory), methods=["GET", "HEAD"])]
