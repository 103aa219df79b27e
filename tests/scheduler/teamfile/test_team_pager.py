"""Contract section 11: the team file's `pager:` list names the paging-tool schedules that follow
the plan. A bad entry is one line naming the file, the line and the key."""

from __future__ import annotations

import pytest

from scheduler.domain import PagerTarget
from scheduler.errors import TeamFileError
from scheduler.teamfile.parse import parse_team

TEAM = """\
team: payments-sre
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-18
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice, aliases: {pagerduty: PALICE1}}
  - {id: bob}
"""


def test_a_team_without_pager_targets_has_none():
    assert parse_team(TEAM, "team.yaml").pager == ()


def test_pager_targets_are_read_in_the_order_written():
    team = parse_team(TEAM + "pager:\n"
                      "  - {tool: pagerduty, target: PABC123, role: primary}\n"
                      "  - {tool: opsgenie, target: ops-sched, role: secondary}\n", "team.yaml")
    assert team.pager == (PagerTarget("pagerduty", "PABC123", "primary"),
                          PagerTarget("opsgenie", "ops-sched", "secondary"))


@pytest.mark.parametrize(("entry", "where", "words"), [
    ("{tool: pagerdoody, target: P1, role: primary}", "pager[0].tool", "unknown tool 'pagerdoody'"),
    ("{tool: pagerduty, target: P1, role: tertiary}", "pager[0].role", "unknown role 'tertiary'"),
    ("{tool: pagerduty, role: primary}", "pager[0].target", "required key is missing"),
    ("{tool: pagerduty, target: P1, role: primary, colour: red}", "pager[0].colour", "unknown key"),
])
def test_a_bad_pager_entry_names_file_line_and_key(entry, where, words):
    with pytest.raises(TeamFileError) as info:
        parse_team(TEAM + "pager:\n  - " + entry + "\n", "team.yaml")
    message = str(info.value)
    assert message.startswith("team.yaml:12") and where in message and words in message
    assert "\n" not in message


def test_one_schedule_listed_twice_is_rejected():
    with pytest.raises(TeamFileError, match=r"pager\[1\].target.*listed twice"):
        parse_team(TEAM + "pager:\n  - {tool: pagerduty, target: P1, role: primary}\n"
                          "  - {tool: pagerduty, target: P1, role: secondary}\n", "team.yaml")
