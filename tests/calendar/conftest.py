"""Fixtures for the calendar tests (helpers live in calendar_fixtures.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from calendar_fixtures import TEAM_YAML
from postgres_server import fresh_database, postgres_server

from scheduler import Team, parse_team
from service.store import Store


@pytest.fixture
def team() -> Team:
    return parse_team(TEAM_YAML, "team.yaml")


@pytest.fixture(scope="session")
def postgres_url():
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
