"""Contract section 9: `leads: [member ids]` in the team file (who may change the team from
the app). Unknown ids are rejected with the file, line and key; no leads is allowed."""

from __future__ import annotations

import pytest

from scheduler.errors import TeamFileError
from scheduler.teamfile.parse import parse_team
from tests.harness.teams import TWO_MEMBERS_YAML

TEAM = TWO_MEMBERS_YAML


def test_a_team_without_leads_has_none():
    assert parse_team(TEAM, "team.yaml").leads == ()


def test_leads_are_member_ids_in_the_order_written():
    team = parse_team(TEAM + "leads: [bob, alice]\n", "team.yaml")
    assert team.leads == ("bob", "alice")


def test_a_lead_listed_twice_counts_once():
    assert parse_team(TEAM + "leads: [bob, bob]\n", "team.yaml").leads == ("bob",)


def test_an_unknown_lead_is_rejected_with_file_line_and_key():
    with pytest.raises(TeamFileError) as info:
        parse_team(TEAM + "leads:\n  - alice\n  - carol\n", "team.yaml")
    assert str(info.value) == ("team.yaml:13: leads[1]: unknown member id 'carol': "
                               "leads must be member ids")


def test_leads_must_be_a_list_of_names():
    with pytest.raises(TeamFileError, match=r"^team\.yaml:11: leads: Input should be a valid list"):
        parse_team(TEAM + "leads: {alice: true}\n", "team.yaml")
