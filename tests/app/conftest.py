"""AppTest fixtures: every test gets its own ROTA_DB, copied from one store seeded per session
(seeding solves the demo team, so it runs once)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from app_fixtures import REPO, page_app


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from service.access import CLI_ACTOR
    from service.actions.demo import seed_demo
    from service.store import open_store

    path = tmp_path_factory.mktemp("seed") / "rota.db"
    # The demo as shipped, whatever the clock says: these tests name its dates.
    seed_demo(open_store(f"sqlite:///{path}"), CLI_ACTOR, today=date(2026, 12, 7))
    return path


@pytest.fixture
def rota_db(seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "rota.db"
    shutil.copy(seeded_db, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("ROTA_DB", url)
    monkeypatch.chdir(REPO)
    return url


@pytest.fixture
def page(rota_db: str):  # the store must be in place before the app runs
    return page_app


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """Pin the time the Schedule page plans and publishes from (service.actions.changes.current_time):
    `clock("2026-10-01T00:00:00+02:00")`. The demo's dates are fixed in these tests, so what
    has "already started" must not depend on the day they run."""
    from datetime import datetime

    def pin(iso: str) -> datetime:
        instant = datetime.fromisoformat(iso)
        monkeypatch.setattr("service.actions.changes.current_time", lambda: instant)
        return instant

    return pin
