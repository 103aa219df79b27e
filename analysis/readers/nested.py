"""People cells of an API response written out as CSV (the PagerDuty REST API dumped by a
script): a cell holds the whole JSON list or object, or Python's repr of it when the script
wrote `str(value)`. `[{"at": ..., "acknowledger": {"summary": "Earline Greenholt", ...}}]`.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from analysis.readers.normalise import Clean
from analysis.readers.refs import Identities

# field -> key of the person inside each list item (None: the cell is the reference itself)
PERSON_KEYS = {"acknowledged_by": "acknowledger", "assigned_to": "assignee",
               "resolved_by": None, "changed_by": None}


def parse_cell(cell: str) -> Any:
    """The JSON or Python literal in a cell; the stripped text itself when it is neither."""
    text = cell.strip()
    if not text or text[0] not in "[{":
        return text
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


def _earliest_first(items: list[Any]) -> list[Any]:
    dated = [i for i in items if isinstance(i, dict)]
    return sorted(dated, key=lambda i: str(i.get("at", "")))


def nested_cleaners(identities: Identities) -> dict[str, Clean]:
    """Cleaners that read the person out of nested cells, noting their other handles."""

    def cleaner(person_key: str | None) -> Clean:
        def clean(cell: str) -> str | None:
            value = parse_cell(cell)
            if isinstance(value, list):
                who = identities.first(_earliest_first(value) if person_key else value,
                                       person_key)
            else:
                who = identities.person(value)
            return who or None
        return clean

    return {field: cleaner(key) for field, key in PERSON_KEYS.items()}
