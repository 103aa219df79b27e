"""What a notification says (contract section 12): short, in the reader's own zone with the zone
named, and with a link to the app when its address is known. Pure text, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler import Change
from service.store import MessageKey

CHANNEL = "#channel"  # the recipient of everything posted to the team channel


@dataclass(frozen=True)
class Message:
    """One message to one recipient. `address` is an email address, or "" for the channel."""

    key: MessageKey
    address: str
    subject: str
    body: str

    @property
    def to_channel(self) -> bool:
        return self.key.recipient == CHANNEL

    def line(self) -> str:
        """How `rota notify` reports it: kind, recipient and subject on one line."""
        to = "channel" if self.to_channel else f"{self.key.recipient} <{self.address}>"
        return f"{self.key.kind} to {to}: {self.subject}"


def when(instant: datetime, zone: ZoneInfo) -> str:
    """'Tue 9 Mar 21:00 CET': the instant on the reader's clock, with the zone named."""
    local = instant.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M} {local.tzname()}"


def span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """'Tue 9 Mar 21:00 CET – Wed 10 Mar 09:00 CET'."""
    return f"{when(start, zone)} – {when(end, zone)}"


def _link(app_url: str | None) -> list[str]:
    return ["", f"Open Rota: {app_url}"] if app_url else []


def change_body(team: str, version: int, changes: list[Change], zone: ZoneInfo,
                app_url: str | None) -> str:
    """One member's changes: the rows gained and lost, in their own zone."""
    lines = [f"Version {version} of the {team} on-call schedule changes your shifts.", ""]
    for label, kind in (("Gained", "gained"), ("Lost", "lost")):
        mine = [c for c in changes if c.change == kind]
        if mine:
            lines.append(f"{label}:")
            lines += [f"- {span(c.start, c.end, zone)}, {c.role}" for c in mine]
    return "\n".join(lines + _link(app_url)) + "\n"


def summary_body(team: str, version: int, changes: list[Change], zone: ZoneInfo,
                 app_url: str | None) -> str:
    """The channel's summary of a new version: each row that changed hands, once, as
    "old holder -> new holder", in the team zone."""
    lines = [f"Version {version} of the {team} on-call schedule is published.", ""]
    rows: dict[tuple[datetime, datetime, str], dict[str, str]] = {}
    for c in changes:
        rows.setdefault((c.start, c.end, c.role), {})[c.change] = c.person
    for (start, end, role), holders in rows.items():
        lines.append(f"- {role} {span(start, end, zone)}: {holders.get('lost', 'nobody')} → "
                     f"{holders.get('gained', 'nobody')}")
    return "\n".join(lines + _link(app_url)) + "\n"


def summary_subject(team: str, version: int, people: int) -> str:
    return f"{team}: schedule version {version} changes the shifts of {people} " + (
        "person" if people == 1 else "people")


def reminder_subject(start: datetime, zone: ZoneInfo) -> str:
    return f"You are on call from {when(start, zone)}"


def reminder_body(team: str, role: str, shift: str, start: datetime, end: datetime,
                  zone: ZoneInfo, app_url: str | None) -> str:
    lines = [f"You hold {role} on the {team} {shift} shift, "
             f"{span(start, end, zone)}."]
    return "\n".join(lines + _link(app_url)) + "\n"


def handoff_subject(team: str, before: str | None, after: str | None, at: datetime,
                    zone: ZoneInfo) -> str:
    return (f"{team} handoff {when(at, zone)}: {before or 'nobody'} hands primary over to "
            f"{after or 'nobody'}")


def handoff_body(markdown: str, app_url: str | None) -> str:
    return markdown + ("\n".join(_link(app_url)) + "\n" if app_url else "")
