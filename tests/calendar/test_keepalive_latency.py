"""Keep-alive responses cost what fresh-connection ones cost (issue 14).

Before service.web.nodelay, `streamlit run app.py` accepted connections with Nagle's algorithm on,
so every response with a body on a reused connection waited ~44 ms for a delayed ACK, while a
fresh connection answered in ~2 ms. The end-to-end test compares the two on a real server as a
ratio, so a busy machine slows both sides alike."""

from __future__ import annotations

import http.client
import socket
import statistics
import time
from pathlib import Path

import pytest

from scheduler.formats.csvfile import schedule_csv
from service.store import Store
from service.web.feeds import feed_path
from service.web.nodelay import nodelay_on_listening_sockets
from tests.harness.calendar_team import TEAM_YAML, round_robin
from tests.harness.serve import running_app

REQUESTS = 10


def _get(connection: http.client.HTTPConnection, path: str) -> float:
    began = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - began
    assert response.status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    return elapsed


def _keepalive_median(host: str, port: int, path: str) -> float:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        _get(connection, path)  # opens the connection; not counted
        return statistics.median(_get(connection, path) for _ in range(REQUESTS))
    finally:
        connection.close()


def _fresh_median(host: str, port: int, path: str) -> float:
    times = []
    for _ in range(REQUESTS):
        connection = http.client.HTTPConnection(host, port, timeout=10)
        try:
            times.append(_get(connection, path))
        finally:
            connection.close()
    return statistics.median(times)


@pytest.mark.e2e
def test_keepalive_feed_requests_cost_what_fresh_ones_cost(tmp_path: Path, team) -> None:
    db = tmp_path / "rota.db"
    store = Store(f"sqlite:///{db}")
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))
    token = store.feed_token("payments-sre", "alice")
    assert token is not None
    with running_app(db, tmp_path / "streamlit.log") as base:
        host, port = base.removeprefix("http://").split(":")
        path = feed_path(token)
        _fresh_median(host, int(port), path)  # builds and caches the calendar
        fresh = _fresh_median(host, int(port), path)
        keepalive = _keepalive_median(host, int(port), path)
    assert keepalive <= 3 * fresh, (
        f"keep-alive median {keepalive * 1000:.1f} ms vs fresh {fresh * 1000:.1f} ms")


def test_listening_socket_gets_nodelay_and_accepted_connections_inherit_it() -> None:
    with socket.socket(socket.AF_INET) as listener:  # protocol 0, as Streamlit binds it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        assert nodelay_on_listening_sockets() >= 1
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        with socket.create_connection(listener.getsockname()) as _client:
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_connected_and_unix_sockets_are_left_alone(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET) as listener, \
            socket.socket(socket.AF_UNIX) as unix_listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        unix_listener.bind(str(tmp_path / "s"))
        unix_listener.listen()
        with socket.create_connection(listener.getsockname()) as client:
            nodelay_on_listening_sockets()
            # A client socket is not listening: its option stays as the kernel set it.
            assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        assert unix_listener.fileno() >= 0  # still open: only duplicates were closed
