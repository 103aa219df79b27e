"""Fixtures for the analysis tests (helpers live in tests/harness/pages.py)."""

from __future__ import annotations

import pytest

from scheduler.teamfile.parse import parse_team
from tests.harness.pages import TEAM_YAML


@pytest.fixture
def team():
    return parse_team(TEAM_YAML, "tiny.yaml")
