"""PagerDuty REST API v2 schedule overrides (contract section 11).

Shapes follow PagerDuty's published reference (tests/pager/fixtures/SOURCE.md): overrides are
created in bulk (`POST /schedules/{id}/overrides`, `{"overrides": [...]}`), whose answer is a
list with one status per override, so one can be refused while its neighbours are created.
They are listed with `overflow=true`, because PagerDuty otherwise cuts each override to the
asked window and a second push would see pieces instead of the overrides it made.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from service.pager.base import CredentialError, PagerError, ToolOverride, WantedOverride
from service.pager.http import send

API_URL = "https://api.pagerduty.com"
TOKEN_VARIABLE = "PAGERDUTY_TOKEN"
BATCH = 50  # overrides per bulk request: a failure part-way loses at most one batch's answer


def make_client(api_url: str | None, env: Mapping[str, str]) -> PagerDutyClient:
    token = env.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise CredentialError(f"pagerduty: set {TOKEN_VARIABLE} to a REST API key "
                              "(the key is read from the environment only)")
    return PagerDutyClient(token, api_url or API_URL)


class PagerDutyClient:
    tool = "pagerduty"

    def __init__(self, token: str, api_url: str = API_URL, *, batch: int = BATCH,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._http = httpx.Client(base_url=api_url.rstrip("/"), timeout=30.0, headers={
            "Authorization": f"Token token={token}",
            "Accept": "application/vnd.pagerduty+json;version=2",
            "Content-Type": "application/json",  # the reference requires it on every request
        })
        self._batch = batch
        self._sleep = sleep

    def list_overrides(self, target: str, since: datetime, until: datetime) -> list[ToolOverride]:
        params = {"since": _iso(since), "until": _iso(until), "overflow": "true"}
        response = send(self._http, "GET", f"/schedules/{target}/overrides", params=params,
                        sleep=self._sleep)
        return [_held(item) for item in _json(response).get("overrides", [])]

    def create(self, target: str, wanted: Sequence[WantedOverride]
               ) -> list[tuple[WantedOverride, str]]:
        created: list[tuple[WantedOverride, str]] = []
        for first in range(0, len(wanted), self._batch):
            batch = wanted[first:first + self._batch]
            body = {"overrides": [_body(w) for w in batch]}
            try:
                response = send(self._http, "POST", f"/schedules/{target}/overrides", json=body,
                                row=batch[0].row if len(batch) == 1 else None, sleep=self._sleep)
            except PagerError as error:
                raise PagerError(str(error), status=error.status, created=created) from error
            refused = None
            for want, result in zip(batch, _json(response), strict=False):
                status = int(result.get("status", 201))
                if 200 <= status < 300:
                    created.append((want, str(result["override"]["id"])))
                elif refused is None:
                    errors = "; ".join(str(e) for e in result.get("errors", [])) or "refused"
                    refused = PagerError(f"HTTP {status}: {errors} (row {want.row})",
                                         status=status)
            if refused is not None:
                raise PagerError(str(refused), status=refused.status, created=created)
        return created

    def delete(self, target: str, override_id: str) -> None:
        try:
            send(self._http, "DELETE", f"/schedules/{target}/overrides/{override_id}",
                 sleep=self._sleep)
        except PagerError as error:
            if error.status != 404:  # already gone is what we wanted
                raise


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _body(wanted: WantedOverride) -> dict[str, Any]:
    return {"start": _iso(wanted.start), "end": _iso(wanted.end),
            "user": {"id": wanted.user, "type": "user_reference"}}


def _held(item: Mapping[str, Any]) -> ToolOverride:
    return ToolOverride(id=str(item["id"]), start=_instant(item["start"]),
                        end=_instant(item["end"]), user=str(item["user"]["id"]))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise PagerError(f"HTTP {response.status_code}: PagerDuty answered something other "
                         f"than JSON from {response.url.path}") from error
