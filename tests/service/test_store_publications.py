"""Published versions, feed tokens, and `rota publish` / `rota feeds` (issue 4, contract section 2)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from scheduler import Assignment
from scheduler.errors import UnknownMemberError
from scheduler.formats.csvfile import schedule_csv, write_schedule
from scheduler.formats.ical import build_calendar
from service.cli import main
from service.store.errors import UnknownTeamError
from service.web.feeds import feed_path
from tests.harness.calendar_team import TEAM_YAML, round_robin

FIRST = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
SECOND = FIRST + timedelta(days=1)


def _feed(store, person):
    publication = store.publication("payments-sre")
    body = build_calendar(publication.schedule, person, published_at=publication.published_at,
                          sequences=publication.sequences)
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def _swap_first_primary(schedule, person):
    first = schedule.assignments[0]
    schedule.assignments[0] = Assignment(first.shift, first.role, person)
    return schedule


def test_publishing_keeps_every_version(store, team):
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)), now=FIRST)
    second = store.publish(TEAM_YAML, schedule_csv(round_robin(team, 1)), now=SECOND)
    assert second.version == 2
    assert [v for v, _ in store.versions("payments-sre")] == [1, 2]
    assert store.publication("payments-sre", 1).published_at == FIRST
    assert store.publication("payments-sre").published_at == SECOND
    assert store.latest_version("payments-sre") == 2


def test_uids_stay_and_sequence_rises_only_for_changed_events(store, team):
    schedule = round_robin(team)
    store.publish(TEAM_YAML, schedule_csv(schedule), now=FIRST)
    before = _feed(store, None)
    store.publish(TEAM_YAML, schedule_csv(_swap_first_primary(schedule, "chen")), now=SECOND)
    after = _feed(store, None)
    assert list(before) == list(after)  # same UIDs, same order
    changed = [uid for uid in after if after[uid]["SUMMARY"] != before[uid]["SUMMARY"]]
    assert len(changed) == 1
    assert int(after[changed[0]]["SEQUENCE"]) == int(before[changed[0]]["SEQUENCE"]) + 1
    # Its neighbours' descriptions name the new partner / handoff, so they change too; an
    # event far away does not.
    last = list(after)[-1]
    assert int(after[last]["SEQUENCE"]) == int(before[last]["SEQUENCE"]) == 0
    assert {e["DTSTAMP"].dt for e in after.values()} == {SECOND}


def test_a_lost_shift_leaves_one_feed_and_appears_in_the_other(store, team):
    schedule = round_robin(team)
    assert schedule.assignments[0].person == "alice"
    store.publish(TEAM_YAML, schedule_csv(schedule), now=FIRST)
    alice_before, chen_before = _feed(store, "alice"), _feed(store, "chen")
    store.publish(TEAM_YAML, schedule_csv(_swap_first_primary(schedule, "chen")), now=SECOND)
    alice_after, chen_after = _feed(store, "alice"), _feed(store, "chen")
    moved = set(alice_before) - set(alice_after)
    assert len(moved) == 1
    assert set(chen_after) - set(chen_before) == moved
    uid = moved.pop()
    assert int(chen_after[uid]["SEQUENCE"]) == 1


def test_tokens_are_long_random_and_one_per_member_plus_team(store, team):
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))
    tokens = store.feed_tokens("payments-sre")
    assert [p for p, _ in tokens] == ["alice", "bob", "chen", None]
    secrets_ = [t for _, t in tokens]
    assert len(set(secrets_)) == 4
    assert all(len(t) * 6 >= 128 for t in secrets_)  # url-safe base64: 6 bits a character
    assert store.resolve_token(secrets_[0]).person == "alice"
    assert store.resolve_token(secrets_[3]).person is None
    # A second publication keeps the tokens: subscriptions survive.
    store.publish(TEAM_YAML, schedule_csv(round_robin(team, 1)))
    assert store.feed_tokens("payments-sre") == tokens


def test_rotate_and_revoke(store, team):
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))
    old = store.feed_token("payments-sre", "bob")
    new = store.rotate_token("payments-sre", "bob")
    assert new != old
    assert store.resolve_token(old) is None
    assert store.resolve_token(new).person == "bob"
    assert store.revoke_token("payments-sre", "bob") is True
    assert store.resolve_token(new) is None
    assert store.feed_token("payments-sre", "bob") is None
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))  # does not resurrect it
    assert store.feed_token("payments-sre", "bob") is None
    with pytest.raises(UnknownMemberError):
        store.rotate_token("payments-sre", "zoe")
    with pytest.raises(UnknownTeamError):
        store.feed_tokens("no-such-team")


def test_cli_publish_then_feeds_list(tmp_path, monkeypatch, capsys, team):
    monkeypatch.setenv("ROTA_DB", f"sqlite:///{tmp_path}/cli.db")
    (tmp_path / "team.yaml").write_text(TEAM_YAML)
    write_schedule(round_robin(team), tmp_path / "schedule.csv")
    assert main(["publish", str(tmp_path / "team.yaml"), str(tmp_path / "schedule.csv")]) == 0
    capsys.readouterr()
    assert main(["feeds", "list", "payments-sre"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["person"] for r in rows] == ["alice", "bob", "chen", ""]
    assert all(r["path"].startswith("/feeds/") and r["path"].endswith(".ics") for r in rows)
    assert main(["feeds", "revoke", "payments-sre", "--person", "alice"]) == 0
    assert main(["feeds", "rotate", "payments-sre"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "person,path" and out[1].startswith(",/feeds/")
    assert main(["feeds", "list", "nope"]) == 2
    assert capsys.readouterr().out == ""


def test_cli_ical_writes_one_persons_calendar(tmp_path, capsys, team):
    (tmp_path / "team.yaml").write_text(TEAM_YAML)
    write_schedule(round_robin(team), tmp_path / "schedule.csv")
    out = tmp_path / "alice.ics"
    args = ["ical", str(tmp_path / "schedule.csv"), "--team", str(tmp_path / "team.yaml")]
    assert main([*args, "--person", "alice", "--out", str(out)]) == 0
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == sum(a.person == "alice" for a in round_robin(team).assignments)
    assert main([*args, "--person", "zoe", "--out", str(out)]) == 2
    assert "zoe" in capsys.readouterr().err


def test_feed_path_shape():
    assert feed_path("abc") == "/feeds/abc.ics"
