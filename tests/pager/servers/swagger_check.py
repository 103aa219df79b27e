"""Check requests and replies against a vendor's published Swagger 2.0 document with openapi-core.

Opsgenie and Splunk On-Call publish Swagger 2.0, which openapi-core does not read; `to_openapi3`
rewrites the parts the fakes use (paths, parameters, body, responses, definitions, security)
into OpenAPI 3.0 without changing any schema's meaning, so the documents in vendor_docs/ stay
exactly as published. One liberty: a Swagger `discriminator` names a property without listing
the subtypes, which OpenAPI 3.0 cannot say, so it is dropped (the base schema still applies).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from tests.pager.servers.fake_tool import Call, Reply

_REF_RENAMES = {"#/definitions/": "#/components/schemas/"}


def _schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            for old, new in _REF_RENAMES.items():
                value = value.replace(old, new)
            out[key] = value
        elif key == "discriminator" and isinstance(value, str):
            continue
        else:
            out[key] = _schema(value)
    return out


def _resolve(doc: dict[str, Any], node: dict[str, Any], section: str) -> dict[str, Any]:
    ref = node.get("$ref", "")
    prefix = f"#/{section}/"
    if isinstance(ref, str) and ref.startswith(prefix):
        resolved: dict[str, Any] = doc[section][ref[len(prefix) :]]
        return resolved
    return node


def _operation(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    params, body = [], None
    for raw in op.get("parameters", []):
        param = _resolve(doc, raw, "parameters")
        if param["in"] == "body":
            schema = _schema(param.get("schema", {}))
            body = {
                "required": param.get("required", False),
                "content": {"application/json": {"schema": schema}},
            }
            continue
        keys = ("type", "format", "enum", "default", "maximum", "minimum", "items")
        params.append(
            {
                "name": param["name"],
                "in": param["in"],
                "required": param.get("required", False),
                "schema": {k: param[k] for k in keys if k in param},
            }
        )
    responses = {}
    for status, raw in op.get("responses", {}).items():
        response = _resolve(doc, raw, "responses")
        converted: dict[str, Any] = {"description": response.get("description", "")}
        if "schema" in response:
            converted["content"] = {"application/json": {"schema": _schema(response["schema"])}}
        responses[str(status)] = converted
    out: dict[str, Any] = {"parameters": params, "responses": responses}
    if body is not None:
        out["requestBody"] = body
    return out


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _reachable(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The schemas the paths use, directly or through each other (the copied files define
    more, some pointing at files not copied, which openapi-core would refuse to load)."""
    wanted, todo = set(), list(_refs(paths))
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(_refs(schemas[name]))
    return {name: schemas[name] for name in sorted(wanted)}


def to_openapi3(doc: dict[str, Any]) -> dict[str, Any]:
    """The Swagger 2.0 `doc` as an OpenAPI 3.0 document openapi-core can validate against."""
    paths = {
        path: {method: _operation(doc, op) for method, op in item.items()}
        for path, item in doc["paths"].items()
    }
    schemas = _reachable(paths, _schema(doc.get("definitions", {})))
    out: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": doc.get("info", {"title": "vendor", "version": "0"}),
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    if "securityDefinitions" in doc:
        out["components"]["securitySchemes"] = doc["securityDefinitions"]
        out["security"] = doc.get("security", [])
    return out


class SwaggerCheck:
    """Validates each call and each reply of a fake against one converted document."""

    def __init__(self, swagger: dict[str, Any]) -> None:
        self.api = OpenAPI.from_dict(to_openapi3(swagger))

    def _request(self, call: Call) -> MockRequest:
        args = {k: v[0] for k, v in call.query.items()}
        headers = {k.lower(): v for k, v in call.headers.items()}
        return MockRequest(
            "http://tool",
            call.method.lower(),
            call.path,
            args=args,
            headers=headers,
            data=call.body or None,
        )

    def request_errors(self, call: Call) -> list[str]:
        try:
            self.api.validate_request(self._request(call))
        except Exception as error:  # openapi-core raises a family of validation errors
            cause = getattr(error, "__cause__", None)
            return [f"{call.method} {call.path}: {error} {cause or ''}".strip()]
        return []

    def reply_errors(self, call: Call, reply: Reply) -> list[str]:
        data = b"" if reply.body is None else json.dumps(reply.body).encode()
        try:
            self.api.validate_response(self._request(call), MockResponse(data, reply.status))
        except Exception as error:
            return [f"reply {reply.status} to {call.method} {call.path}: {error}"]
        return []
