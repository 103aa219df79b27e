"""`rota import pagerduty|grafana --since ISO --until ISO --out FILE.json`: download paging
history from a tool's API into a JSON file that `rota analyze` reads as it is.

- PagerDuty REST API `GET /incidents` (offset pagination, `more`), token from `--token` or
  `PAGERDUTY_TOKEN`; writes `{"incidents": [...]}`.
- Grafana OnCall `GET /api/v1/alert_groups/` (pagination by `next`), token from `--token` or
  `GRAFANA_ONCALL_TOKEN`, base URL from `--url` (the OnCall API URL of the stack); writes
  `{"results": [...]}`.
"""

from __future__ import annotations

import argparse
import json
import os
import urllib.parse
from pathlib import Path
from typing import Any

from scheduler.errors import InputError, RotaError

from .registry import add_command

PAGERDUTY_URL = "https://api.pagerduty.com"
PAGE_SIZE = 100
TIMEOUT_SECONDS = 30
TOKEN_VARIABLES = {"pagerduty": "PAGERDUTY_TOKEN", "grafana": "GRAFANA_ONCALL_TOKEN"}


def add_parser(sub: Any) -> None:
    parser = add_command(sub, "import")
    parser.add_argument("tool", choices=sorted(TOKEN_VARIABLES))
    parser.add_argument("--since", required=True, metavar="ISO", help="first creation time")
    parser.add_argument("--until", required=True, metavar="ISO", help="end of the range")
    parser.add_argument("--out", required=True, metavar="FILE.json")
    parser.add_argument("--token", help="API token (default: $PAGERDUTY_TOKEN or "
                                        "$GRAFANA_ONCALL_TOKEN)")
    parser.add_argument("--url", help="API base URL (PagerDuty: default "
                                      f"{PAGERDUTY_URL}; Grafana OnCall: required)")


def _get(url: str, headers: dict[str, str]) -> dict[str, Any]:
    # urllib.request pulls in http.client and ssl: imported here, not when `rota` starts.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            document = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise InputError(f"{url}: HTTP {exc.code}: the token was refused") from None
        raise RotaError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise RotaError(f"{url}: cannot connect: {getattr(exc, 'reason', exc)}") from None
    except ValueError as exc:
        raise RotaError(f"{url}: the answer is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise RotaError(f"{url}: unexpected answer: not a JSON object")
    return document


def pagerduty_incidents(base: str, token: str, since: str, until: str) -> list[Any]:
    """Every incident created in [since, until), page by page."""
    headers = {"Authorization": f"Token token={token}",
               "Accept": "application/vnd.pagerduty+json;version=2"}
    incidents: list[Any] = []
    offset = 0
    while True:
        query = urllib.parse.urlencode({"since": since, "until": until, "limit": PAGE_SIZE,
                                        "offset": offset, "time_zone": "UTC"})
        page = _get(f"{base.rstrip('/')}/incidents?{query}", headers)
        batch = page.get("incidents") or []
        incidents.extend(batch)
        if not page.get("more") or not batch:
            return incidents
        offset += len(batch)


def grafana_alert_groups(base: str, token: str, since: str, until: str) -> list[Any]:
    """Every alert group started in [since, until], following `next` links."""
    query = urllib.parse.urlencode({"started_at": f"{since}_{until}"})
    url: str | None = f"{base.rstrip('/')}/api/v1/alert_groups/?{query}"
    groups: list[Any] = []
    while url:
        page = _get(url, {"Authorization": token})
        groups.extend(page.get("results") or [])
        url = page.get("next")
    return groups


def run(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get(TOKEN_VARIABLES[args.tool], "")
    if not token:
        raise InputError(f"--token: no API token (give --token or set "
                         f"{TOKEN_VARIABLES[args.tool]})")
    if args.tool == "pagerduty":
        items = pagerduty_incidents(args.url or PAGERDUTY_URL, token, args.since, args.until)
        document: dict[str, Any] = {"incidents": items}
    else:
        if not args.url:
            raise InputError("--url: the Grafana OnCall API URL is required")
        items = grafana_alert_groups(args.url, token, args.since, args.until)
        document = {"results": items}
    try:
        Path(args.out).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{args.out}: cannot write: {exc.strerror}") from None
    print(f"{len(items)} {'incidents' if args.tool == 'pagerduty' else 'alert groups'} "
          f"written to {args.out}")
    return 0
