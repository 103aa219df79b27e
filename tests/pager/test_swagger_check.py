"""The document checks bite: a request the vendor's document forbids is reported."""

from __future__ import annotations

import json

from tests.pager.servers.fake_tool import Call, Reply
from tests.pager.servers.opsgenie_fake import opsgenie_check
from tests.pager.servers.splunk_fake import splunk_check


def call(method: str, path: str, headers: dict[str, str], body: object = None) -> Call:
    data = b"" if body is None else json.dumps(body).encode()
    return Call(method, path, {}, {"Content-Type": "application/json", **headers}, data)


def test_opsgenie_create_without_end_date_or_key_is_invalid() -> None:
    key = {"Authorization": "GenieKey k"}
    good = {
        "user": {"type": "user", "username": "a@example.com"},
        "startDate": "2027-01-04T08:00:00Z",
        "endDate": "2027-01-04T20:00:00Z",
    }
    path = "/v2/schedules/s1/overrides"
    assert opsgenie_check().request_errors(call("POST", path, key, good)) == []
    assert opsgenie_check().request_errors(call("POST", path, key, {**good, "endDate": None}))
    assert opsgenie_check().request_errors(call("POST", path, {}, good))
    assert opsgenie_check().reply_errors(call("POST", path, key, good), Reply(201, {"data": {}}))


def test_splunk_request_without_api_headers_or_assignment_policy_is_invalid() -> None:
    keys = {"X-VO-Api-Id": "i", "X-VO-Api-Key": "k"}
    assert splunk_check().request_errors(call("GET", "/api-public/v1/overrides", keys)) == []
    assert splunk_check().request_errors(call("GET", "/api-public/v1/overrides", {}))
    assign = "/api-public/v1/overrides/x/assignments/pol"
    assert splunk_check().request_errors(call("PUT", assign, keys, {"username": "a"}))
