"""Real servers for notification tests: an SMTP server (aiosmtpd) and an HTTP endpoint that an
Apprise `json://` URL posts to, each on a free local port, recording what they received."""

from __future__ import annotations

import email
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """Every mail the SMTP server accepted, parsed."""

    mails: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.mails.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    def to(self) -> list[str]:
        return sorted(str(m["To"]) for m in self.mails)

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.mails]

    def body(self, to: str) -> str:
        [mail] = [m for m in self.mails if m["To"] == to]
        return str(mail.get_payload(decode=True).decode()).replace("\r\n", "\n")


@contextmanager
def smtp_server(port: int | None = None, login: tuple[str, str] | None = None
                ) -> Iterator[tuple[str, Mailbox]]:
    """A local SMTP server; yields its smtp:// URL and the mailbox. With `login`, the server
    offers AUTH (over plain text: a test) and accepts only that user and password."""
    mailbox = Mailbox()
    port = port or free_port()
    options: dict[str, Any] = {}
    if login is not None:
        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                         data: Any) -> AuthResult:
            given = (data.login.decode(), data.password.decode())
            # handled=False: aiosmtpd then answers 535 itself (True would leave the client waiting)
            return AuthResult(success=given == login, handled=False)

        options = {"authenticator": authenticate, "auth_require_tls": False}
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", mailbox
    finally:
        controller.stop()


@dataclass
class Posts:
    received: list[dict[str, Any]] = field(default_factory=list)


@contextmanager
def json_endpoint() -> Iterator[tuple[str, Posts]]:
    """A local HTTP endpoint; yields the Apprise json:// URL that posts to it, and the posts."""
    posts = Posts()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            posts.received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{server.server_address[1]}/hook", posts
    finally:
        server.shutdown()
        server.server_close()
