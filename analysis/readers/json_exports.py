"""JSON exports: API responses of PagerDuty, Opsgenie and Grafana OnCall, detected by their keys.

A document is a list of items, an API page that wraps them (`incidents`, `data`, `results`),
a single item (one alert group, one webhook payload), or JSON Lines (one payload per line, as
a webhook receiver logs them). The items' keys pick the format (analysis.readers.vendors has one
converter per format). JSON has no meaningful physical lines, so `line` is the item's position
in the list from 1, or its physical line in JSON Lines. Walking items is a Python loop, but
JSON exports come from paged APIs and stay small; the million-row hot path is the CSV reader.
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from analysis.errors import PagesFileError
from analysis.readers.csv_exports import key
from analysis.readers.normalise import Records, whole_cell
from analysis.readers.refs import Identities
from analysis.readers.vendors import JSON_FORMATS, JsonFormat, merge_events

WRAPPERS = ("incidents", "data", "results", "alerts", "alert_groups")


def _documents(data: bytes, where: str) -> tuple[Any, list[int] | None]:
    """The parsed document, and physical lines when the file is JSON Lines."""
    try:
        return json.loads(data), None
    except json.JSONDecodeError as exc:
        if not exc.msg.startswith("Extra data"):
            raise PagesFileError(where, None, "", f"unreadable JSON: {exc}") from None
    except UnicodeDecodeError as exc:
        raise PagesFileError(where, None, "", f"unreadable JSON: {exc}") from None
    items, lines = [], []
    for number, text in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if text.strip():
            try:
                items.append(json.loads(text))
            except ValueError as exc:
                raise PagesFileError(where, number, "",
                                     f"unreadable JSON line: {exc}") from None
            lines.append(number)
    return items, lines


def _items(document: Any, where: str) -> tuple[list[Any], dict[str, Any]]:
    """The items of a document, and the page around them (for top-level keys like time_zone)."""
    if isinstance(document, list):
        return document, {}
    if not isinstance(document, dict):
        raise PagesFileError(where, None, "",
                             "unknown JSON: expected an object or a list of objects")
    for wrapper in WRAPPERS:
        if isinstance(document.get(wrapper), list):
            return document[wrapper], document
    for single in ("incident", "data"):  # GET /incidents/{id}, Opsgenie's GET /v2/alerts/{id}
        if isinstance(document.get(single), dict):
            return [document[single]], document
    return [document], {}


def _choose(keys: set[str], where: str) -> JsonFormat:
    """The format whose required keys the items have and whose signature they share most."""
    folded = {key(k) for k in keys}

    def overlap(fmt: JsonFormat) -> int:
        return len({key(s) for s in fmt.signature} & folded)

    fits = [f for f in JSON_FORMATS if {key(r) for r in f.required} <= folded]
    if fits:
        return max(fits, key=lambda f: (overlap(f), -JSON_FORMATS.index(f)))
    seen = ", ".join(sorted(keys)[:12]) or "(none)"
    closest = max(JSON_FORMATS, key=lambda f: (overlap(f), -JSON_FORMATS.index(f)))
    if not overlap(closest):
        labels = "; ".join(f.label.removeprefix("the ") for f in JSON_FORMATS)
        raise PagesFileError(where, None, "", "unknown JSON: its items match none of the known "
                             f"exports ({labels}); keys are: {seen}")
    missing = [r for r in closest.required if key(r) not in folded]
    noun = "key" if len(missing) == 1 else "keys"
    names = " and ".join(f"'{m}'" for m in missing)
    raise PagesFileError(where, None, "", f"missing {noun} {names} for {closest.label}, "
                         f"the closest known export; keys are: {seen}")


def _zone(page: dict[str, Any], where: str) -> ZoneInfo | None:
    name = page.get("time_zone")
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise PagesFileError(where, None, "time_zone", f"unknown time zone {name!r}") from None


def read_json_records(data: bytes, where: str) -> Records:
    """Raw text records of a JSON export."""
    document, physical = _documents(data, where)
    items, page = _items(document, where)
    lines = physical or list(range(1, len(items) + 1))
    objects = [i for i in items if isinstance(i, dict)]
    keys: set[str] = set().union(*(i.keys() for i in objects)) if objects else set()
    fmt = _choose(keys, where) if objects else JSON_FORMATS[0]
    identities = Identities()
    rows, kept, bad = [], [], []
    for number, item in zip(lines, items, strict=True):
        if isinstance(item, dict):
            rows.append(fmt.convert(item, identities))
            kept.append(number)
        else:
            bad.append((number, "item is not a JSON object"))
    if fmt.events:
        rows, kept = merge_events(rows, kept)
    frame = pd.DataFrame(rows, columns=list(fmt.fields))
    for field in fmt.fields:
        if field.endswith("_seconds"):
            frame[field] = pd.to_numeric(frame[field], errors="coerce").astype("float64")
        else:
            frame[field] = frame[field].fillna("").astype("str")
    frame.insert(0, "line", pd.Series(kept, dtype="int64"))
    return Records(fmt.name, frame, bad, fmt.created_key, _zone(page, where),
                   cleaners={f: whole_cell for f in ("acknowledged_by", "assigned_to",
                                                     "resolved_by", "changed_by")},
                   identities=identities)
