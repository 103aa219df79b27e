"""Paging-tool clients by name; each module is imported only when its tool is pushed to.

A factory takes the `--api-url` override (None: the tool's public address) and the environment,
where the credentials live (contract section 11: never from a file or a flag), and returns a
PagerClient. Importing this package pulls in neither httpx nor any client, so `rota --help`
stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.pager.base import PagerClient

Factory = Callable[[str | None, Mapping[str, str]], "PagerClient"]

# tool name -> module holding `make_client(api_url, env) -> PagerClient`
CLIENT_MODULES: dict[str, str] = {
    "pagerduty": "service.pager.pagerduty",
    "opsgenie": "service.pager.opsgenie",
    "goalert": "service.pager.goalert",
    "splunk-oncall": "service.pager.splunk_oncall",
}

TOOLS = tuple(CLIENT_MODULES)


def factory(tool: str) -> Factory:
    """The client factory for `tool`; KeyError names an unknown tool."""
    module = importlib.import_module(CLIENT_MODULES[tool])
    make: Factory = module.make_client
    return make


def make_client(tool: str, api_url: str | None, env: Mapping[str, str]) -> PagerClient:
    """A ready client for `tool` (credentials from `env`; PagerError when they are missing)."""
    return factory(tool)(api_url, env)
