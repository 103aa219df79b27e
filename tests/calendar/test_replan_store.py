"""Re-plan in the store: the ledger over published versions, history for the next plan,
re-plan and publish of the published schedule (only changed events get a new SEQUENCE)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml

from scheduler.formats.csvfile import schedule_csv
from scheduler.formats.ical import build_calendar, event_contents
from scheduler.solver.solve import solve
from scheduler.teamfile.parse import parse_team
from service.access import CLI_ACTOR, AccessDenied, Actor
from service.actions.replan import (
    ledger,
    publish_replan,
    published_history,
    record_rows,
    replan_published,
    weekly_changes,
)
from service.store.errors import StoreError

BERLIN = ZoneInfo("Europe/Berlin")
FROM = datetime(2027, 1, 8, tzinfo=BERLIN)


def team_yaml(time_off: bool = False, start="2027-01-04", end="2027-01-18", half=False) -> str:
    members = [{"id": f"m{i}", "name": f"Member {i}"} for i in range(5)]
    if time_off:
        members[1]["time_off"] = [{"start": "2027-01-10", "end": "2027-01-12"}]
    if half:
        members[4]["weight"] = 0.5
    return yaml.safe_dump({"team": "replan-sre", "timezone": "Europe/Berlin", "start": start,
                           "end": end, "rules": {"min_rest_hours": 12},
                           "shifts": [{"name": "day", "start": "09:00", "end": "21:00"},
                                      {"name": "night", "start": "21:00", "end": "09:00"}],
                           "members": members}, sort_keys=False)


@pytest.fixture
def published(store):
    text = team_yaml()
    schedule = solve(parse_team(text, "t.yaml"), time_limit=2, seed=1)
    store.publish(text, schedule_csv(schedule))
    return store


def _feed_starts(publication, person):
    body = build_calendar(publication.schedule, person, published_at=publication.published_at,
                          sequences=publication.sequences)
    return {e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_replan_publish_moves_only_changed_events(published):
    store = published
    v1 = store.publication("replan-sre")
    edited = team_yaml(time_off=True)
    replanned = replan_published(store, CLI_ACTOR, edited, replan_from=FROM, time_limit=4)
    assert replanned.proven and replanned.changed == replanned.min_changes > 0
    assert {c.person for c in replanned.changes if c.change == "lost"} >= {"m1"}
    v2 = publish_replan(store, CLI_ACTOR, replanned)
    assert v2.version == 2 and store.publication("replan-sre", 1) is not None
    bumped = {uid for uid, (seq, _) in v2.sequences.items() if seq > v1.sequences[uid][0]}
    changed_rows = {(c.start, c.role) for c in replanned.changes}
    by_uid = {s.uid: s for s in event_contents(v2.schedule)}
    changed_uids = {u for u, s in by_uid.items()
                    if (s.assignment.shift.start, s.assignment.role) in changed_rows}
    assert changed_uids <= bumped  # every changed row is a moved event
    for uid in bumped - changed_uids:  # the rest only name a changed partner or neighbour
        s = by_uid[uid]
        touching = {(s.assignment.shift.start, r) for r, _ in s.partners}
        near = {p for p in (s.takes_over_from, s.hands_over_to)}
        assert touching & changed_rows or near & {c.person for c in replanned.changes}
    assert len(bumped) < len(v2.sequences) / 2
    # m1's feed no longer has shifts in the time off (10-12 January, inclusive).
    off = [d for d in _feed_starts(v2, "m1") if datetime(2027, 1, 9, 21, tzinfo=BERLIN) <= d
           < datetime(2027, 1, 13, tzinfo=BERLIN)]
    assert off == []


def test_a_replan_of_a_version_replaced_meanwhile_is_refused(published):
    # The lead reviews a re-plan of version 1; meanwhile another publish makes version 2
    # (an override, say). Publishing the re-plan would undo it, so the store refuses.
    store = published
    replanned = replan_published(store, CLI_ACTOR, team_yaml(time_off=True), replan_from=FROM,
                                 time_limit=2)
    v1 = store.publication("replan-sre")
    store.publish(v1.team_yaml, v1.schedule_csv)  # version 2
    with pytest.raises(StoreError, match="version 2 was published after version 1"):
        publish_replan(store, CLI_ACTOR, replanned)
    assert store.latest_version("replan-sre") == 2


def test_ledger_counts_each_row_once_from_the_newest_version(published):
    store = published
    replanned = replan_published(store, CLI_ACTOR, team_yaml(time_off=True, half=True),
                                 replan_from=FROM, time_limit=3)
    publish_replan(store, CLI_ACTOR, replanned)
    rows = record_rows(store, "replan-sre")
    assert len(rows) == 56  # 14 days x 2 shifts x 2 roles, not 112
    frame = ledger(store, "replan-sre")
    final = frame.groupby("person")["cumulative"].max()
    held = {p: sum(1 for r in rows if r[3] == p) for p in final.index}
    assert final["m4"] == pytest.approx(held["m4"] / 0.5)  # weight 0.5 in the newest file
    assert final["m0"] == pytest.approx(held["m0"])
    assert (frame.groupby("person")["cumulative"].diff().dropna() >= 0).all()


def test_next_quarter_history_comes_from_the_published_record(published):
    store = published
    next_team = parse_team(team_yaml(start="2027-01-18", end="2027-02-01"), "next.yaml")
    history = published_history(store, next_team)
    assert history is not None
    assert sum(h["shifts"] for h in history.loads.values()) == 56
    # Rows at or after the new plan's start do not count as history.
    overlapping = parse_team(team_yaml(start="2027-01-11", end="2027-01-25"), "o.yaml")
    assert sum(h["shifts"] for h in published_history(store, overlapping).loads.values()) == 28


def test_only_leads_replan(published):
    outsider = Actor(email="someone@example.com")
    with pytest.raises(AccessDenied):
        replan_published(published, outsider, team_yaml(time_off=True), replan_from=FROM)


def test_weekly_changes_groups_by_monday(published):
    replanned = replan_published(published, CLI_ACTOR, team_yaml(time_off=True),
                                 replan_from=FROM, time_limit=3)
    frame = weekly_changes(replanned.changes, replanned.schedule.team)
    assert set(frame.columns) == {"week", "person", "gained", "lost"}
    assert all(w.weekday() == 0 for w in frame["week"])
    assert frame["gained"].sum() == frame["lost"].sum() == replanned.changed
