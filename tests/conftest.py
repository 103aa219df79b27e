"""Fixtures shared across test packages: the store on SQLite and on a throwaway PostgreSQL."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store import Store
from tests.harness.postgres import fresh_database, postgres_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
    workdir = Path(tempfile.mkdtemp(prefix="rota-pg-"))
    try:
        with postgres_server(workdir) as url:
            yield url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """Every store test runs on SQLite (the default) and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path}/nested/rota.db")
    return Store(fresh_database(request.getfixturevalue("postgres_url")))
