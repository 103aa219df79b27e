"""The secret iCal feeds: `GET`/`HEAD /feeds/<token>.ics` as Starlette routes, next to the
team token's who-is-on-call JSON (`/feeds/<token>.json`, service.web.feed_json).

`feed_routes()` returns the routes; `FeedsFirst` serves them as a middleware that app.py puts
in front of Streamlit's own stack (`st.App(..., middleware=[Middleware(FeedsFirst)])`). Every request asks the store for the team's newest version
number, so a new publication shows up at once; the calendar bytes for one (feed, version) are
built once and cached, because a year-long team feed takes ~0.1 s to build.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from email.utils import format_datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from scheduler import build_calendar
from service.store import FeedToken, Store, open_store
from service.web.feed_json import JSON_PATH, json_endpoint

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
    # Compressed once here rather than per response by the server's gzip middleware: a year's
    # team feed is ~670 KiB of text and ~25 KiB gzipped, so this is what keeps p99 low.
    gzipped: bytes

    @property
    def gzip_etag(self) -> str:
        # Each representation gets its own validator (RFC 9110 8.8.3).
        return self.etag[:-1] + '-gzip"'


# `?role=ROLE&names=grafana` on a feed URL (contract section 11): (role, names).
FeedView = tuple[str | None, str | None]
NO_VIEW: FeedView = (None, None)
NAMES = ("grafana",)


def feed_key(team: str, person: str | None, version: int, app_url: str | None,
             view: FeedView) -> tuple[str, str | None, object]:
    if view != NO_VIEW:
        return (team, person, (version, app_url, view))
    return (team, person, version) if app_url is None else (team, person, (version, app_url))


def feed_view(query: Mapping[str, str]) -> FeedView | None:
    """The view a feed URL's query asks for; None for a `names` Rota does not know."""
    names = query.get("names") or None
    if names is not None and names not in NAMES:
        return None
    return (query.get("role") or None, names)


class FeedCache:
    """Built calendars keyed by (team, person, version): a new publication is a new key, so
    stale entries simply age out of the LRU."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str | None, object], BuiltFeed] = OrderedDict()
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()

    def peek(self, team: str, person: str | None, version: object) -> BuiltFeed | None:
        with self._lock:
            return self._items.get((team, person, version))

    def get(self, store: Store, team: str, person: str | None, version: int,
            app_url: str | None = None, view: FeedView = NO_VIEW) -> BuiltFeed | None:
        key = feed_key(team, person, version, app_url, view)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        # One build at a time: fifty clients asking for a fresh version build it once.
        with self._build_lock:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            built = _build(store, team, person, version, app_url, view)
            if built is None:
                return None
            with self._lock:
                self._items[key] = built
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return built


def _build(store: Store, team: str, person: str | None, version: int,
           app_url: str | None = None, view: FeedView = NO_VIEW) -> BuiltFeed | None:
    publication = store.publication(team, version)
    if publication is None:
        return None
    body = build_calendar(publication.schedule, person, published_at=publication.published_at,
                          sequences=publication.sequences, app_url=app_url, role=view[0],
                          names=view[1])
    etag = f'"{version}-{hashlib.sha256(body).hexdigest()[:20]}"'
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)  # mtime=0: same bytes every build
    return BuiltFeed(body, etag, format_datetime(publication.published_at, usegmt=True), gzipped)


def _matches(if_none_match: str | None, built: BuiltFeed) -> bool:
    if not if_none_match:
        return False
    # Weak comparison (RFC 9110 13.1.2): W/"x" matches "x". Either representation's validator
    # proves the client holds this version.
    candidates = {c.strip().removeprefix("W/") for c in if_none_match.split(",")}
    return "*" in candidates or bool(candidates & {built.etag, built.gzip_etag})


def _accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _not_found() -> Response:
    # The same answer for unknown, revoked and malformed tokens: no hint that a token exists.
    return Response("Not Found\n", status_code=404, media_type="text/plain")


class FreshnessCache:
    """Token and newest-version lookups, each trusted for `ttl` seconds.

    Why: two database round trips through the thread pool cost more than serving a cached
    calendar. A publication, rotation or revocation therefore shows within `ttl` seconds.
    When an entry expires, one lookup refreshes it and concurrent requests for the same key
    wait for that lookup instead of starting their own: otherwise fifty busy connections
    queue fifty lookups on the thread pool once a second, which is what set the p99."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[tuple[str, str], tuple[float, object]] = {}
        self._pending: dict[tuple[str, str], asyncio.Task[object]] = {}

    async def get(self, kind: str, key: str, load: Callable[[], object]) -> object:
        now = time.monotonic()
        hit = self._items.get((kind, key))
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        lookup = self._pending.get((kind, key))
        if lookup is None:
            # A task of its own, so a client that hangs up does not cancel the others' lookup.
            lookup = asyncio.ensure_future(run_in_threadpool(load))
            self._pending[(kind, key)] = lookup
            lookup.add_done_callback(lambda done: self._settle((kind, key), now, done))
        return await asyncio.shield(lookup)

    def _settle(self, item: tuple[str, str], began: float, lookup: asyncio.Task[object]) -> None:
        del self._pending[item]
        if self.ttl > 0 and not lookup.cancelled() and lookup.exception() is None:
            if len(self._items) > 10_000:  # guessed tokens must not grow this without bound
                self._items.clear()
            self._items[item] = (began, lookup.result())


