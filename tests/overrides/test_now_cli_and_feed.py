"""`rota now TEAM [--at ISO]` and `GET /feeds/<token>.json` (contract section 13) on a store
holding a published schedule with an override: CSV and JSON shapes, split rows, DST, a role
nobody holds, unknown teams and tokens."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from overrides_fixtures import alternating, at, make_team, schedule_of, team_yaml
from starlette.applications import Starlette
from starlette.testclient import TestClient

from scheduler.formats.csvfile import schedule_csv
from scheduler.living.overrides import Override, apply_override
from service.cli import main
from service.store import Store
from service.web import feed_json
from service.web.feed_json import json_path
from service.web.feeds import feed_routes

HEADER = ["role", "person", "since", "until", "next_person", "next_start"]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A SQLite store (the CLI finds it through ROTA_DB) where cover-sre's newest version has
    m2 covering m0's primary on 4 January, 12:00-14:00."""
    url = f"sqlite:///{tmp_path}/rota.db"
    monkeypatch.setenv("ROTA_DB", url)
    store = Store(url)
    team = make_team(4)
    store.publish(team_yaml(4), schedule_csv(alternating(team)))
    final = apply_override(alternating(team), Override(
        "primary", "m2", at("2027-01-04 12:00"), at("2027-01-04 14:00"))).schedule
    store.publish(team_yaml(4), schedule_csv(final, final=True))
    return store


def now(capsys, *argv: str) -> tuple[int, list[list[str]], str]:
    code = main(["now", *argv])
    out, err = capsys.readouterr()
    return code, list(csv.reader(io.StringIO(out))), err


def test_now_prints_each_role_of_the_newest_version_overrides_included(store, capsys):
    code, rows, _ = now(capsys, "cover-sre", "--at", "2027-01-04T13:00:00+01:00")
    assert code == 0
    assert rows == [HEADER,
                    ["primary", "m2", "2027-01-04T12:00:00+01:00", "2027-01-04T14:00:00+01:00",
                     "m0", "2027-01-04T14:00:00+01:00"],
                    ["secondary", "m1", "2027-01-04T09:00:00+01:00",
                     "2027-01-04T21:00:00+01:00", "m3", "2027-01-04T21:00:00+01:00"]]


def test_at_without_an_offset_is_the_team_zone_wall_clock(store, capsys):
    _, local, _ = now(capsys, "cover-sre", "--at", "2027-01-04T13:00")
    _, utc, _ = now(capsys, "cover-sre", "--at", "2027-01-04T12:00:00Z")
    assert local == utc and local[1][1] == "m2"


def test_now_without_at_uses_the_clock(store, capsys, monkeypatch):
    monkeypatch.setattr("service.cli.now.current_time", lambda: at("2027-01-04 22:00"))
    _, rows, _ = now(capsys, "cover-sre")
    assert [r[1] for r in rows[1:]] == ["m2", "m3"]


def test_a_role_nobody_holds_has_an_empty_person(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/gaps.db"
    monkeypatch.setenv("ROTA_DB", url)
    team = make_team(4)
    Store(url).publish(team_yaml(4), schedule_csv(schedule_of(team, {(0, "primary"): "m0",
                                                                    (2, "primary"): "m1"})))
    _, rows, _ = now(capsys, "cover-sre", "--at", "2027-01-04T22:00")
    assert rows[1] == ["primary", "", "2027-01-04T21:00:00+01:00", "2027-01-05T09:00:00+01:00",
                       "m1", "2027-01-05T09:00:00+01:00"]
    assert rows[2] == ["secondary", "", "2027-01-04T09:00:00+01:00",
                       "2027-01-11T09:00:00+01:00", "", ""]


def test_across_dst_the_times_carry_each_side_s_offset(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/dst.db"
    monkeypatch.setenv("ROTA_DB", url)
    kwargs = {"start": "2027-03-27", "end": "2027-03-29"}
    Store(url).publish(team_yaml(4, **kwargs), schedule_csv(alternating(make_team(4, **kwargs))))
    # 02:30 does not exist on 28 March in Berlin: it is read as 03:00 CEST (section 1).
    _, rows, _ = now(capsys, "cover-sre", "--at", "2027-03-28T02:30")
    assert rows[1] == ["primary", "m2", "2027-03-27T21:00:00+01:00", "2027-03-28T09:00:00+02:00",
                       "m0", "2027-03-28T09:00:00+02:00"]


@pytest.mark.parametrize("argv, message", [
    (["no-such-team"], "team 'no-such-team': no published schedule"),
    (["cover-sre", "--at", "tomorrow"], "--at: not an ISO 8601 time: 'tomorrow'"),
])
def test_bad_input_is_one_line_and_exit_2(store, capsys, argv, message):
    code, rows, err = now(capsys, *argv)
    assert code == 2 and rows == []
    assert err.strip().splitlines() == [f"rota: {message} (teams in the store: cover-sre)"
                                        if "team '" in message else f"rota: {message}"]


# ------------------------------------------------------------------ GET /feeds/<token>.json

@pytest.fixture
def client(store, monkeypatch) -> TestClient:
    monkeypatch.setattr(feed_json, "current_time", lambda: at("2027-01-04 13:00"))
    return TestClient(Starlette(routes=feed_routes(lambda: store, ttl=0)))


def test_the_team_token_serves_who_is_on_call_now_and_next(store, client):
    response = client.get(json_path(store.feed_token("cover-sre")))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["team"] == "cover-sre"
    assert body["generated"] == "2027-01-04T13:00:00+01:00"
    assert body["now"] == [
        {"role": "primary", "person": "m2", "name": "Member 2",
         "start": "2027-01-04T12:00:00+01:00", "end": "2027-01-04T14:00:00+01:00"},
        {"role": "secondary", "person": "m1", "name": "Member 1",
         "start": "2027-01-04T09:00:00+01:00", "end": "2027-01-04T21:00:00+01:00"}]
    starts = [datetime.fromisoformat(r["start"]) for r in body["next"]]
    assert starts == sorted(starts)
    # m0 takes primary back at 14:00; then every row up to 7 days on, the 11th's day included.
    assert body["next"][0] == {"role": "primary", "person": "m0", "name": "Member 0",
                               "start": "2027-01-04T14:00:00+01:00",
                               "end": "2027-01-04T21:00:00+01:00"}
    assert starts[-1] < at("2027-01-11 13:00") and len(body["next"]) == 1 + 13 * 2


def test_an_unknown_or_personal_token_is_404(store, client):
    assert client.get(json_path("not-a-token")).status_code == 404
    assert client.get(json_path(store.feed_token("cover-sre", "m0"))).status_code == 404


def test_a_new_publication_shows_at_once(store, client):
    path = json_path(store.feed_token("cover-sre"))
    assert client.get(path).json()["now"][0]["person"] == "m2"
    store.publish(team_yaml(4), schedule_csv(alternating(make_team(4))))
    assert client.get(path).json()["now"][0]["person"] == "m0"
