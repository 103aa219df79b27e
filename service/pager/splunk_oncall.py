"""Splunk On-Call (formerly VictorOps) scheduled overrides, through its public API v1.

A Splunk On-Call scheduled override takes a user *off* call for a while: it names the user who
is away, and gets one assignment per escalation policy that user is on call in, each of which
is then given to a replacement. So Rota needs someone to take off call. The target is
`POLICY:USERNAME`: the escalation policy's slug and a placeholder user (say `rota-oncall`) who
is the only member of that policy's rotation, always on call there. Each row becomes one
override of the placeholder for the row's interval, whose assignment for POLICY goes to the
row's user; the override's `publicId` is its id.

Creating takes two requests (create, then assign). An override the API made but could not
assign is deleted again before the error is raised, so no half-made override is left to page
the placeholder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

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
from service.pager.wire import create_each, iso_utc, overlaps, parse_time

PUBLIC_URL = "https://api.victorops.com"
ID_VARIABLE = "SPLUNK_ONCALL_API_ID"
KEY_VARIABLE = "SPLUNK_ONCALL_API_KEY"
OVERRIDES = "/api-public/v1/overrides"


def split_target(target: str) -> tuple[str, str]:
    """`POLICY:USERNAME` as (policy slug, placeholder username)."""
    policy, sep, placeholder = target.partition(":")
    if not sep or not policy.strip() or not placeholder.strip():
        raise InputError(
            f"splunk-oncall: target {target!r} should be POLICY:USERNAME, the escalation "
            "policy's slug and the placeholder user its rotation has on call"
        )
    return policy.strip(), placeholder.strip()


def _assignment(override: Mapping[str, Any], policy: str) -> Mapping[str, Any] | None:
    for assignment in override.get("assignments") or []:
        if assignment.get("policy") == policy:
            found: Mapping[str, Any] = assignment
            return found
    return None


class SplunkOnCallClient:
    """Scheduled overrides of one placeholder user in one escalation policy."""

    tool = "splunk-oncall"

    def __init__(self, http: httpx.Client, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.http = http
        self.sleep = sleep  # tests pass a recorder, so a Retry-After costs no wall time

    def _send(self, method: str, path: str, row: str | None = None, **kwargs: Any) -> Any:
        response = send(self.http, method, path, row=row, sleep=self.sleep, **kwargs)
        return response.json() if response.content else None

    def list_overrides(self, target: str, since: datetime, until: datetime) -> list[ToolOverride]:
        policy, placeholder = split_target(target)
        found = []
        for override in (self._send("GET", OVERRIDES) or {}).get("overrides") or []:
            assignment = _assignment(override, policy)
            if (override.get("user") or {}).get("username") != placeholder or assignment is None:
                continue  # another user's override, or one that does not touch this policy
            start, end = parse_time(override["start"]), parse_time(override["end"])
            if overlaps(start, end, since, until):
                user = str(assignment.get("user") or "") if assignment.get("assigned") else ""
                found.append(ToolOverride(id=override["publicId"], start=start, end=end, user=user))
        return found

    def create(
        self, target: str, wanted: Sequence[WantedOverride]
    ) -> list[tuple[WantedOverride, str]]:
        policy, placeholder = split_target(target)
        return create_each(wanted, lambda piece: self._create_one(policy, placeholder, piece))

    def _create_one(self, policy: str, placeholder: str, piece: WantedOverride) -> str:
        body = {
            "username": placeholder,
            "start": iso_utc(piece.start),
            "end": iso_utc(piece.end),
            "timezone": "Etc/UTC",
        }
        reply = self._send("POST", OVERRIDES, row=piece.row, json=body)
        made = reply.get("schedule") or reply.get("override") or {}  # the document says schedule
        if not made.get("publicId"):
            raise PagerError(f"Splunk On-Call made no scheduled override for row {piece.row}")
        public_id = str(made["publicId"])
        try:
            if _assignment(made, policy) is None:
                raise PagerError(
                    f"{placeholder} is not on call in escalation policy {policy} for all of "
                    f"row {piece.row}: make {placeholder} the only, always-on-call member of "
                    "that policy's rotation"
                )
            assign = {"policy": policy, "username": piece.user}
            path = f"{OVERRIDES}/{quote(public_id, safe='')}/assignments/{quote(policy, safe='')}"
            self._send("PUT", path, row=piece.row, json=assign)
        except PagerError:
            self.delete("", public_id)  # leave no half-made override paging the placeholder
            raise
        return public_id

    def delete(self, target: str, override_id: str) -> None:
        try:
            self._send("DELETE", f"{OVERRIDES}/{quote(override_id, safe='')}")
        except PagerError as error:
            if error.status != 404:  # already gone is what delete wanted
                raise


def make_client(api_url: str | None, env: Mapping[str, str]) -> PagerClient:
    """A Splunk On-Call client; the API id and key come from the environment, never printed."""
    api_id, key = env.get(ID_VARIABLE, "").strip(), env.get(KEY_VARIABLE, "").strip()
    missing = [name for name, value in ((ID_VARIABLE, api_id), (KEY_VARIABLE, key)) if not value]
    if missing:
        raise CredentialError(
            f"splunk-oncall: set {' and '.join(missing)} to the Splunk On-Call API id and key "
            "(read from the environment only)"
        )
    http = httpx.Client(
        base_url=(api_url or PUBLIC_URL).rstrip("/"),
        headers={"X-VO-Api-Id": api_id, "X-VO-Api-Key": key, "Accept": "application/json"},
        timeout=30.0,
    )
    return SplunkOnCallClient(http)
