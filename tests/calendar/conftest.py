"""Fixtures for the calendar tests (the store fixtures live in tests/conftest.py)."""

from __future__ import annotations

import pytest

from scheduler import Team, parse_team
from tests.harness.calendar_team import TEAM_YAML


@pytest.fixture
def team() -> Team:
    return parse_team(TEAM_YAML, "team.yaml")
