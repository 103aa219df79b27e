"""A local PagerDuty that behaves as its REST API reference says, on a real socket.

Every request is checked against PagerDuty's own OpenAPI document (fixtures/SOURCE.md) with
openapi-core; one that does not conform is answered 400 and remembered in `invalid`, so a test
fails if the client drifts from the reference. The server keeps overrides per schedule and
answers "who is paged at t" the way PagerDuty does: the newest override covering t wins
("If you create an override on top of an existing override, the last created override will
have priority").

Faults are scripted per request: `fail_next("POST", 429, headers={"Retry-After": "2"})`, or
`drop_next("POST")` to close the connection without answering (a network error), or
`drop_next("POST", after_processing=True, skip=1)` for the second request, one that lands but whose answer is lost.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from openapi_core.validation.request.exceptions import InvalidRequestBody
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

SPEC = Path(__file__).parents[1] / "fixtures" / "pagerduty_overrides_openapi.json"
TOKEN = "test-token"
# The published document marks Reference.id/type readOnly, refusing its own request example.
READ_ONLY_QUIRK = "Tried to write read-only property"


@dataclass
class Held:
    id: str
    start: datetime
    end: datetime
    user: str
    created: int  # creation order: the newest covering override pages

    def json(self, since: datetime | None = None, until: datetime | None = None) -> dict[str, Any]:
        start = max(self.start, since) if since else self.start
        end = min(self.end, until) if until else self.end
        return {"id": self.id, "start": _iso(start), "end": _iso(end),
                "user": {"id": self.user, "type": "user_reference", "summary": self.user}}


@dataclass
class Fault:
    method: str
    status: int | None = None  # answer this instead
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    drop: bool = False  # close the connection without an answer
    after_processing: bool = False  # ... after doing what was asked
    skip: int = 0  # let this many matching requests through first


@functools.cache
def _reference() -> OpenAPI:
    return OpenAPI.from_dict(json.loads(SPEC.read_text()))


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class FakePagerDuty:
    def __init__(self, users: set[str], now: datetime) -> None:
        self.users = set(users)
        self.now = now
        self.schedules: dict[str, list[Held]] = {}
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str]] = []  # (method, path?query), in arrival order
        self.invalid: list[str] = []
        self.writes = 0  # overrides created or deleted (the requests that change anything)
        self._next = 0
        self._lock = threading.Lock()
        self._openapi = _reference()
        self.url = ""

    # ------------------------------------------------------------ test helpers
    def fail_next(self, method: str, status: int, *, headers: dict[str, str] | None = None,
                  body: Any = None) -> None:
        self.faults.append(Fault(method, status, headers or {}, body))

    def drop_next(self, method: str, *, after_processing: bool = False, skip: int = 0) -> None:
        self.faults.append(Fault(method, drop=True, after_processing=after_processing,
                                 skip=skip))

    def add(self, schedule: str, start: datetime, end: datetime, user: str) -> str:
        """An override made by a person in PagerDuty's own UI."""
        with self._lock:
            return self._create(schedule, start, end, user).id

    def held(self, schedule: str) -> list[Held]:
        return sorted(self.schedules.get(schedule, []), key=lambda h: (h.start, h.created))

    def paged(self, schedule: str, at: datetime) -> str | None:
        covering = [h for h in self.schedules.get(schedule, []) if h.start <= at < h.end]
        return max(covering, key=lambda h: h.created).user if covering else None

    # ------------------------------------------------------------ behaviour
    def _create(self, schedule: str, start: datetime, end: datetime, user: str) -> Held:
        self._next += 1
        held = Held(f"Q{self._next:06d}", start, end, user, self._next)
        self.schedules.setdefault(schedule, []).append(held)
        return held

    def handle(self, method: str, target: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(target)
        if not self._valid(method, parts.path, parts.query, headers, body):
            return 400, {}, {"error": {"message": "Invalid Input Provided", "code": 2001,
                                       "errors": [self.invalid[-1]]}}
        if headers.get("Authorization") != f"Token token={TOKEN}":
            return 401, {}, {"error": {"message": "Unauthorized", "code": 2006}}
        segments = parts.path.strip("/").split("/")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            if method == "GET":
                return self._list(segments[1], query)
            if method == "POST":
                return self._create_many(segments[1], json.loads(body))
            return self._delete(segments[1], segments[3])

    def _valid(self, method: str, path: str, query: str, headers: dict[str, str],
               body: bytes) -> bool:
        # Checked as if sent to PagerDuty's published server address, not this socket's.
        headers = {k: v for k, v in headers.items() if k.lower() != "host"}
        environ = EnvironBuilder(method=method, path=path, query_string=query,
                                 base_url="https://api.pagerduty.com", headers=headers,
                                 data=body or None).get_environ()
        try:
            self._openapi.validate_request(WerkzeugOpenAPIRequest(Request(environ)))
        except InvalidRequestBody as error:
            cause = error.__cause__
            problems = [e.message for e in getattr(cause, "schema_errors", [error])]
            problems = [p for p in problems if not p.startswith(READ_ONLY_QUIRK)]
            if problems:
                self.invalid.append(f"{method} {path}: {'; '.join(problems)}")
                return False
        except Exception as error:  # any other openapi-core finding refuses the request
            self.invalid.append(f"{method} {path}?{query}: {error}")
            return False
        return True

    def _list(self, schedule: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        since, until = _instant(query["since"]), _instant(query["until"])
        whole = query.get("overflow") == "true"
        found = [h.json(None if whole else since, None if whole else until)
                 for h in self.held(schedule) if h.start < until and h.end > since]
        return 200, {}, {"overrides": found}

    def _create_many(self, schedule: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        results = []
        for item in body["overrides"]:
            start, end, user = _instant(item["start"]), _instant(item["end"]), item["user"]["id"]
            if user not in self.users:
                results.append({"status": 400, "errors": ["User not found"], "override": item})
            elif end <= start:
                results.append({"status": 400, "errors": ["End must be after start"],
                                "override": item})
            else:
                self.writes += 1
                results.append({"status": 201,
                                "override": self._create(schedule, start, end, user).json()})
        return 201, {}, results

    def _delete(self, schedule: str, override_id: str) -> tuple[int, dict[str, str], Any]:
        held = next((h for h in self.schedules.get(schedule, []) if h.id == override_id), None)
        if held is None:
            return 404, {}, {"error": {"message": "Not Found", "code": 2100}}
        if held.end <= self.now:
            return 400, {}, {"error": {"message": "Cannot delete a past override", "code": 2001}}
        self.writes += 1
        if held.start < self.now:  # "the override will be truncated to the current time"
            held.end = self.now
            return 200, {}, None
        self.schedules[schedule].remove(held)
        return 204, {}, None

    def take_fault(self, method: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.method == method and fault.skip:
                    fault.skip -= 1
                    return None
                if fault.method == method:
                    self.faults.remove(fault)
                    return fault
        return None


def _handler(fake: FakePagerDuty) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet tests
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fake.requests.append((self.command, self.path))
            fault = fake.take_fault(self.command)
            if fault and fault.drop:
                if fault.after_processing:
                    fake.handle(self.command, self.path, dict(self.headers.items()), body)
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault:
                status, headers, answer = fault.status or 500, fault.headers, fault.body
            else:
                status, headers, answer = fake.handle(self.command, self.path,
                                                      dict(self.headers.items()), body)
            payload = b"" if answer is None else json.dumps(answer).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = _serve

    return Handler


@contextmanager
def running(fake: FakePagerDuty) -> Iterator[FakePagerDuty]:
    """Serve `fake` on 127.0.0.1 (a free port) in a thread; `fake.url` is its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
