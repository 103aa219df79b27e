"""Opsgenie schedule overrides (REST v2): list, create one per request, delete by alias.

Opsgenie names an override by its `alias`, which the creator may choose. Rota chooses
`rota-<start>-<hash>` (the hash covers schedule, user, start and end), so a person reading the
schedule sees which overrides Rota made, and re-creating the same piece after a lost reply hits
the same alias instead of making a twin. The list call has no time filter, so the window is
applied here; overrides are returned whole.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import quote

import httpx

from service.pager.base import (
    CredentialError,
    PagerClient,
    PagerError,
    ToolOverride,
    WantedOverride,
)
from service.pager.http import send
from service.pager.wire import create_each, iso_utc, overlaps, parse_time

PUBLIC_URL = "https://api.opsgenie.com"  # EU accounts: https://api.eu.opsgenie.com
KEY_VARIABLE = "OPSGENIE_API_KEY"
ALIAS_PREFIX = "rota-"


def alias_for(target: str, wanted: WantedOverride) -> str:
    """The alias Rota gives an override: readable start, and a hash that makes it unique."""
    start = wanted.start.astimezone(UTC)
    key = f"{target}|{wanted.user}|{start.isoformat()}|{wanted.end.astimezone(UTC).isoformat()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return f"{ALIAS_PREFIX}{start:%Y%m%dT%H%MZ}-{digest}"


class OpsgenieClient:
    """Overrides on one Opsgenie schedule; `target` is the schedule's id."""

    tool = "opsgenie"

    def __init__(self, http: httpx.Client, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.http = http
        self.sleep = sleep  # tests pass a recorder, so a Retry-After costs no wall time

    def _path(self, target: str, alias: str | None = None) -> str:
        path = f"/v2/schedules/{quote(target, safe='')}/overrides"
        return path if alias is None else f"{path}/{quote(alias, safe='')}"

    def list_overrides(self, target: str, since: datetime, until: datetime) -> list[ToolOverride]:
        response = send(self.http, "GET", self._path(target), sleep=self.sleep)
        found = []
        for item in response.json().get("data") or []:
            start, end = parse_time(item["startDate"]), parse_time(item["endDate"])
            if overlaps(start, end, since, until):
                user = item.get("user") or {}
                name = user.get("username") or user.get("id") or user.get("type", "")
                found.append(ToolOverride(id=item["alias"], start=start, end=end, user=name))
        return found

    def create(
        self, target: str, wanted: Sequence[WantedOverride]
    ) -> list[tuple[WantedOverride, str]]:
        return create_each(wanted, lambda piece: self._create_one(target, piece))

    def _create_one(self, target: str, piece: WantedOverride) -> str:
        body = {
            "alias": alias_for(target, piece),
            "user": {"type": "user", "username": piece.user},
            "startDate": iso_utc(piece.start),
            "endDate": iso_utc(piece.end),
        }
        response = send(
            self.http, "POST", self._path(target), row=piece.row, json=body, sleep=self.sleep
        )
        data = response.json().get("data") or {}
        return str(data.get("alias") or body["alias"])

    def delete(self, target: str, override_id: str) -> None:
        try:
            send(self.http, "DELETE", self._path(target, override_id), sleep=self.sleep)
        except PagerError as error:
            if error.status != 404:  # already gone is what delete wanted
                raise


def make_client(api_url: str | None, env: Mapping[str, str]) -> PagerClient:
    """An Opsgenie client; the key comes from OPSGENIE_API_KEY and is never printed."""
    key = env.get(KEY_VARIABLE, "").strip()
    if not key:
        raise CredentialError(
            f"opsgenie: set {KEY_VARIABLE} to an Opsgenie API key "
            "(the key is read from the environment only)"
        )
    http = httpx.Client(
        base_url=(api_url or PUBLIC_URL).rstrip("/"),
        headers={"Authorization": f"GenieKey {key}", "Accept": "application/json"},
        timeout=30.0,
    )
    return OpsgenieClient(http)
