"""The GoAlert client against a local GoAlert that executes GoAlert's own GraphQL schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from scheduler import InputError
from service.pager.base import CredentialError, PagerError, WantedOverride
from service.pager.goalert import PAGE_SIZE, QUERY, GoAlertClient, make_client
from tests.pager.servers.fake_tool import serving
from tests.pager.servers.goalert_fake import SCHEDULE, TOKEN, GoAlertFake

HOUR = timedelta(hours=1)
MONDAY = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
ALICE = "0b8c1f8e-0000-4000-8000-00000000a11c"
BOB = "0b8c1f8e-0000-4000-8000-000000000b0b"
CAROL = "0b8c1f8e-0000-4000-8000-0000000ca401"


def wanted(user: str, start: datetime, hours: int = 12) -> WantedOverride:
    return WantedOverride(
        start=start,
        end=start + hours * HOUR,
        user=user,
        member=user[-4:],
        row=f"{start:%Y-%m-%d %H:%M} primary {user[-4:]}",
    )


@pytest.fixture
def fake() -> GoAlertFake:
    return GoAlertFake(users=(ALICE, BOB, CAROL), key_query=QUERY)


@pytest.fixture
def url(fake: GoAlertFake) -> Iterator[str]:
    with serving(fake) as base:
        yield base
    assert fake.invalid == []  # every document validated against GoAlert's schema


def client(url: str, waits: list[float] | None = None) -> GoAlertClient:
    made = make_client(url, {"GOALERT_TOKEN": TOKEN})
    assert isinstance(made, GoAlertClient)
    if waits is not None:
        made.sleep = waits.append
    return made


def test_list_create_delete_round_trip(fake: GoAlertFake, url: str) -> None:
    ga = client(url)
    rows = [wanted(ALICE, MONDAY), wanted(BOB, MONDAY + 12 * HOUR)]
    created = ga.create(SCHEDULE, rows)
    assert [w for w, _ in created] == rows
    assert {i for _, i in created} == set(fake.overrides)
    held = ga.list_overrides(SCHEDULE, MONDAY, MONDAY + 24 * HOUR)
    assert [(o.id, o.user, o.start, o.end) for o in held] == [
        (i, w.user, w.start, w.end) for w, i in created
    ]
    ga.delete(SCHEDULE, created[0][1])
    ga.delete(SCHEDULE, created[0][1])  # already gone: not an error
    assert [o.user for o in ga.list_overrides(SCHEDULE, MONDAY, MONDAY + 24 * HOUR)] == [BOB]


def test_list_pages_through_more_than_one_page_and_keeps_overrides_whole(
    fake: GoAlertFake, url: str
) -> None:
    for day in range(PAGE_SIZE + 5):
        fake.add(
            SCHEDULE,
            (MONDAY + day * 24 * HOUR).isoformat(),
            (MONDAY + day * 24 * HOUR + 12 * HOUR).isoformat(),
            add=ALICE,
        )
    fake.add("another-schedule", MONDAY.isoformat(), (MONDAY + HOUR).isoformat(), add=BOB)
    held = client(url).list_overrides(SCHEDULE, MONDAY + 6 * HOUR, MONDAY + 400 * 24 * HOUR)
    assert len(held) == PAGE_SIZE + 5
    assert held[0].start == MONDAY and held[0].end == MONDAY + 12 * HOUR  # not clipped


def test_a_persons_remove_override_is_listed_without_a_user(fake: GoAlertFake, url: str) -> None:
    ident = fake.add(
        SCHEDULE, "2027-01-04T09:00:00+01:00", "2027-01-04T12:00:00+01:00", remove=CAROL
    )
    (held,) = client(url).list_overrides(SCHEDULE, MONDAY, MONDAY + 24 * HOUR)
    assert (held.id, held.user, held.start) == (ident, "", MONDAY)


def test_429_waits_for_retry_after_then_succeeds(fake: GoAlertFake, url: str) -> None:
    waits: list[float] = []
    fake.refuse_next(429, "rate limited", {"Retry-After": "2"})
    created = client(url, waits).create(SCHEDULE, [wanted(ALICE, MONDAY)])
    assert waits == [2.0] and len(created) == 1 and len(fake.overrides) == 1


def test_401_is_one_line_naming_status_and_message(url: str) -> None:
    with pytest.raises(PagerError) as caught:
        make_client(url, {"GOALERT_TOKEN": "nope"}).list_overrides(SCHEDULE, MONDAY, MONDAY + HOUR)
    assert caught.value.status == 401
    assert "401" in str(caught.value) and "Unauthorized" in str(caught.value)
    assert "\n" not in str(caught.value) and "nope" not in str(caught.value)


def test_a_rejected_create_names_the_row_and_keeps_what_was_created(url: str) -> None:
    good, stranger = wanted(ALICE, MONDAY), wanted("not-a-goalert-user", MONDAY + 12 * HOUR)
    with pytest.raises(PagerError) as caught:
        client(url).create(SCHEDULE, [good, stranger])
    assert stranger.row in str(caught.value)
    assert "AddUserID: must be a valid UUID" in str(caught.value)
    assert [w for w, _ in caught.value.created] == [good]


def test_a_key_made_with_another_query_is_named_in_the_error(fake: GoAlertFake, url: str) -> None:
    fake.key_query = "query Mine { userOverrides { nodes { id } } }"
    with pytest.raises(PagerError) as caught:
        client(url).list_overrides(SCHEDULE, MONDAY, MONDAY + HOUR)
    assert "RotaListOverrides" in str(caught.value)
    assert "service.pager.goalert.QUERY" in str(caught.value)


def test_requests_leave_the_query_to_the_key_so_pasting_whitespace_does_no_harm(
    fake: GoAlertFake, url: str
) -> None:
    fake.key_query = QUERY.strip() + "\n\n"
    client(url).create(SCHEDULE, [wanted(ALICE, MONDAY)])
    assert all("query" not in call.json() for call in fake.calls)
    assert len(fake.overrides) == 1


def test_the_address_is_required_and_the_token_comes_from_the_environment() -> None:
    with pytest.raises(InputError, match="--api-url"):
        make_client(None, {"GOALERT_TOKEN": "t"})
    with pytest.raises(CredentialError, match="GOALERT_TOKEN"):
        make_client("https://goalert.example.com", {})
    made = make_client("https://goalert.example.com/", {"GOALERT_TOKEN": "t"})
    assert isinstance(made, GoAlertClient)
    assert made.http.headers["Authorization"] == "Bearer t"


def test_the_document_an_admin_pastes_into_the_api_key_is_valid_for_goalerts_schema() -> None:
    import graphql

    from tests.pager.servers.goalert_fake import goalert_schema

    assert graphql.validate(goalert_schema(), graphql.parse(QUERY)) == []
