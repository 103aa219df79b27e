"""GoAlert's GraphQL API for user overrides, executed by graphql-core against GoAlert's own schema.

The schema is GoAlert's published SDL (vendor_docs/goalert); each request is parsed and validated
against it, then executed with resolvers over in-memory overrides. Like GoAlert, an API key only
runs the one query document it was created with, and a request may leave the query out.
"""

from __future__ import annotations

import base64
import functools
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import graphql

from tests.pager.servers.fake_tool import Call, FakeTool, Reply

DOCS = Path(__file__).parents[1] / "vendor_docs" / "goalert"
TOKEN = "goalert-test-key"
SCHEDULE = "5d6a3f0e-1c1b-4f7e-9a55-6f1d8b1e2c01"
MAX_FIRST = 150  # GoAlert's search.MaxResults


def _timestamp(value: Any) -> datetime:
    """ISOTimestamp: RFC 3339 with a zone, as GoAlert parses it (time.RFC3339Nano)."""
    if not isinstance(value, str) or "T" not in value:
        raise ValueError(f"not an RFC3339 timestamp: {value!r}")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"RFC3339 timestamp without a zone: {value!r}")
    return moment


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@functools.cache
def goalert_schema() -> graphql.GraphQLSchema:
    parts = [DOCS / "schema.graphql", *sorted((DOCS / "graph").glob("*.graphqls"))]
    schema = graphql.build_schema("\n".join(p.read_text() for p in parts))
    stamp = schema.get_type("ISOTimestamp")
    assert isinstance(stamp, graphql.GraphQLScalarType)
    stamp.parse_value = _timestamp  # type: ignore[method-assign]
    stamp.serialize = lambda value: value.isoformat()  # type: ignore[method-assign]
    return schema


class GoAlertFake(FakeTool):
    def __init__(self, users: tuple[str, ...] = (), key_query: str | None = None) -> None:
        super().__init__()
        self.overrides: dict[str, dict[str, Any]] = {}
        self.schedules = {SCHEDULE}
        self.users = set(users)
        self.key_query = key_query  # the document the API key was created with

    def authorized(self, call: Call) -> bool:
        return call.headers.get("Authorization") == f"Bearer {TOKEN}"

    def unauthorized(self) -> Reply:
        return Reply(401, "Unauthorized")

    def is_read(self, call: Call) -> bool:
        """A GraphQL query is a read though it is POSTed; mutations are the writes."""
        request = call.json() or {}
        try:
            document = graphql.parse(request.get("query") or self.key_query or "")
        except graphql.GraphQLError:
            return False
        operation = graphql.get_operation_ast(document, request.get("operationName"))
        return operation is not None and operation.operation == graphql.OperationType.QUERY

    def add(self, schedule: str, start: str, end: str, add: str = "", remove: str = "") -> str:
        """An override made by a person, in GoAlert's UI."""
        ident = str(uuid.uuid4())
        self.overrides[ident] = {
            "id": ident,
            "scheduleID": schedule,
            "start": _timestamp(start),
            "end": _timestamp(end),
            "addUserID": add,
            "removeUserID": remove,
        }
        return ident

    def handle(self, call: Call) -> Reply:
        if call.method != "POST" or call.path != "/api/graphql":
            return Reply(404, "not found")
        request = call.json()
        if self.key_query is not None:  # GoAlert's apikey.Middleware fills in an omitted query
            request.setdefault("query", self.key_query)
        if self.key_query is not None and request["query"] != self.key_query:
            return Reply(
                200,
                {
                    "errors": [
                        {
                            "message": "wrong query for API key",
                            "extensions": {"code": "invalid_query"},
                        }
                    ]
                },
            )
        try:
            document = graphql.parse(request["query"])
        except graphql.GraphQLError as error:
            self.invalid.append(str(error))
            return Reply(422, {"errors": [error.formatted]})
        problems = graphql.validate(goalert_schema(), document)
        if problems:
            self.invalid += [p.message for p in problems]
            return Reply(422, {"errors": [p.formatted for p in problems]})
        result = graphql.execute_sync(
            goalert_schema(),
            document,
            root_value=_Root(self),
            variable_values=request.get("variables"),
            operation_name=request.get("operationName"),
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return Reply(200, body)


class _Root:
    """Root resolvers: graphql-core's default resolver calls these by field name."""

    def __init__(self, fake: GoAlertFake) -> None:
        self.fake = fake

    def userOverrides(self, info: Any, input: dict[str, Any] | None = None) -> dict[str, Any]:
        options = input or {}
        first = options.get("first", 15)
        if first > MAX_FIRST:
            raise graphql.GraphQLError(f"invalid value for 'first': must be <= {MAX_FIRST}")
        start, end = options.get("start"), options.get("end")
        matches = sorted(
            (
                o
                for o in self.fake.overrides.values()
                if options.get("scheduleID") in (None, o["scheduleID"])
                and (end is None or o["start"] < end)
                and (start is None or o["end"] > start)
            ),
            key=lambda o: (o["start"], o["id"]),
        )
        offset = int(base64.b64decode(options["after"]).decode()) if options.get("after") else 0
        page = matches[offset : offset + first]
        following = offset + len(page)
        cursor = base64.b64encode(str(following).encode()).decode()
        return {
            "nodes": page,
            "pageInfo": {"endCursor": cursor, "hasNextPage": following < len(matches)},
        }

    def createUserOverride(self, info: Any, input: dict[str, Any]) -> dict[str, Any]:
        if input.get("scheduleID") not in self.fake.schedules:
            raise graphql.GraphQLError("invalid value for 'scheduleID': schedule not found")
        # the checks and words of GoAlert's override.UserOverride.Normalize
        if not input.get("addUserID") and not input.get("removeUserID"):
            raise graphql.GraphQLError("UserID: must specify AddUserID and/or RemoveUserID")
        for field in ("addUserID", "removeUserID"):
            value = input.get(field)
            if value and not _is_uuid(value):
                raise graphql.GraphQLError(f"{field[0].upper()}{field[1:]}: must be a valid UUID")
            if value and self.fake.users and value not in self.fake.users:
                raise graphql.GraphQLError(f"{field[0].upper()}{field[1:]}: user not found")
        if input["end"] <= input["start"]:
            raise graphql.GraphQLError("End: must occur after Start time")
        ident = str(uuid.uuid4())
        override = {
            "id": ident,
            "scheduleID": input["scheduleID"],
            "start": input["start"],
            "end": input["end"],
            "addUserID": input.get("addUserID") or "",
            "removeUserID": input.get("removeUserID") or "",
        }
        self.fake.overrides[ident] = override
        return override

    def deleteAll(self, info: Any, input: list[dict[str, Any]] | None = None) -> bool:
        for target in input or []:
            if target["type"] != "userOverride":
                raise graphql.GraphQLError(f"unsupported target type {target['type']}")
            self.fake.overrides.pop(target["id"], None)
        return True
