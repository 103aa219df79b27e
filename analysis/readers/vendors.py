"""One converter per JSON export: an item as the tool publishes it -> Rota's raw text fields.

People, in the order a user expects them to count (contract section 4, extended):
acknowledger, then assignee, then resolver, then whoever last changed the status.
- PagerDuty REST `GET /incidents`: `acknowledgements` and `assignments` are emptied once an
  incident is resolved and the list endpoint has no `log_entries`, so the resolver
  (`resolved_by` in newer payloads) and `last_status_change_by` matter; a service there (an
  incident that resolved itself) is nobody.
- PagerDuty Analytics `POST /analytics/raw/incidents`: `*_user_names` with `*_user_ids`
  beside them; `created_at` has no offset, the page's `time_zone` says which zone it is in.
- Opsgenie `GET /v2/alerts`: `owner`, and `report.acknowledgedBy` / `report.closedBy` with
  `report.ackTime` / `report.closeTime` in milliseconds.
- Grafana OnCall `GET /api/v1/alert_groups`: OnCall user ids in `acknowledged_by` and
  `resolved_by` (list them as member aliases). Outgoing-webhook payloads carry `id`,
  `username` and `email` of the acknowledger and resolver; every event of an alert group
  (firing, acknowledge, resolve) is one payload, and they merge into one incident.
- Splunk On-Call (formerly VictorOps) reporting API `GET /api-reporting/v2/incidents`:
  `transitions` (name, at, by) carry the acknowledger and resolver; `pagedUsers` are the
  people paged, the fallback responder. Phases come as `acknowledged` / `resolved` or, in
  some clients and exports, `ACKED` / `RESOLVED`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analysis.readers.refs import Identities

Row = dict[str, Any]
TEXT_FIELDS = ("id", "created", "acknowledged_by", "assigned_to", "resolved_by", "changed_by",
               "urgency")


@dataclass(frozen=True)
class JsonFormat:
    name: str
    label: str  # with its article, for errors: "for the <label>"
    signature: tuple[str, ...]  # item keys typical of this export
    required: tuple[str, ...]  # item keys it cannot do without
    created_key: str
    convert: Callable[[Row, Identities], Row]
    fields: tuple[str, ...]  # raw fields the converter fills
    events: bool = False  # items are events of incidents: merge them by id


def _object(value: Any) -> Row:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value).strip()


def _earliest(items: Any) -> tuple[list[Row], str]:
    """Items sorted by their `at`, and the earliest `at`."""
    dated = sorted((i for i in items if isinstance(i, dict)) if isinstance(items, list) else [],
                   key=lambda i: str(i.get("at", "")))
    return dated, _text(dated[0].get("at")) if dated else ""


def _from_log(entries: Any, kind: str, who: Identities) -> str:
    """The first person of a `kind` entry in `log_entries` (present with include[]=...)."""
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and str(entry.get("type", "")).startswith(kind):
            if kind == "assign":
                return who.first(entry.get("assignees"))
            return who.person(entry.get("agent"))
    return ""


def pagerduty_rest(item: Row, who: Identities) -> Row:
    acks, acked_at = _earliest(item.get("acknowledgements"))
    assignments, _ = _earliest(item.get("assignments"))
    logs = item.get("log_entries")
    resolved_at = _text(item.get("resolved_at"))
    if not resolved_at and item.get("status") == "resolved":
        resolved_at = _text(item.get("last_status_change_at"))
    return {
        "id": _text(item.get("id")),
        "created": _text(item.get("created_at")),
        "acknowledged_by": who.first(acks, "acknowledger") or _from_log(logs, "acknowledge", who),
        "assigned_to": who.first(assignments, "assignee") or _from_log(logs, "assign", who),
        "resolved_by": who.person(item.get("resolved_by")) or _from_log(logs, "resolve", who),
        "changed_by": who.person(item.get("last_status_change_by")),
        "urgency": _text(item.get("urgency")),
        "acknowledged_at": acked_at,
        "resolved_at": resolved_at,
    }


def _first_pair(names: Any, ids: Any, who: Identities) -> str:
    names = names if isinstance(names, list) else []
    ids = ids if isinstance(ids, list) else []
    for i, name in enumerate(names):
        person = who.pair(name, ids[i] if i < len(ids) else None)
        if person:
            return person
    return ""


def pagerduty_analytics(item: Row, who: Identities) -> Row:
    return {
        "id": _text(item.get("id")),
        "created": _text(item.get("created_at")),
        "acknowledged_by": _first_pair(item.get("acknowledged_user_names"),
                                       item.get("acknowledged_user_ids"), who),
        "assigned_to": _first_pair(item.get("assigned_user_names"),
                                   item.get("assigned_user_ids"), who),
        "resolved_by": who.pair(item.get("resolved_by_user_name"),
                                item.get("resolved_by_user_id")),
        "changed_by": "",
        "urgency": _text(item.get("urgency")),
        "ack_seconds": item.get("seconds_to_first_ack"),
        "resolve_seconds": item.get("seconds_to_resolve"),
    }


def _millis(value: Any) -> float | None:
    return float(value) / 1000 if isinstance(value, int | float) else None


def opsgenie_api(item: Row, who: Identities) -> Row:
    report = _object(item.get("report"))
    return {
        "id": _text(item.get("id")) or _text(item.get("tinyId")),
        "created": _text(item.get("createdAt")),
        "acknowledged_by": who.person(report.get("acknowledgedBy")),
        "assigned_to": who.person(item.get("owner")),
        "resolved_by": who.person(report.get("closedBy")),
        "changed_by": "",
        "urgency": _text(item.get("priority")),
        "ack_seconds": _millis(report.get("ackTime")),
        "resolve_seconds": _millis(report.get("closeTime")),
    }


def grafana_alert_group(item: Row, who: Identities) -> Row:
    return {
        "id": _text(item.get("id")) or _text(item.get("pk")),
        "created": _text(item.get("created_at")),
        "acknowledged_by": who.person(item.get("acknowledged_by")),
        "assigned_to": "",
        "resolved_by": who.person(item.get("resolved_by")),
        "changed_by": "",
        "urgency": "",
        "acknowledged_at": _text(item.get("acknowledged_at")),
        "resolved_at": _text(item.get("resolved_at")),
    }


def grafana_webhook(payload: Row, who: Identities) -> Row:
    group = _object(payload.get("alert_group"))
    event = _object(payload.get("event"))
    actor = who.person(payload.get("user"))
    kind = str(event.get("type", ""))
    labels = _object(group.get("labels"))
    return {
        "id": _text(group.get("id")) or _text(payload.get("alert_group_id")),
        "created": _text(group.get("created_at")),
        "acknowledged_by": who.person(payload.get("alert_group_acknowledged_by"))
        or (actor if kind == "acknowledge" else ""),
        "assigned_to": who.first(payload.get("notified_users")),
        "resolved_by": who.person(payload.get("alert_group_resolved_by"))
        or (actor if kind == "resolve" else ""),
        "changed_by": "",
        "urgency": _text(labels.get("urgency")),
        "acknowledged_at": _text(group.get("acknowledged_at")),
        "resolved_at": _text(group.get("resolved_at")),
    }


# Splunk On-Call phase names, either spelling -> one name.
SPLUNK_PHASES = {"acked": "acknowledged", "acknowledged": "acknowledged",
                 "resolved": "resolved", "unacked": "triggered", "triggered": "triggered"}


def _splunk_first(transitions: list[Row], phase: str) -> tuple[str, str]:
    """(`by`, `at`) of the earliest transition into `phase` that names someone; `at` even
    when nobody is named (an automatic resolve still says when)."""
    into = [t for t in transitions
            if SPLUNK_PHASES.get(_text(t.get("name")).lower()) == phase]
    named = [t for t in into if _text(t.get("by"))]
    chosen = named[0] if named else (into[0] if into else {})
    return _text(chosen.get("by")), _text(chosen.get("at"))


def splunk_oncall(item: Row, who: Identities) -> Row:
    transitions, _ = _earliest(item.get("transitions"))
    acked_by, acked_at = _splunk_first(transitions, "acknowledged")
    resolved_by, resolved_at = _splunk_first(transitions, "resolved")
    return {
        "id": _text(item.get("incidentNumber")),
        "created": _text(item.get("startTime")),
        "acknowledged_by": who.person(acked_by),
        "assigned_to": who.first(item.get("pagedUsers")),
        "resolved_by": who.person(resolved_by),
        "changed_by": "",
        "urgency": "",
        "acknowledged_at": acked_at,
        "resolved_at": resolved_at,
    }


def merge_events(rows: list[Row], lines: list[int]) -> tuple[list[Row], list[int]]:
    """Events of one incident -> one row at the line of its first event; each field takes the
    first non-empty value over the events (the firing event knows no acknowledger yet)."""
    merged: dict[str, tuple[Row, int]] = {}
    alone: list[tuple[Row, int]] = []
    for row, line in zip(rows, lines, strict=True):
        if not row["id"]:
            alone.append((row, line))
        elif row["id"] not in merged:
            merged[row["id"]] = (dict(row), line)
        else:
            first = merged[row["id"]][0]
            for field, value in row.items():
                if value not in ("", None) and first.get(field) in ("", None):
                    first[field] = value
    out = sorted([*merged.values(), *alone], key=lambda pair: pair[1])
    return [row for row, _ in out], [line for _, line in out]


AT_FIELDS = ("acknowledged_at", "resolved_at")
SECONDS_FIELDS = ("ack_seconds", "resolve_seconds")
JSON_FORMATS = (
    JsonFormat("pagerduty-json", "the PagerDuty REST API incidents JSON",
               ("incident_number", "acknowledgements", "assignments", "last_status_change_by",
                "log_entries", "urgency", "created_at"),
               ("created_at",), "created_at", pagerduty_rest, TEXT_FIELDS + AT_FIELDS),
    JsonFormat("pagerduty-analytics", "the PagerDuty Analytics raw incidents JSON",
               ("acknowledged_user_names", "assigned_user_names", "resolved_by_user_name",
                "seconds_to_first_ack", "incident_number", "created_at"),
               ("created_at",), "created_at", pagerduty_analytics,
               TEXT_FIELDS + SECONDS_FIELDS),
    JsonFormat("opsgenie-json", "the Opsgenie alerts API JSON",
               ("tinyId", "createdAt", "owner", "report", "acknowledged", "count"),
               ("createdAt",), "createdAt", opsgenie_api, TEXT_FIELDS + SECONDS_FIELDS),
    JsonFormat("grafana-oncall", "the Grafana OnCall alert groups JSON",
               ("alerts_count", "integration_id", "route_id", "acknowledged_by", "resolved_by",
                "created_at"),
               ("created_at",), "created_at", grafana_alert_group, TEXT_FIELDS + AT_FIELDS),
    JsonFormat("grafana-oncall-webhook", "the Grafana OnCall outgoing-webhook payloads",
               ("alert_group", "alert_group_id", "event", "alert_group_acknowledged_by",
                "alert_group_resolved_by", "notified_users"),
               ("alert_group",), "alert_group.created_at", grafana_webhook,
               TEXT_FIELDS + AT_FIELDS, events=True),
    JsonFormat("splunk-oncall", "the Splunk On-Call (VictorOps) reporting API incidents JSON",
               ("incidentNumber", "startTime", "currentPhase", "pagedUsers", "pagedTeams",
                "pagedPolicies", "transitions", "routingKey"),
               ("startTime",), "startTime", splunk_oncall, TEXT_FIELDS + AT_FIELDS),
)
