"""AppTest fixtures: every test gets its own ROTA_DB, copied from one store seeded per session
(seeding solves the demo team, so it runs once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ui.state import app_store, seed_demo

    path = tmp_path_factory.mktemp("seed") / "rota.db"
    seed_demo(app_store(f"sqlite:///{path}"))
    return path


@pytest.fixture
def rota_db(seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "rota.db"
    shutil.copy(seeded_db, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("ROTA_DB", url)
    monkeypatch.chdir(REPO)
    return url


def page_app(module: str) -> AppTest:
    """An AppTest running one page's render(), as st.navigation would."""
    script = (
        "import importlib\n"
        f"importlib.import_module('ui.{module}').render()\n"
    )
    return AppTest.from_string(script, default_timeout=TIMEOUT)


@pytest.fixture
def page(rota_db: str):  # noqa: ARG001 (the store must be in place before the app runs)
    return page_app
