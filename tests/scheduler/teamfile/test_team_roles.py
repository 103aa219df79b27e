"""Team file keys of contract section 7: any role names, skills, required skills, trainees."""

from __future__ import annotations

import pytest

from scheduler.errors import TeamFileError
from scheduler.teamfile.parse import parse_team
from tests.harness.teams import make_team, team_yaml


def test_any_role_names_and_member_roles_follow_team_order():
    team = make_team([{"id": "a", "roles": ["tloc", "imoc"]}, {"id": "b"}], roles=["imoc", "tloc"])
    assert team.roles == ("imoc", "tloc")
    assert team.member("a").roles == ("imoc", "tloc")


def test_skills_required_skills_and_trainees_are_read():
    team = make_team([{"id": "a", "skills": ["rollback", "failover"]},
                      {"id": "t", "shadow_shifts": 4}],
                     rules={"required_skills": ["rollback"]})
    assert team.member("a").skills == {"rollback", "failover"}
    assert team.member("t").shadow_shifts == 4 and team.member("t").trainee
    assert not team.member("a").trainee
    assert team.rules.required_skills == ("rollback",)


def test_a_file_without_the_new_keys_means_what_it_meant():
    team = make_team(2)
    assert team.rules.required_skills == () and all(
        not m.skills and not m.shadow_shifts and not m.busy for m in team.members)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"roles": ["primary", "shadow"]}, "roles[1]: 'shadow' is the trainee's row"),
    ({"roles": ["imoc", "imoc"]}, "roles[1]: duplicate role 'imoc'"),
    ({"rules": {"required_skills": ["failover"]}}, "rules.required_skills[0]: no member has skill 'failover'"),
    ({"members": [{"id": "a"}, {"id": "t", "shadow_shifts": -1}]}, "members[1].shadow_shifts:"),
    ({"members": [{"id": "a", "skills": "rollback"}]}, "members[0].skills:"),
    ({"members": [{"id": "a"}, {"id": "t", "shadow_shifts": 2}], "roles": ["imoc"]},
     "members[1].shadow_shifts: a trainee shadows the primary, but the team has no role primary"),
    ({"members": [{"id": "a", "shadow_shifts": 1}, {"id": "b", "roles": ["secondary"]}]},
     "members[0].shadow_shifts: a trainee shadows a primary without shadow_shifts"),
    ({"members": [{"id": "a", "skill": ["x"]}]}, "members[0].skill: unknown key 'skill'"),
])
def test_bad_section_7_keys_name_the_key(kwargs, message):
    members = kwargs.pop("members", 2)
    with pytest.raises(TeamFileError) as info:
        make_team(members, **kwargs)
    assert message in str(info.value)
    assert str(info.value).startswith("test.yaml:")


def test_an_empty_role_list_is_rejected():
    text = team_yaml(2).replace("team: test-sre", "team: test-sre\nroles: []")
    with pytest.raises(TeamFileError, match="roles: a team needs at least one role"):
        parse_team(text, "test.yaml")
