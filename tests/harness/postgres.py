"""A throwaway PostgreSQL server for the store tests: the store must work on PostgreSQL too
(issue 4), so the same tests run against both SQLite and a real PostgreSQL.

It uses Debian's server binaries (`apt-get install postgresql`; `.ci/run` installs them) and
runs as the `postgres` user when the tests run as root, because initdb refuses root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text


def _bin_dir() -> Path:
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql; "
                           "install Debian's postgresql package (.ci/run does)")
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_server(workdir: Path) -> Iterator[str]:
    """Start a server in `workdir`; yield a SQLAlchemy URL prefix ending in '/'."""
    bin_dir = _bin_dir()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    workdir.mkdir(parents=True, exist_ok=True)
    if as_postgres:
        shutil.chown(workdir, "postgres")
    data = workdir / "data"
    port = _free_port()
    subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "rota", "--no-sync"], check=True, capture_output=True)
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                    "-l", str(workdir / "server.log"), "-w", "start"], check=True,
                   capture_output=True)
    try:
        yield f"postgresql+psycopg://rota@127.0.0.1:{port}/"
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)


def fresh_database(url_prefix: str) -> str:
    """Create an empty database and return its URL."""
    name = f"rota_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url_prefix + "postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url_prefix + name
