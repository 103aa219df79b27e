"""Contract section 12: the team file's `notify` key. A file without it means what it meant
before; a bad value is one line naming the file, the line and the key."""

from __future__ import annotations

import pytest

from scheduler.domain import NotifySettings
from scheduler.errors import TeamFileError
from scheduler.teamfile.parse import parse_team
from tests.harness.teams import TWO_MEMBERS_YAML

TEAM = TWO_MEMBERS_YAML


def test_a_team_without_notify_has_none():
    assert parse_team(TEAM, "team.yaml").notify is None


def test_the_contract_example_is_read():
    team = parse_team(TEAM + "notify: {channel_env: PAYMENTS_NOTIFY, email: true, "
                      "remind_hours: 24}\n", "team.yaml")
    assert team.notify == NotifySettings("PAYMENTS_NOTIFY", True, 24.0)


def test_an_unknown_notify_key_is_named_with_its_line():
    with pytest.raises(TeamFileError) as info:
        parse_team(TEAM + "notify:\n  email: true\n  channel: slack\n", "team.yaml")
    assert str(info.value) == "team.yaml:13: notify.channel: unknown key 'channel'"


def test_channel_env_must_name_an_environment_variable():
    with pytest.raises(TeamFileError, match=r"^team\.yaml:11: notify\.channel_env: expected the "
                       r"name of an environment variable"):
        parse_team(TEAM + "notify: {channel_env: 'slack://T/B/C'}\n", "team.yaml")


def test_remind_hours_must_be_positive():
    with pytest.raises(TeamFileError, match=r"^team\.yaml:12: notify\.remind_hours: "):
        parse_team(TEAM + "notify:\n  remind_hours: 0\n", "team.yaml")
