"""A local stand-in for a paging tool: a real HTTP server on a socket, in a thread.

Each vendor fake (Opsgenie, GoAlert, Splunk On-Call) subclasses FakeTool and answers `handle`
from its in-memory overrides. The base class records every call, checks the credential, and
can be told to refuse the next requests (`refuse_next`) so tests see the client's 429 and 401
handling over the wire, not through a mocked transport.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Call:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeTool:
    """Override store plus request log; subclasses implement `handle` and `authorized`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.scripted: list[Reply] = []  # replies to give before handling normally
        self.invalid: list[str] = []  # schema violations seen in requests or our own replies
        self.lock = threading.Lock()
        self.check: Any = None  # a SwaggerCheck for the REST tools (GoAlert validates GraphQL)

    def refuse_next(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.scripted.append(Reply(status, body, headers or {}))

    def writes(self) -> list[Call]:
        """Calls that change something (what a second push must not make)."""
        return [c for c in self.calls if c.method != "GET" and not self.is_read(c)]

    def is_read(self, call: Call) -> bool:
        return False

    def respond(self, call: Call) -> Reply:
        with self.lock:
            self.calls.append(call)
            if self.check is not None:
                self.invalid += self.check.request_errors(call)
            if self.scripted:  # a refusal the test asked for: not the vendor document's to judge
                return self.scripted.pop(0)
            reply = self.handle(call) if self.authorized(call) else self.unauthorized()
            if self.check is not None:
                self.invalid += self.check.reply_errors(call, reply)
            return reply

    def authorized(self, call: Call) -> bool:
        raise NotImplementedError

    def unauthorized(self) -> Reply:
        raise NotImplementedError

    def handle(self, call: Call) -> Reply:
        raise NotImplementedError


def _handler_for(tool: FakeTool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            call = Call(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query),
                headers={k: v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            reply = tool.respond(call)
            payload = b"" if reply.body is None else json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    return Handler


@contextmanager
def serving(tool: FakeTool) -> Iterator[str]:
    """Serve `tool` on 127.0.0.1 (a free port) for the block; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(tool))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
