"""`rota import pagerduty|grafana|splunk-oncall --since ISO --until ISO --out FILE.json`:
download paging history from a tool's API into a JSON file that `rota analyze` reads as it is.

- PagerDuty REST API `GET /incidents` (offset pagination, `more`), token from `--token` or
  `PAGERDUTY_TOKEN`; writes `{"incidents": [...]}`.
- Grafana OnCall `GET /api/v1/alert_groups/` (pagination by `next`), token from `--token` or
  `GRAFANA_ONCALL_TOKEN`, base URL from `--url` (the OnCall API URL of the stack); writes
  `{"results": [...]}`.
- Splunk On-Call (formerly VictorOps) reporting API `GET /api-reporting/v2/incidents` (offset
  and limit pagination up to `total`), `X-VO-Api-Id` / `X-VO-Api-Key` from
  `SPLUNK_ONCALL_API_ID` / `SPLUNK_ONCALL_API_KEY`; writes the API's own envelope
  `{"offset", "limit", "total", "incidents"}`. The reference allows one call a minute, so pages
  are fetched at that pace.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import urllib.parse
from pathlib import Path
from typing import Any

from scheduler import InputError
from service.cli.paging.fetch import get_json
from service.cli.registry import add_command

PAGERDUTY_URL = "https://api.pagerduty.com"
SPLUNK_ONCALL_URL = "https://api.victorops.com"
PAGE_SIZE = 100  # also the reporting API's largest `limit`
SPLUNK_PAGE_SECONDS = 60.0  # "This API may be called a maximum of once a minute."
TOKEN_VARIABLES = {"pagerduty": "PAGERDUTY_TOKEN", "grafana": "GRAFANA_ONCALL_TOKEN"}
SPLUNK_VARIABLES = ("SPLUNK_ONCALL_API_ID", "SPLUNK_ONCALL_API_KEY")
TOOLS = ("grafana", "pagerduty", "splunk-oncall")


def add_parser(sub: Any) -> None:
    parser = add_command(sub, "import")
    parser.add_argument("tool", choices=TOOLS)
    parser.add_argument("--since", required=True, metavar="ISO", help="first creation time")
    parser.add_argument("--until", required=True, metavar="ISO", help="end of the range")
    parser.add_argument("--out", required=True, metavar="FILE.json")
    parser.add_argument("--token", help="API token (default: $PAGERDUTY_TOKEN or "
                                        "$GRAFANA_ONCALL_TOKEN; Splunk On-Call reads "
                                        "$SPLUNK_ONCALL_API_ID and $SPLUNK_ONCALL_API_KEY)")
    parser.add_argument("--url", help="API base URL (PagerDuty: default "
                                      f"{PAGERDUTY_URL}; Splunk On-Call: default "
                                      f"{SPLUNK_ONCALL_URL}; Grafana OnCall: required)")


def pagerduty_incidents(base: str, token: str, since: str, until: str) -> list[Any]:
    """Every incident created in [since, until), page by page."""
    headers = {"Authorization": f"Token token={token}",
               "Accept": "application/vnd.pagerduty+json;version=2"}
    incidents: list[Any] = []
    offset = 0
    while True:
        query = urllib.parse.urlencode({"since": since, "until": until, "limit": PAGE_SIZE,
                                        "offset": offset, "time_zone": "UTC"})
        page = get_json(f"{base.rstrip('/')}/incidents?{query}", headers)
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
        page = get_json(url, {"Authorization": token})
        groups.extend(page.get("results") or [])
        url = page.get("next")
    return groups


def splunk_oncall_incidents(base: str, api_id: str, api_key: str, since: str, until: str
                            ) -> list[Any]:
    """Every incident started in [since, until), in any phase (the API returns only resolved
    ones unless asked), page by page up to the `total` the first page announces."""
    headers = {"X-VO-Api-Id": api_id, "X-VO-Api-Key": api_key}
    incidents: list[Any] = []
    while True:
        if incidents:
            time.sleep(SPLUNK_PAGE_SECONDS)
        query = urllib.parse.urlencode({
            "offset": len(incidents), "limit": PAGE_SIZE, "startedAfter": since,
            "startedBefore": until, "currentPhase": "triggered,acknowledged,resolved"})
        page = get_json(f"{base.rstrip('/')}/api-reporting/v2/incidents?{query}", headers,
                        refused="the API id and key were refused, or the once-a-minute "
                                "limit was reached")
        batch = page.get("incidents") or []
        incidents.extend(batch)
        if not batch or len(incidents) >= int(page.get("total") or 0):
            return incidents


def splunk_credentials() -> tuple[str, str]:
    api_id, api_key = (os.environ.get(name, "") for name in SPLUNK_VARIABLES)
    missing = [name for name, value in zip(SPLUNK_VARIABLES, (api_id, api_key), strict=True)
               if not value]
    if missing:
        raise InputError(f"{' and '.join(missing)}: not set (the Splunk On-Call API id and key "
                         "come from the environment)")
    return api_id, api_key


def run(args: argparse.Namespace) -> int:
    if args.tool == "splunk-oncall":
        items = splunk_oncall_incidents(args.url or SPLUNK_ONCALL_URL, *splunk_credentials(),
                                        args.since, args.until)
        return _write(args.out, {"offset": 0, "limit": len(items), "total": len(items),
                                 "incidents": items}, f"{len(items)} incidents")
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
    noun = "incidents" if args.tool == "pagerduty" else "alert groups"
    return _write(args.out, document, f"{len(items)} {noun}")


def _write(out: str, document: dict[str, Any], what: str) -> int:
    try:
        Path(out).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{out}: cannot write: {exc.strerror}") from None
    print(f"{what} written to {out}")
    return 0
