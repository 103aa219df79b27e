"""TCP_NODELAY for every connection `streamlit run app.py` accepts.

Why: Streamlit binds its listening socket itself, as `socket.socket(family)` with protocol 0.
asyncio disables Nagle's algorithm only on sockets whose protocol reads IPPROTO_TCP, so the
connections accepted from that socket keep Nagle on. uvicorn writes a response's headers and
its body in two writes; on a reused connection the body then waits for the ACK of the headers,
which the client delays by ~40 ms. Every keep-alive response with a body cost ~44 ms, while a
fresh connection (the client ACKs at once while the connection is new) cost ~2 ms.

The fix sets TCP_NODELAY on the process's listening TCP sockets at server start (the lifespan
hook of st.App), before uvicorn accepts anything: Linux and the BSDs copy the option to every
accepted connection, so the whole server (feeds, static files, health, websocket) is covered
without touching Streamlit's files.
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

_FD_DIRS = ("/proc/self/fd", "/dev/fd")


def _open_descriptors() -> Iterator[int]:
    for folder in _FD_DIRS:
        if Path(folder).is_dir():
            for name in os.listdir(folder):
                if name.isdigit():
                    yield int(name)
            return


def _is_listening_tcp(sock: socket.socket) -> bool:
    accepting = getattr(socket, "SO_ACCEPTCONN", None)
    if accepting is None or sock.getsockopt(socket.SOL_SOCKET, accepting) == 0:
        return False
    if sock.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE) != socket.SOCK_STREAM:
        return False
    return _family(sock) in (socket.AF_INET, socket.AF_INET6)


def _family(sock: socket.socket) -> int:
    domain = getattr(socket, "SO_DOMAIN", None)
    if domain is not None:
        return int(sock.getsockopt(socket.SOL_SOCKET, domain))
    address = sock.getsockname()
    return socket.AF_INET6 if isinstance(address, tuple) and len(address) == 4 else (
        socket.AF_INET if isinstance(address, tuple) else socket.AF_UNIX)


def nodelay_on_listening_sockets() -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; returns how many."""
    changed = 0
    for fd in list(_open_descriptors()):
        try:
            # fromfd works on a duplicate, so closing it leaves the server's socket open.
            sock = socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)
        except OSError:
            continue  # not a socket, or closed since the listing
        with sock:
            try:
                if _is_listening_tcp(sock):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    changed += 1
            except OSError:
                continue
    return changed


@asynccontextmanager
async def tcp_nodelay_lifespan(_app: object) -> AsyncIterator[None]:
    """st.App lifespan hook: runs after Streamlit has bound its socket, before the first
    connection is accepted."""
    nodelay_on_listening_sockets()
    yield
