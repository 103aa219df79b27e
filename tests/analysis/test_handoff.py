"""`rota handoff`: the shift that ends at or before --at, who hands over to whom, its incidents,
windows over the limit, acknowledgement misses and postmortem reminders."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from analysis.handoff import build_handoff, handoff_markdown
from scheduler.errors import InputError
from scheduler.formats.csvfile import parse_schedule
from scheduler.teamfile.parse import parse_team
from service.cli import main

TEAM = """\
team: tiny
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-01-06
roles: [primary, secondary]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
members:
  - {id: alice}
  - {id: bob}
  - {id: carol}
  - {id: tina, shadow_shifts: 1, roles: [secondary]}
"""

SCHEDULE = """\
start,end,shift,role,person,site
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,primary,alice,
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,secondary,bob,
2027-01-04T09:00:00+01:00,2027-01-04T21:00:00+01:00,day,shadow,tina,
2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,night,primary,bob,
2027-01-04T21:00:00+01:00,2027-01-05T09:00:00+01:00,night,secondary,carol,
"""

# Generic CSV with acknowledgement and resolve times: three incidents in the day shift
# (one over the limit of 2), one in the night shift.
PAGES = """\
id,created_at,responder,severity,acknowledged_at,resolved_at
A1,2027-01-04T10:00:00+01:00,alice,high,2027-01-04T10:03:00+01:00,2027-01-04T10:20:00+01:00
A2,2027-01-04T12:00:00+01:00,alice,low,2027-01-04T12:45:00+01:00,2027-01-04T14:30:00+01:00
A3,2027-01-04T20:30:00+01:00,alice,low,,
B1,2027-01-04T22:00:00+01:00,bob,low,2027-01-04T22:05:00+01:00,2027-01-04T22:10:00+01:00
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "team.yaml").write_text(TEAM)
    (tmp_path / "schedule.csv").write_text(SCHEDULE)
    (tmp_path / "pages.csv").write_text(PAGES)
    return tmp_path


def handoff_at(files, iso):
    team = parse_team(TEAM, "team.yaml")
    schedule = parse_schedule(SCHEDULE, team)
    return build_handoff(files / "pages.csv", team, schedule, datetime.fromisoformat(iso))


def test_the_shift_that_ends_at_or_before_at(files):
    assert handoff_at(files, "2027-01-04T21:00:00+01:00").shift.template == "day"
    assert handoff_at(files, "2027-01-05T08:59:00+01:00").shift.template == "day"
    assert handoff_at(files, "2027-01-05T09:00:00+01:00").shift.template == "night"
    with pytest.raises(InputError, match="no shift"):
        handoff_at(files, "2027-01-04T20:59:00+01:00")


def test_who_hands_over_to_whom_and_incidents(files):
    handoff = handoff_at(files, "2027-01-04T21:05:00+01:00")
    assert handoff.handovers == [("primary", "alice", "bob"), ("secondary", "bob", "carol"),
                                 ("shadow", "tina", None)]
    assert [i.id for i in handoff.incidents] == ["A1", "A2", "A3"]
    a1, a2, a3 = handoff.incidents
    assert a1.ack_minutes == 3 and a1.resolved_minutes == 20 and a1.within_target
    assert a2.within_target is False  # 45 min against the low target of 30
    assert a3.open and a3.ack_minutes is None
    assert a1.postmortem_reasons() == ["high urgency"]
    assert a2.postmortem_reasons() == ["resolved after 2.5 h"]
    assert a3.postmortem_reasons() == ["still open at handoff"]
    assert [(w[2], w[3]) for w in handoff.windows_over_limit] == [("alice", 3)]


def test_resolved_after_the_handoff_is_still_open_then(files):
    early = handoff_at(files, "2027-01-04T21:00:00+01:00")
    assert early.incidents[1].id == "A2" and not early.incidents[1].open  # resolved 14:30
    assert early.shift.end == datetime(2027, 1, 4, 20, 0, tzinfo=UTC)


def test_quiet_shift_says_none(files):
    handoff = handoff_at(files, "2027-01-05T09:00:00+01:00")
    text = handoff_markdown(handoff)
    assert "bob hands over to nobody" in text
    assert "## Windows over the limit (limit: 2 incidents per window)\n\nNone." in text
    assert "B1" in text and "## Postmortems to write\n\nNone." in text


def test_cli_prints_markdown(files, capsys):
    code = main(["handoff", str(files / "pages.csv"), "--team", str(files / "team.yaml"),
                 "--schedule", str(files / "schedule.csv"), "--at", "2027-01-04T21:30"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Handoff · tiny · day 2027-01-04 09:00 – 2027-01-04 21:00 CET")
    assert "- **primary**: alice hands over to bob" in out
    assert "| 2027-01-04 10:00 | A1 | high | 3.0 min | resolved after 20 min |" in out
    assert "- low (target 30 min): 1 of 2 acknowledged late, 1 not acknowledged" in out
    assert "- [ ] A3 (2027-01-04 20:30, low): still open at handoff" in out
    assert "- 2027-01-04 09:00 – 2027-01-04 21:00: alice, 3 incidents" in out


def test_cli_bad_at_is_exit_2(files, capsys):
    code = main(["handoff", str(files / "pages.csv"), "--team", str(files / "team.yaml"),
                 "--schedule", str(files / "schedule.csv"), "--at", "yesterday"])
    assert code == 2 and "--at" in capsys.readouterr().err
