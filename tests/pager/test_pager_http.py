"""service.pager.http.send, the retry policy every paging-tool client shares: Retry-After in
seconds or as an HTTP date, a doubling backoff without one, and one-line errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from service.pager.base import PagerError
from service.pager.http import send


def client_answering(*answers: httpx.Response | Exception) -> httpx.Client:
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handle), base_url="https://tool.test")


def test_retry_after_as_an_http_date_is_waited_until():
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    sleeps: list[float] = []
    client = client_answering(httpx.Response(429, headers={"Retry-After": when}),
                              httpx.Response(200, json={}))
    assert send(client, "GET", "/x", sleep=sleeps.append).status_code == 200
    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 30


def test_without_retry_after_the_wait_doubles():
    sleeps: list[float] = []
    client = client_answering(httpx.Response(502), httpx.Response(500), httpx.Response(201))
    assert send(client, "POST", "/x", sleep=sleeps.append).status_code == 201
    assert sleeps == [1.0, 2.0]


def test_a_refusal_is_one_line_with_status_message_and_row():
    client = client_answering(httpx.Response(403, json={"error": {"message": "Access Denied",
                                                                  "errors": ["no write scope"]}}))
    with pytest.raises(PagerError) as info:
        send(client, "POST", "/schedules/P1/overrides", row="2027-01-04 09:00-21:00 primary alice")
    assert str(info.value) == ("HTTP 403: Access Denied: no write scope from "
                               "/schedules/P1/overrides (row 2027-01-04 09:00-21:00 primary alice)")
    assert info.value.status == 403


def test_a_network_error_is_one_line_and_not_retried():
    client = client_answering(httpx.ConnectError("connection refused"))
    with pytest.raises(PagerError, match=r"^network error: connection refused from /x$") as info:
        send(client, "GET", "/x", sleep=lambda s: None)
    assert info.value.status is None
