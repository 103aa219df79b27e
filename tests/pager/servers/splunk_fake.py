"""Splunk On-Call's scheduled-override API as its published Swagger document gives it.

A scheduled override names the user who is away; on creation it gets one unassigned assignment
per escalation policy that user is on call in (`on_call` here), and PUT .../assignments/{slug}
gives one to a replacement. Requests and replies are checked against the excerpt in
vendor_docs/splunk_oncall.
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

DOC = Path(__file__).parents[1] / "vendor_docs" / "splunk_oncall" / "victorops-scheduled-overrides.yaml"
API_ID, API_KEY = "vo-test-id", "vo-test-key"
OVERRIDES = "/api-public/v1/overrides"


@functools.cache
def splunk_check() -> SwaggerCheck:
    return SwaggerCheck(yaml.safe_load(DOC.read_text()))


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class SplunkFake(FakeTool):
    def __init__(self, users: tuple[str, ...], on_call: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__()
        self.check = splunk_check()
        self.users = set(users)
        self.on_call = on_call  # username -> [(policy slug, team slug)] they are on call in
        self.overrides: dict[str, dict[str, Any]] = {}

    def authorized(self, call: Call) -> bool:
        return (call.headers.get("X-VO-Api-Id"), call.headers.get("X-VO-Api-Key")) == (
            API_ID,
            API_KEY,
        )

    def unauthorized(self) -> Reply:
        return Reply(403, {"error": "Authentication failed"})

    def add(self, username: str, start: str, end: str, assign: dict[str, str]) -> str:
        """An override made by a person in the web UI: `assign` maps policy -> replacement."""
        public_id = str(uuid.uuid4())
        self.overrides[public_id] = self._override(public_id, username, start, end)
        for assignment in self.overrides[public_id]["assignments"]:
            if assignment["policy"] in assign:
                assignment.update(assigned=True, user=assign[assignment["policy"]])
        return public_id

    def _override(self, public_id: str, username: str, start: str, end: str) -> dict[str, Any]:
        return {
            "publicId": public_id,
            "user": {"username": username, "firstName": username, "lastName": ""},
            "start": start,
            "end": end,
            "timezone": "Etc/UTC",
            "assignments": [
                {"policy": policy, "team": team, "assigned": False}
                for policy, team in self.on_call.get(username, [])
            ],
        }

    def handle(self, call: Call) -> Reply:
        parts = (
            call.path.removeprefix(OVERRIDES).strip("/").split("/")
            if call.path.startswith(OVERRIDES)
            else None
        )
        if parts is None:
            return Reply(404, {"error": "Path not found"})
        if parts == [""] and call.method == "GET":
            return Reply(200, {"_selfUrl": OVERRIDES, "overrides": list(self.overrides.values())})
        if parts == [""] and call.method == "POST":
            return self._create(call.json())
        override = self.overrides.get(parts[0])
        if override is None:
            return Reply(404, {"error": f"Scheduled override {parts[0]} not found"})
        if len(parts) == 1 and call.method == "DELETE":
            del self.overrides[parts[0]]
            return Reply(200)
        if len(parts) == 3 and parts[1] == "assignments" and call.method == "PUT":
            return self._assign(override, parts[2], call.json())
        return Reply(404, {"error": "Path not found"})

    def _create(self, body: dict[str, Any]) -> Reply:
        if body.get("username") not in self.users:
            return Reply(400, {"error": f"User {body.get('username')} not found"})
        if _time(body["end"]) <= _time(body["start"]):
            return Reply(400, {"error": "Override end must be after its start"})
        public_id = str(uuid.uuid4())
        self.overrides[public_id] = self._override(
            public_id, body["username"], body["start"], body["end"]
        )
        return Reply(
            200, {"_selfUrl": f"{OVERRIDES}/{public_id}", "schedule": self.overrides[public_id]}
        )

    def _assign(self, override: dict[str, Any], policy: str, body: dict[str, Any]) -> Reply:
        if body.get("username") not in self.users:
            return Reply(400, {"error": f"User {body.get('username')} not found"})
        for assignment in override["assignments"]:
            if assignment["policy"] == policy == body["policy"]:
                assignment.update(assigned=True, user=body["username"])
                return Reply(
                    200,
                    {
                        "_selfUrl": f"{OVERRIDES}/{override['publicId']}/assignments/{policy}",
                        **assignment,
                    },
                )
        return Reply(404, {"error": f"No assignment for policy {policy}"})
