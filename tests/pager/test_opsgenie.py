"""The Opsgenie client against a local Opsgenie that checks every request with its OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from service.pager.base import CredentialError, PagerError, WantedOverride
from service.pager.opsgenie import OpsgenieClient, alias_for, make_client
from tests.pager.servers.fake_tool import serving
from tests.pager.servers.opsgenie_fake import API_KEY, OpsgenieFake

HOUR = timedelta(hours=1)
MONDAY = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
SCHEDULE = "sched-1"


def wanted(user: str, start: datetime, hours: int = 12) -> WantedOverride:
    return WantedOverride(
        start=start,
        end=start + hours * HOUR,
        user=user,
        member=user.split("@")[0],
        row=f"{start:%Y-%m-%d %H:%M} primary {user}",
    )


@pytest.fixture
def fake() -> OpsgenieFake:
    return OpsgenieFake(users=("alice@example.com", "bob@example.com", "carol@example.com"))


@pytest.fixture
def url(fake: OpsgenieFake) -> Iterator[str]:
    with serving(fake) as base:
        yield base
    assert fake.invalid == []  # every request and reply matched Opsgenie's published document


def client(url: str, waits: list[float] | None = None) -> OpsgenieClient:
    made = make_client(url, {"OPSGENIE_API_KEY": API_KEY})
    assert isinstance(made, OpsgenieClient)
    if waits is not None:
        made.sleep = waits.append
    return made


def test_list_create_delete_round_trip(fake: OpsgenieFake, url: str) -> None:
    og = client(url)
    rows = [wanted("alice@example.com", MONDAY), wanted("bob@example.com", MONDAY + 12 * HOUR)]
    created = og.create(SCHEDULE, rows)
    assert [w for w, _ in created] == rows
    assert all(alias.startswith("rota-20270104T") for _, alias in created)
    held = og.list_overrides(SCHEDULE, MONDAY, MONDAY + 24 * HOUR)
    assert {(o.user, o.start, o.end) for o in held} == {(w.user, w.start, w.end) for w in rows}
    assert {o.id for o in held} == {alias for _, alias in created}
    og.delete(SCHEDULE, created[0][1])
    og.delete(SCHEDULE, created[0][1])  # already gone: not an error
    assert [o.user for o in og.list_overrides(SCHEDULE, MONDAY, MONDAY + 24 * HOUR)] == [
        "bob@example.com"
    ]


def test_list_returns_whole_overrides_that_overlap_the_window_only(url: str) -> None:
    og = client(url)
    og.create(
        SCHEDULE,
        [wanted("alice@example.com", MONDAY), wanted("bob@example.com", MONDAY + 48 * HOUR)],
    )
    held = og.list_overrides(SCHEDULE, MONDAY + 6 * HOUR, MONDAY + 24 * HOUR)
    assert [(o.user, o.start, o.end) for o in held] == [
        ("alice@example.com", MONDAY, MONDAY + 12 * HOUR)
    ]


def test_an_override_made_by_a_person_is_listed_with_its_own_alias(
    fake: OpsgenieFake, url: str
) -> None:
    fake.overrides[SCHEDULE]["holiday-swap"] = {
        "alias": "holiday-swap",
        "user": {"type": "user", "username": "carol@example.com"},
        "startDate": "2027-01-04T10:00:00+01:00",
        "endDate": "2027-01-04T14:00:00+01:00",
    }
    (held,) = client(url).list_overrides(SCHEDULE, MONDAY, MONDAY + 24 * HOUR)
    assert (held.id, held.user, held.start) == ("holiday-swap", "carol@example.com", MONDAY + HOUR)
    assert not held.id.startswith("rota-")


def test_the_alias_is_the_same_for_the_same_piece_and_differs_for_another() -> None:
    piece = wanted("alice@example.com", MONDAY)
    assert alias_for(SCHEDULE, piece) == alias_for(SCHEDULE, piece)
    assert alias_for(SCHEDULE, piece) != alias_for(SCHEDULE, wanted("bob@example.com", MONDAY))
    assert alias_for(SCHEDULE, piece) != alias_for("sched-2", piece)


def test_429_waits_for_retry_after_then_succeeds(fake: OpsgenieFake, url: str) -> None:
    waits: list[float] = []
    fake.refuse_next(
        429, {"message": "Too many requests", "took": 0.0, "requestId": "r"}, {"Retry-After": "3"}
    )
    created = client(url, waits).create(SCHEDULE, [wanted("alice@example.com", MONDAY)])
    assert waits == [3.0]
    assert len(created) == 1 and len(fake.overrides[SCHEDULE]) == 1


def test_401_is_one_line_naming_status_and_message(url: str) -> None:
    bad = make_client(url, {"OPSGENIE_API_KEY": "wrong"})
    with pytest.raises(PagerError) as caught:
        bad.list_overrides(SCHEDULE, MONDAY, MONDAY + HOUR)
    assert caught.value.status == 401
    assert "401" in str(caught.value) and "Could not authenticate" in str(caught.value)
    assert "\n" not in str(caught.value) and "wrong" not in str(caught.value)


def test_a_rejected_create_names_the_row_and_keeps_what_was_created(url: str) -> None:
    good = wanted("alice@example.com", MONDAY)
    unknown = wanted("mallory@example.com", MONDAY + 12 * HOUR)
    with pytest.raises(PagerError) as caught:
        client(url).create(SCHEDULE, [good, unknown])
    assert caught.value.status == 422
    assert unknown.row in str(caught.value) and "mallory@example.com" in str(caught.value)
    assert [w for w, _ in caught.value.created] == [good]


def test_the_key_comes_from_the_environment_and_the_eu_address_is_an_api_url() -> None:
    with pytest.raises(CredentialError, match="OPSGENIE_API_KEY"):
        make_client(None, {})
    eu = make_client("https://api.eu.opsgenie.com/", {"OPSGENIE_API_KEY": "k"})
    assert isinstance(eu, OpsgenieClient)
    assert eu.http.base_url == httpx.URL("https://api.eu.opsgenie.com")
    assert eu.http.headers["Authorization"] == "GenieKey k"
    public = make_client(None, {"OPSGENIE_API_KEY": "k"})
    assert isinstance(public, OpsgenieClient)
    assert public.http.base_url == httpx.URL("https://api.opsgenie.com")
