"""Fixtures for the calendar tests (helpers live in calendar_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from calendar_fixtures import TEAM_YAML

from scheduler import Team, parse_team
from scheduler.store import Store


@pytest.fixture
def team() -> Team:
    return parse_team(TEAM_YAML, "team.yaml")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path}/nested/rota.db")
