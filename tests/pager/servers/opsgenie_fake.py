"""Opsgenie's schedule-override API as its OpenAPI reference (vendor_docs/opsgenie) gives it.

Overrides live per schedule, keyed by their alias; every request and every reply is checked
against the published document (Swagger 2.0, merged from its split files the way
opsgenie-oas's swagger.yaml lists them).
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from tests.pager.servers.fake_tool import Call, FakeTool, Reply
from tests.pager.servers.swagger_check import SwaggerCheck

DOCS = Path(__file__).parents[1] / "vendor_docs" / "opsgenie"
API_KEY = "og-test-key"
OVERRIDES = "/v2/schedules/{identifier}/overrides"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCS / name).read_text())
    return loaded


@functools.cache
def opsgenie_check() -> SwaggerCheck:
    """Loaded once: building the validator takes half a second."""
    return SwaggerCheck(opsgenie_swagger())


def opsgenie_swagger() -> dict[str, Any]:
    root = _load("swagger.yaml")
    return {
        "swagger": "2.0",
        "info": root["info"],
        "securityDefinitions": root["securityDefinitions"],
        "security": root["security"],
        "paths": _load("paths/scheduleOverride.yaml"),
        "parameters": {
            **_load("parameters/schedule.yaml"),
            **_load("parameters/scheduleOverride.yaml"),
        },
        "responses": _load("responses/common.yaml"),
        "definitions": {
            **_load("definitions/common.yaml"),
            **_load("definitions/schedule.yaml"),
            **_load("definitions/scheduleOverride.yaml"),
        },
    }


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class OpsgenieFake(FakeTool):
    def __init__(
        self, schedules: tuple[str, ...] = ("sched-1",), users: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.check = opsgenie_check()
        self.overrides: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in schedules}
        self.users = set(users)

    def _envelope(self, **fields: Any) -> dict[str, Any]:
        return {"requestId": str(uuid.uuid4()), "took": 0.01, **fields}

    def error(self, status: int, message: str) -> Reply:
        return Reply(status, self._envelope(message=message))

    def authorized(self, call: Call) -> bool:
        return call.headers.get("Authorization") == f"GenieKey {API_KEY}"

    def unauthorized(self) -> Reply:
        return self.error(401, "Could not authenticate")

    def handle(self, call: Call) -> Reply:
        parts = call.path.strip("/").split("/")  # v2 schedules ID overrides [ALIAS]
        if parts[:2] != ["v2", "schedules"] or len(parts) < 4 or parts[3] != "overrides":
            return self.error(404, "No such path")
        schedule = self.overrides.get(parts[2])
        if schedule is None:
            return self.error(404, "No schedule exists with identifier")
        if len(parts) == 4 and call.method == "GET":
            return Reply(200, self._envelope(data=list(schedule.values())))
        if len(parts) == 4 and call.method == "POST":
            return self._create(parts[2], schedule, call.json())
        if len(parts) == 5 and call.method == "DELETE":
            if schedule.pop(parts[4], None) is None:
                return self.error(404, "Schedule override not found")
            return Reply(200, self._envelope(result="Deleted"))
        return self.error(404, "No such path")

    def _create(self, schedule_id: str, schedule: dict[str, Any], body: dict[str, Any]) -> Reply:
        username = body["user"].get("username")
        if self.users and username not in self.users:
            return self.error(422, f"User [{username}] does not exist")
        if _time(body["endDate"]) <= _time(body["startDate"]):
            return self.error(422, "End date should be later than start date")
        alias = body.get("alias") or str(uuid.uuid4())
        if alias in schedule:
            return self.error(409, f"Override with alias [{alias}] already exists")
        schedule[alias] = {
            "_parent": {"id": schedule_id, "name": schedule_id, "enabled": True},
            "alias": alias,
            "user": {
                "type": "user",
                "id": str(uuid.uuid5(uuid.NAMESPACE_DNS, username)),
                "username": username,
            },
            "startDate": body["startDate"],
            "endDate": body["endDate"],
            "rotations": [],
        }
        return Reply(201, self._envelope(result="Created", data={"alias": alias}))
