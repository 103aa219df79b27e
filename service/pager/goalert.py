"""GoAlert (self-hosted; GraphQL at /api/graphql): a schedule's user overrides.

Why user overrides and not `setTemporarySchedule`: a temporary schedule replaces everyone on
call for its whole window, holds at most 150 shifts and has no id per shift, so push could
neither delete one shift nor leave a person's own temporary schedule alone. User overrides have
ids, are listed per schedule and window (`userOverrides`), made one at a time
(`createUserOverride`) and deleted one at a time (`deleteAll` with a `userOverride` target):
exactly the list/create/delete push needs, and a person's overrides stay untouched.

Rota makes "add" overrides (addUserID only): the user is on call in addition to whoever the
schedule's rules name, so the schedule Rota pushes to should have no rules of its own.

A GoAlert API key is bound to one query document, compared character for character. So the
three operations live in one document, QUERY, which the admin pastes when making the key, and
each request sends only the operation's name: GoAlert runs the key's own document (its API-key
middleware fills in an omitted query), so a newline lost or added in pasting does no harm.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import httpx

from scheduler import InputError
from service.pager.base import (
    CredentialError,
    PagerClient,
    PagerError,
    ToolOverride,
    WantedOverride,
)
from service.pager.http import send
from service.pager.wire import create_each, iso_utc, parse_time

TOKEN_VARIABLE = "GOALERT_TOKEN"
PAGE_SIZE = 100  # overrides per page; GoAlert's search allows up to 150 (search.MaxResults)

QUERY = """\
query RotaListOverrides($input: UserOverrideSearchOptions) {
  userOverrides(input: $input) {
    nodes { id start end addUserID removeUserID }
    pageInfo { endCursor hasNextPage }
  }
}

mutation RotaCreateOverride($input: CreateUserOverrideInput!) {
  createUserOverride(input: $input) { id }
}

mutation RotaDeleteOverride($input: [TargetInput!]) {
  deleteAll(input: $input)
}
"""


class GoAlertClient:
    """User overrides on one GoAlert schedule; `target` is the schedule's id (a UUID)."""

    tool = "goalert"

    def __init__(self, http: httpx.Client, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.http = http
        self.sleep = sleep  # tests pass a recorder, so a Retry-After costs no wall time

    def _run(self, operation: str, variables: dict[str, Any], row: str | None = None) -> Any:
        body = {"operationName": operation, "variables": variables}
        response = send(self.http, "POST", "/api/graphql", row=row, json=body, sleep=self.sleep)
        reply = response.json()
        errors = reply.get("errors") or []
        if errors:
            words = "; ".join(" ".join(str(e.get("message", e)).split()) for e in errors)
            if "Unknown operation" in words:
                words += " (make the API key with the query service.pager.goalert.QUERY)"
            where = f" (row {row})" if row else ""
            raise PagerError(f"GoAlert refused {operation}: {words}{where}")
        return reply["data"]

    def list_overrides(self, target: str, since: datetime, until: datetime) -> list[ToolOverride]:
        found: list[ToolOverride] = []
        search = {
            "scheduleID": target,
            "start": iso_utc(since),
            "end": iso_utc(until),
            "first": PAGE_SIZE,
            "after": "",
        }
        while True:
            page = self._run("RotaListOverrides", {"input": search})["userOverrides"]
            for node in page["nodes"]:
                # a "remove" override (a person taken off) has no addUserID; it names no one
                found.append(
                    ToolOverride(
                        id=node["id"],
                        start=parse_time(node["start"]),
                        end=parse_time(node["end"]),
                        user=node.get("addUserID") or "",
                    )
                )
            if not page["pageInfo"]["hasNextPage"]:
                return found
            search = {**search, "after": page["pageInfo"]["endCursor"]}

    def create(
        self, target: str, wanted: Sequence[WantedOverride]
    ) -> list[tuple[WantedOverride, str]]:
        return create_each(wanted, lambda piece: self._create_one(target, piece))

    def _create_one(self, target: str, piece: WantedOverride) -> str:
        override = {
            "scheduleID": target,
            "start": iso_utc(piece.start),
            "end": iso_utc(piece.end),
            "addUserID": piece.user,
        }
        data = self._run("RotaCreateOverride", {"input": override}, row=piece.row)
        return str(data["createUserOverride"]["id"])

    def delete(self, target: str, override_id: str) -> None:
        # deleting an id GoAlert no longer holds deletes nothing and is not an error
        self._run("RotaDeleteOverride", {"input": [{"type": "userOverride", "id": override_id}]})


def make_client(api_url: str | None, env: Mapping[str, str]) -> PagerClient:
    """A GoAlert client for the instance at `api_url` (required: GoAlert is self-hosted)."""
    if not api_url:
        raise InputError(
            "goalert: GoAlert is self-hosted: give its address with --api-url "
            "(e.g. https://goalert.example.com)"
        )
    token = env.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise CredentialError(
            f"goalert: set {TOKEN_VARIABLE} to a GoAlert API key "
            "(the key is read from the environment only)"
        )
    http = httpx.Client(
        base_url=api_url.rstrip("/"),
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=30.0,
    )
    return GoAlertClient(http)
