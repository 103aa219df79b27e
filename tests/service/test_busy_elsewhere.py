"""Other teams' newest published schedules as busy time (SQLite and PostgreSQL)."""

from __future__ import annotations

from scheduler.teamfile.parse import parse_team
from service.store.busy_elsewhere import published_busy
from tests.harness.calendar_team import TEAM_YAML

IMOC_TEAM = """\
team: incident-managers
timezone: Europe/Berlin
start: 2027-03-01
end: 2027-03-08
roles: [imoc]
shifts:
  - {name: week, start: "Mon 10:00", end: "Mon 10:00"}
members:
  - {id: alice}
  - {id: zed}
"""


def imoc(person: str) -> str:
    return ("start,end,shift,role,person,site\n"
            f"2027-03-01T10:00:00+01:00,2027-03-08T10:00:00+01:00,week,imoc,{person},\n")


def test_newest_publication_of_every_other_team_is_busy_time(store):
    team = parse_team(TEAM_YAML, "team.yaml")
    assert published_busy(store, team.name).note(team).startswith("No other team")
    store.publish(IMOC_TEAM, imoc("zed"))
    store.publish(IMOC_TEAM, imoc("alice"))  # version 2 replaces zed with alice
    busy = published_busy(store, team.name)
    assert busy.teams == [("incident-managers", 2)]
    assert [r.person for r in busy.rows] == ["alice"]
    assert busy.note(team) == ("Solving with the published schedules of incident-managers v2 as "
                               "busy time: 1 member(s) of payments-sre (alice) hold rows there.")


def test_the_team_itself_is_not_busy_elsewhere(store):
    store.publish(IMOC_TEAM, imoc("alice"))
    assert published_busy(store, "incident-managers").rows == []
