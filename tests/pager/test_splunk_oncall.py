"""The Splunk On-Call client against a local Splunk On-Call checked with its published API document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from scheduler import InputError
from service.pager.base import CredentialError, PagerError, WantedOverride
from service.pager.splunk_oncall import SplunkOnCallClient, make_client
from tests.pager.servers.fake_tool import serving
from tests.pager.servers.splunk_fake import API_ID, API_KEY, SplunkFake

HOUR = timedelta(hours=1)
MONDAY = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
POLICY = "pol-payments"
TARGET = f"{POLICY}:rota-oncall"
ENV = {"SPLUNK_ONCALL_API_ID": API_ID, "SPLUNK_ONCALL_API_KEY": API_KEY}


def wanted(user: str, start: datetime, hours: int = 12) -> WantedOverride:
    return WantedOverride(
        start=start,
        end=start + hours * HOUR,
        user=user,
        member=user,
        row=f"{start:%Y-%m-%d %H:%M} primary {user}",
    )


@pytest.fixture
def fake() -> SplunkFake:
    return SplunkFake(
        users=("rota-oncall", "alice", "bob", "carol", "dave"),
        on_call={
            "rota-oncall": [(POLICY, "team-payments")],
            "dave": [("pol-search", "team-search")],
        },
    )


@pytest.fixture
def url(fake: SplunkFake) -> Iterator[str]:
    with serving(fake) as base:
        yield base
    assert fake.invalid == []  # every request and reply matched Splunk On-Call's document


def client(url: str, waits: list[float] | None = None) -> SplunkOnCallClient:
    made = make_client(url, ENV)
    assert isinstance(made, SplunkOnCallClient)
    if waits is not None:
        made.sleep = waits.append
    return made


def test_list_create_delete_round_trip(fake: SplunkFake, url: str) -> None:
    vo = client(url)
    rows = [wanted("alice", MONDAY), wanted("bob", MONDAY + 12 * HOUR)]
    created = vo.create(TARGET, rows)
    assert [w for w, _ in created] == rows
    held = vo.list_overrides(TARGET, MONDAY, MONDAY + 24 * HOUR)
    assert sorted((o.id, o.user, o.start, o.end) for o in held) == sorted(
        (i, w.user, w.start, w.end) for w, i in created
    )
    assert all(o["user"]["username"] == "rota-oncall" for o in fake.overrides.values())
    vo.delete(TARGET, created[0][1])
    vo.delete(TARGET, created[0][1])  # already gone: not an error
    assert [o.user for o in vo.list_overrides(TARGET, MONDAY, MONDAY + 24 * HOUR)] == ["bob"]


def test_list_keeps_to_the_placeholder_in_the_policy_and_the_window(
    fake: SplunkFake, url: str
) -> None:
    mine = fake.add(
        "rota-oncall", "2027-01-04T09:00:00+01:00", "2027-01-04T21:00:00+01:00", {POLICY: "carol"}
    )
    fake.add("dave", "2027-01-04T08:00:00Z", "2027-01-04T20:00:00Z", {"pol-search": "carol"})
    fake.add("rota-oncall", "2027-02-01T08:00:00Z", "2027-02-01T20:00:00Z", {POLICY: "carol"})
    held = client(url).list_overrides(TARGET, MONDAY + 6 * HOUR, MONDAY + 24 * HOUR)
    assert [(o.id, o.user, o.start, o.end) for o in held] == [
        (mine, "carol", MONDAY, MONDAY + 12 * HOUR)
    ]


def test_429_waits_for_retry_after_then_succeeds(fake: SplunkFake, url: str) -> None:
    waits: list[float] = []
    fake.refuse_next(429, {"error": "Too many requests"}, {"Retry-After": "5"})
    assert len(client(url, waits).create(TARGET, [wanted("alice", MONDAY)])) == 1
    assert waits == [5.0] and len(fake.overrides) == 1


def test_401_and_a_refused_key_are_one_line_naming_status_and_message(
    fake: SplunkFake, url: str
) -> None:
    fake.refuse_next(401, {"error": "Authentication parameters missing"})
    with pytest.raises(PagerError) as caught:
        client(url).list_overrides(TARGET, MONDAY, MONDAY + HOUR)
    assert caught.value.status == 401 and "Authentication parameters missing" in str(caught.value)
    wrong = make_client(url, {**ENV, "SPLUNK_ONCALL_API_KEY": "stale"})
    with pytest.raises(PagerError) as refused:
        wrong.list_overrides(TARGET, MONDAY, MONDAY + HOUR)
    assert refused.value.status == 403 and "Authentication failed" in str(refused.value)
    assert "\n" not in str(refused.value) and "stale" not in str(refused.value)


def test_a_rejected_assignment_names_the_row_and_leaves_no_half_made_override(
    fake: SplunkFake, url: str
) -> None:
    good, stranger = wanted("alice", MONDAY), wanted("mallory", MONDAY + 12 * HOUR)
    with pytest.raises(PagerError) as caught:
        client(url).create(TARGET, [good, stranger])
    assert caught.value.status == 400
    assert stranger.row in str(caught.value) and "mallory not found" in str(caught.value)
    assert [w for w, _ in caught.value.created] == [good]
    assert [o["assignments"][0]["user"] for o in fake.overrides.values()] == ["alice"]


def test_a_placeholder_not_on_call_in_the_policy_is_named(fake: SplunkFake, url: str) -> None:
    with pytest.raises(
        PagerError, match="rota-oncall is not on call in escalation policy pol-other"
    ):
        client(url).create("pol-other:rota-oncall", [wanted("alice", MONDAY)])
    assert fake.overrides == {}


def test_target_and_credentials_are_checked_before_any_request() -> None:
    with pytest.raises(CredentialError, match="SPLUNK_ONCALL_API_ID and SPLUNK_ONCALL_API_KEY"):
        make_client(None, {})
    with pytest.raises(InputError, match="POLICY:USERNAME"):
        make_client("http://127.0.0.1:9", ENV).list_overrides("pol-payments", MONDAY, MONDAY)
    public = make_client(None, ENV)
    assert isinstance(public, SplunkOnCallClient)
    assert str(public.http.base_url) == "https://api.victorops.com"
    assert public.http.headers["X-VO-Api-Id"] == API_ID
