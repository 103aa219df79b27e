"""Schedule -> iCalendar bytes. Pure and deterministic: the same schedule, person, publication
time and sequence numbers always give the same bytes, so a feed's ETag stays stable.

Terms:
- event: one slot (shift and role) as a VEVENT. A person's calendar holds the slots they hold;
  the team calendar holds every slot, uncovered ones included.
- UID: derived from the team, the shift's start instant, its template and the role, never from
  the person, so a calendar client updates an event in place when the slot changes hands.
- fingerprint: what a subscriber can see of an event; when it changes between two
  publications, the event's SEQUENCE goes up (see `next_sequences`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from urllib.parse import quote

from icalendar import Calendar, Event, Timezone

from scheduler.domain import SHADOW, Assignment, Schedule, Shift, Team

PRODID = "-//Rota//On-call rotation//EN"
REFRESH = timedelta(hours=1)
# `rota ical` straight from a CSV has no publication time; a fixed stamp keeps output reproducible.
UNPUBLISHED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class EventContent:
    """One event's content before it becomes a VEVENT."""

    uid: str
    assignment: Assignment
    partners: tuple[tuple[str, str | None], ...]  # (other role, its holder)
    takes_over_from: str | None  # previous holder of the same role
    hands_over_to: str | None  # next holder of the same role

    @property
    def fingerprint(self) -> str:
        a = self.assignment
        visible: tuple[object, ...] = (a.person, a.shift.template, a.shift.site, a.start.isoformat(),
                   a.end.isoformat(), self.partners, self.takes_over_from,
                   self.hands_over_to)
        if a.covers_for:  # only final rows: a section 3 schedule keeps its old fingerprints
            visible = (*visible, a.covers_for)
        return hashlib.sha256(repr(visible).encode()).hexdigest()[:16]


def event_uid(team: Team, assignment: Assignment) -> str:
    # A split row's pieces start at different instants, so each piece gets its own UID; the
    # piece that keeps the shift's start keeps the whole row's UID.
    start = assignment.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{start}-{assignment.shift.template}-{assignment.role}.{team.name}@rota"


def _neighbours(ordered: list[Assignment]
                ) -> tuple[dict[int, str | None], dict[int, str | None]]:
    """Handoff neighbours by row position: the same role's previous and next holder, when the
    rows touch (pieces of a split row included)."""
    before: dict[int, str | None] = {}
    after: dict[int, str | None] = {}
    by_role: dict[str, list[int]] = {}
    for i, a in enumerate(ordered):
        by_role.setdefault(a.role, []).append(i)
    for chain in by_role.values():
        for prev, nxt in pairwise(chain):
            if ordered[prev].end == ordered[nxt].start:
                after[prev] = ordered[nxt].person
                before[nxt] = ordered[prev].person
    return before, after


def event_contents(schedule: Schedule) -> list[EventContent]:
    """Every row of the schedule as event content, in CSV order, with its partner and handoff
    neighbours."""
    team = schedule.team
    role_order = {r: i for i, r in enumerate(team.roles)}
    ordered = sorted(schedule.assignments,
                     key=lambda a: (a.start, a.shift.index, role_order.get(a.role, 99)))
    by_shift: dict[int, list[Assignment]] = {}
    for a in ordered:
        by_shift.setdefault(a.shift.index, []).append(a)
    before, after = _neighbours(ordered)
    return [
        EventContent(
            uid=event_uid(team, a),
            assignment=a,
            # Partners: the other roles' holders during this row (a piece overlaps only some).
            partners=tuple((o.role, o.person) for o in by_shift[a.shift.index]
                           if o.role != a.role and o.start < a.end and a.start < o.end),
            takes_over_from=before.get(i),
            hands_over_to=after.get(i),
        )
        for i, a in enumerate(ordered)
    ]


def fingerprints(schedule: Schedule) -> dict[str, str]:
    return {slot.uid: slot.fingerprint for slot in event_contents(schedule)}


def next_sequences(
    previous: Mapping[str, tuple[int, str]], current: Mapping[str, str]
) -> dict[str, tuple[int, str]]:
    """SEQUENCE bookkeeping across publications: uid -> (sequence, fingerprint).

    An unchanged event keeps its sequence, a changed one goes up by one, a new one starts at 0.
    Events that vanished are remembered with an empty fingerprint, so one that comes back
    later gets a higher sequence than any copy a client may still hold."""
    result: dict[str, tuple[int, str]] = {}
    for uid in sorted(set(previous) | set(current)):
        fingerprint = current.get(uid, "")
        if uid not in previous:
            result[uid] = (0, fingerprint)
            continue
        sequence, old = previous[uid]
        result[uid] = (sequence if old == fingerprint else sequence + 1, fingerprint)
    return result


