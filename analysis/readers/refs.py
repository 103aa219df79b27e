"""People as paging tools write them: plain text, or a reference object with several handles.

PagerDuty writes `{"id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt"}`,
Grafana OnCall webhooks `{"id": "UVMX6YI9VY9PV", "username": "admin", "email": "..."}`. The
incident frame keeps one readable name per person (the summary, name, username or email, in
that order) and `Identities` remembers the other handles of that name, so a member who lists
the tool's id under `aliases` is still matched.
"""

from __future__ import annotations

from typing import Any

# Handles in the order the readable name is chosen; ids come last: they mean nothing to a reader.
NAME_KEYS = ("summary", "name", "username", "email", "id", "pk")
# A reference of one of these types is a service or an integration, not a person (PagerDuty
# sets last_status_change_by to the service when an incident resolves itself).
NOT_PEOPLE = ("service_reference", "integration_reference", "inbound_integration_reference",
              "service", "integration")


class Identities:
    """Readable name -> the other handles the export gave for it (ids, emails, usernames)."""

    def __init__(self) -> None:
        self.handles: dict[str, tuple[str, ...]] = {}

    def person(self, value: Any) -> str:
        """The readable name of a person reference ("" for nobody, or for a service)."""
        if isinstance(value, str):
            return value.strip()
        if not isinstance(value, dict) or value.get("type") in NOT_PEOPLE:
            return ""
        handles = [str(value[k]).strip() for k in NAME_KEYS
                   if isinstance(value.get(k), str | int) and str(value[k]).strip()]
        if not handles:
            return ""
        name, others = handles[0], tuple(dict.fromkeys(handles[1:]))
        if others:
            known = self.handles.get(name, ())
            self.handles[name] = tuple(dict.fromkeys((*known, *others)))
        return name

    def pair(self, name: Any, handle: Any) -> str:
        """A name with one id written beside it (PagerDuty Analytics: user_names / user_ids)."""
        text = name.strip() if isinstance(name, str) else ""
        other = handle.strip() if isinstance(handle, str) else ""
        if text and other and other != text:
            known = self.handles.get(text, ())
            self.handles[text] = tuple(dict.fromkeys((*known, other)))
        return text or other

    def first(self, items: Any, key: str | None = None) -> str:
        """The first person of a list (of references, or of objects holding one under `key`)."""
        for item in items if isinstance(items, list) else []:
            who = self.person(item.get(key) if key and isinstance(item, dict) else item)
            if who:
                return who
        return ""
