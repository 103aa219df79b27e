"""PagerDuty REST API incidents and Grafana OnCall alert groups, as exported JSON.

PagerDuty: a list of incidents, or a page dump `{"incidents": [...]}`. The responder is the first
acknowledger, else the first assignee; when both lists are empty (they are, once an incident is
resolved), the first acknowledge / assign entry of `log_entries`.
Grafana OnCall: `{"results": [...]}` or a list of alert groups; `acknowledged_by`, else
`resolved_by`.
JSON has no meaningful physical lines, so `line` is the item's position in the list (from 1).
Walking the items is a Python loop, but JSON exports come from paged APIs and stay small; the
million-row hot path is the CSV reader.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .errors import PagesFileError


def _who(value: Any) -> str:
    """A person reference: a plain string, or an object with summary / name / email / id."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("summary", "name", "username", "email", "id", "pk"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key]
    return ""


def _first(items: Any, person_key: str) -> tuple[str, Any]:
    """(person, at) of the earliest entry of an acknowledgements / assignments list."""
    if not isinstance(items, list) or not items:
        return "", None
    dated = sorted((i for i in items if isinstance(i, dict)), key=lambda i: str(i.get("at", "")))
    return (_who(dated[0].get(person_key)), dated[0].get("at")) if dated else ("", None)


def _from_log(entries: Any, kind: str) -> str:
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and str(entry.get("type", "")).startswith(kind):
            if kind == "assign":
                assignees = entry.get("assignees") or []
                return _who(assignees[0]) if assignees else ""
            return _who(entry.get("agent"))
    return ""


def _pagerduty(item: dict[str, Any]) -> dict[str, Any]:
    acker, acked_at = _first(item.get("acknowledgements"), "acknowledger")
    assignee, _ = _first(item.get("assignments"), "assignee")
    logs = item.get("log_entries")
    return {
        "id": str(item.get("id", "") or ""),
        "created": str(item.get("created_at", "") or ""),
        "acknowledged_by": acker or _from_log(logs, "acknowledge"),
        "assigned_to": assignee or _from_log(logs, "assign"),
        "urgency": str(item.get("urgency", "") or ""),
        "acknowledged_at": str(acked_at or ""),
        "resolved_at": str(item.get("resolved_at", "") or ""),
    }


def _grafana(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(item.get("id", item.get("pk", "")) or ""),
        "created": str(item.get("created_at", "") or ""),
        "acknowledged_by": _who(item.get("acknowledged_by")),
        "assigned_to": _who(item.get("resolved_by")),
        "urgency": "",
        "acknowledged_at": str(item.get("acknowledged_at", "") or ""),
        "resolved_at": str(item.get("resolved_at", "") or ""),
    }


PAGERDUTY_KEYS = {"incident_number", "acknowledgements", "assignments", "urgency", "log_entries"}
GRAFANA_KEYS = {"acknowledged_by", "resolved_by", "alerts_count", "integration_id", "route_id"}


def read_json_records(data: bytes, where: str) -> tuple[str, pd.DataFrame, list[tuple[int, str]]]:
    """Raw text records of a JSON export: (format name, frame of line + fields, bad items)."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PagesFileError(where, None, "", f"unreadable JSON: {exc}") from None
    if isinstance(document, dict):
        items = document.get("incidents", document.get("results"))
    else:
        items = document
    if not isinstance(items, list):
        raise PagesFileError(
            where, None, "", "unknown JSON: expected a list of incidents, or a key 'incidents' "
            "(PagerDuty) or 'results' (Grafana OnCall)")
    keys = set().union(*(i.keys() for i in items if isinstance(i, dict))) if items else set()
    if keys & GRAFANA_KEYS and not keys & PAGERDUTY_KEYS:
        fmt, convert = "grafana-oncall", _grafana
    elif keys & PAGERDUTY_KEYS or not items:
        fmt, convert = "pagerduty-json", _pagerduty
    else:
        raise PagesFileError(
            where, None, "", "unknown JSON: items have no key 'acknowledgements' (PagerDuty) or "
            "'acknowledged_by' (Grafana OnCall)")
    if items and "created_at" not in keys:
        raise PagesFileError(where, None, "", "missing key 'created_at' in every item")
    rows, lines, bad = [], [], []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append(convert(item))
            lines.append(number)
        else:
            bad.append((number, "item is not a JSON object"))
    columns = ["id", "created", "acknowledged_by", "assigned_to", "urgency",
               "acknowledged_at", "resolved_at"]
    frame = pd.DataFrame(rows, columns=columns).astype("str")
    frame.insert(0, "line", pd.Series(lines, dtype="int64"))
    return fmt, frame, bad