def _who(team: Team, person: str | None) -> str:
    if person is None:
        return "nobody (uncovered)"
    try:
        member = team.member(person)
    except KeyError:
        return person
    return f"{member.name} ({member.id})" if member.name != member.id else member.id


def handoff_link(app_url: str, team: Team, shift: Shift) -> str:
    """The app's Schedule page with the Handoff panel open on this shift (its start, UTC)."""
    start = shift.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{app_url.rstrip('/')}/schedule?team={quote(team.name)}&handoff={start}"


def _description(team: Team, slot: EventContent, app_url: str | None = None) -> str:
    a = slot.assignment
    start, end = a.start.astimezone(team.timezone), a.end.astimezone(team.timezone)
    fmt = "%a %d %b %H:%M"
    lines = [
        f"Shift: {a.shift.template}" + (f" (site {a.shift.site})" if a.shift.site else ""),
        f"Role: {a.role} — {_who(team, a.person)}",
    ]
    if a.covers_for:
        lines.append(f"Covers for: {_who(team, a.covers_for)}")
    lines += [f"Partner ({role}): {_who(team, person)}" for role, person in slot.partners]
    lines.append(f"Handoff in: {start.strftime(fmt)} {start.tzname()}"
                 + (f" from {_who(team, slot.takes_over_from)}" if slot.takes_over_from else ""))
    lines.append(f"Handoff out: {end.strftime(fmt)} {end.tzname()}"
                 + (f" to {_who(team, slot.hands_over_to)}" if slot.hands_over_to else ""))
    if app_url:
        lines.append(f"Handoff notes: {handoff_link(app_url, team, a.shift)}")
    return "\n".join(lines)


def _summary(team: Team, slot: EventContent, team_feed: bool) -> str:
    a = slot.assignment
    text = f"On-call {a.role} · {team.name}"
    if a.role == SHADOW:
        # A trainee's own event: whom they learn from (contract section 7).
        primary = dict(slot.partners).get("primary")
        text = f"Shadowing {primary or 'nobody'}, primary · {team.name}"
    if team_feed:
        text += f" · {a.person or 'uncovered'}"
    return text


def grafana_username(team: Team, person: str) -> str:
    """The holder as Grafana OnCall / Cloud IRM knows them: `aliases.grafana`, else the member
    id (contract section 11). Grafana reads an iCal event's SUMMARY as the on-call username."""
    try:
        aliases = team.member(person).aliases
    except KeyError:
        return person
    return next((alias for system, alias in aliases if system == "grafana"), person)


def _timezone(team: Team, schedule: Schedule) -> Timezone:
    # Only the schedule's years: a full 1970-2038 VTIMEZONE would dwarf a small calendar.
    starts = [s.start.astimezone(team.timezone) for s in schedule.shifts]
    ends = [s.end.astimezone(team.timezone) for s in schedule.shifts]
    first = min(starts).year if starts else team.start.year
    last = max(ends).year if ends else team.end.year
    return Timezone.from_tzid(team.timezone.key, first_date=date(first, 1, 1),
                              last_date=date(last + 1, 1, 1))


def calendar_name(team: Team, person: str | None) -> str:
    return f"On-call · {team.name}" + (f" · {person}" if person else " (team)")


def build_calendar(
    schedule: Schedule,
    person: str | None = None,
    *,
    published_at: datetime | None = None,
    sequences: Mapping[str, tuple[int, str]] | None = None,
    app_url: str | None = None,
    role: str | None = None,
    names: str | None = None,
) -> bytes:
    """The calendar of `person`'s slots, or of the whole team's when `person` is None.

    `published_at` becomes every DTSTAMP; `sequences` (uid -> (sequence, fingerprint), as kept
    by the store) gives each event's SEQUENCE, 0 when absent. With `app_url`, each description
    links to the shift's Handoff panel in the app. `role` keeps only that role's rows;
    `names="grafana"` keeps only held rows and makes each SUMMARY the holder's Grafana username,
    so Grafana OnCall can subscribe to the feed as a schedule (contract section 11)."""
    team = schedule.team
    stamp = (published_at or UNPUBLISHED_STAMP).astimezone(UTC).replace(microsecond=0)
    sequences = sequences or {}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name(team, person))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    cal.add_component(_timezone(team, schedule))
    for slot in event_contents(schedule):
        a = slot.assignment
        if (person is not None and a.person != person) or (role is not None and a.role != role):
            continue
        if names == "grafana" and a.person is None:
            continue
        start, end = a.start.astimezone(team.timezone), a.end.astimezone(team.timezone)
        event = Event()
        event.add("uid", slot.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", grafana_username(team, a.person) if names == "grafana" and a.person
                  else _summary(team, slot, team_feed=person is None))
        event.add("description", _description(team, slot, app_url))
        event.add("sequence", sequences.get(slot.uid, (0, ""))[0])
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()