def feed_endpoint(store_factory: Callable[[], Store] = open_store, *, ttl: float = 1.0,
                  cache: FeedCache | None = None) -> Callable[[Request], Awaitable[Response]]:
    calendars = cache or FeedCache()
    fresh = FreshnessCache(ttl)

    async def serve_feed(request: Request) -> Response:
        store = store_factory()
        token = request.path_params["token"]
        feed = await fresh.get("token", token, lambda: store.resolve_token(token))
        if not isinstance(feed, FeedToken):
            return _not_found()
        version = await fresh.get("version", feed.team_name,
                                  lambda: store.latest_version(feed.team_name))
        # Event descriptions link to the Handoff panel on the app that serves this feed.
        app_url = str(request.base_url)
        view = feed_view(request.query_params)
        if view is None:
            return _not_found()
        built = (calendars.peek(*feed_key(feed.team_name, feed.person, version, app_url, view))
                 if isinstance(version, int) else None)
        if built is None and isinstance(version, int):
            built = await run_in_threadpool(calendars.get, store, feed.team_name, feed.person,
                                            version, app_url, view)
        if built is None:
            return _not_found()
        compressed = _accepts_gzip(request.headers.get("accept-encoding", ""))
        body = built.gzipped if compressed else built.body
        headers = {"ETag": built.gzip_etag if compressed else built.etag,
                   "Cache-Control": CACHE_CONTROL, "Last-Modified": built.last_modified,
                   "Vary": "Accept-Encoding"}
        if compressed:
            headers["Content-Encoding"] = "gzip"
        if _matches(request.headers.get("if-none-match"), built):
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return Response(b"", headers=headers, media_type=CONTENT_TYPE)
        return Response(body, headers=headers, media_type=CONTENT_TYPE)

    return serve_feed


def feed_routes(store_factory: Callable[[], Store] = open_store, *, ttl: float = 1.0
                ) -> list[Route]:
    """The feed routes, iCal and JSON (served by FeedsFirst in the app). `store_factory` is
    called per request (default: the ROTA_DB store), so tests can point it elsewhere; `ttl`
    is how long a token or version lookup is trusted (0 = ask the store every time)."""
    return [Route(FEED_PATH, feed_endpoint(store_factory, ttl=ttl), methods=["GET", "HEAD"]),
            Route(JSON_PATH, json_endpoint(store_factory), methods=["GET"])]


class FeedsFirst:
    """ASGI middleware that answers `/feeds/...` before Streamlit's own middleware stack
    (path security, session cookies, gzip, router), none of which a feed needs: the route
    matches only `/feeds/<token>.ics` and `.json`, and the feed compresses itself. Every other request
    goes on unchanged. app.py passes it as `st.App(..., middleware=[Middleware(FeedsFirst)])`.
    """

    def __init__(self, app: ASGIApp, store_factory: Callable[[], Store] = open_store,
                 ttl: float = 1.0) -> None:
        self.app = app
        self.feeds = Router(routes=feed_routes(store_factory, ttl=ttl))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/feeds/"):
            # Without "app" in the scope Starlette answers 404/405 itself instead of raising
            # HTTPException, which nothing out here would catch.
            await self.feeds({k: v for k, v in scope.items() if k != "app"}, receive, send)
            return
        await self.app(scope, receive, send)
