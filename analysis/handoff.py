"""The shift handoff (contract section 7): what the person going off call tells the next one.

For the shift that ends at or before `at`: who hands over to whom per role, the incidents
created in the shift (time, urgency, time to acknowledge, resolved or still open at `at`), the
windows over the limit, acknowledgement-target misses per urgency, and a postmortem reminder for
each incident that needs one. User-visible impact is not in any export, so "needs a postmortem"
uses what is: high urgency, still open at the handoff, or resolved after more than an hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from analysis.acks import DEFAULT_ACK_TARGETS, within_target
from analysis.api import analyze_pages
from analysis.readers.normalise import coerce_frame, drop_duplicates
from analysis.readers.pages import Source, read_pages
from scheduler import SHADOW, InputError, Schedule, Shift, Team

POSTMORTEM_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class HandoffIncident:
    id: str
    created: datetime  # UTC
    urgency: str
    ack_minutes: float | None
    resolved_minutes: float | None  # None = still open at the handoff
    within_target: bool | None  # None = not acknowledged, or no target for its urgency

    @property
    def open(self) -> bool:
        return self.resolved_minutes is None

    def postmortem_reasons(self) -> list[str]:
        reasons = []
        if self.urgency == "high":
            reasons.append("high urgency")
        if self.open:
            reasons.append("still open at handoff")
        elif self.resolved_minutes is not None and self.resolved_minutes > 60:
            reasons.append(f"resolved after {self.resolved_minutes / 60:.1f} h")
        return reasons


@dataclass
class Handoff:
    team: Team
    shift: Shift
    handovers: list[tuple[str, str | None, str | None]]  # role, from, to
    incidents: list[HandoffIncident] = field(default_factory=list)
    windows_over_limit: list[tuple[datetime, datetime, str, int]] = field(default_factory=list)
    ack_targets: dict[str, float] = field(default_factory=dict)


def handoff_shift(schedule: Schedule, at: datetime) -> Shift:
    """The latest shift of the schedule that ends at or before `at`."""
    done = [s for s in schedule.shifts if s.end <= at]
    if not done:
        raise InputError(f"--at: no shift of the schedule ends at or before {at.isoformat()}")
    return max(done, key=lambda s: (s.end, s.start))


def _holders(schedule: Schedule, shift: Shift) -> dict[str, str | None]:
    return {a.role: a.person for a in schedule.assignments if a.shift.start == shift.start
            and a.shift.template == shift.template}


def _handovers(schedule: Schedule, shift: Shift) -> list[tuple[str, str | None, str | None]]:
    """Per role (and shadow): this shift's holder and the holder of the next touching shift."""
    mine = _holders(schedule, shift)
    following = [s for s in schedule.shifts if s.start == shift.end
                 and (s.site == shift.site or shift.site is None)]
    nxt = _holders(schedule, following[0]) if following else {}
    roles = [*schedule.team.roles, SHADOW]
    return [(role, mine.get(role), nxt.get(role)) for role in roles if role in mine or role in nxt]


def current_shift(schedule: Schedule, at: datetime) -> Shift | None:
    """The shift in progress at `at` (the latest to start, if several sites overlap)."""
    running = [s for s in schedule.shifts if s.start <= at < s.end]
    return max(running, key=lambda s: s.start) if running else None


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _incident(record: dict[Any, Any], at: datetime) -> HandoffIncident:
    """One incident row of the normalised frame as the handoff shows it, as of `at`."""
    created = pd.Timestamp(record["created"]).to_pydatetime()
    ack, resolve = _number(record["ack_seconds"]), _number(record["resolve_seconds"])
    resolved = None
    if resolve is not None and created + timedelta(seconds=resolve) <= at:
        resolved = resolve / 60
    urgency = record["urgency"]
    within = record["within"]
    return HandoffIncident(
        id=str(record["id"]), created=created,
        urgency="unknown" if urgency is None or pd.isna(urgency) else str(urgency),
        ack_minutes=None if ack is None else ack / 60, resolved_minutes=resolved,
        within_target=None if within is None or pd.isna(within) else bool(within))


def build_handoff(source: Source, team: Team, schedule: Schedule, at: datetime,
                  ack_targets: Mapping[str, float] | None = None,
                  shift: Shift | None = None) -> Handoff:
    """The handoff of `shift` as seen at `at`, from a paging export; by default the shift that
    ends at or before `at`. A shift still running at `at` shows its incidents so far."""
    pages = read_pages(source, team.timezone, responders_optional=True)  # the schedule attributes
    return handoff_from_incidents(pages.incidents, team, schedule, at, ack_targets, shift)


def handoff_from_incidents(incidents: pd.DataFrame, team: Team, schedule: Schedule,
                           at: datetime, ack_targets: Mapping[str, float] | None = None,
                           shift: Shift | None = None) -> Handoff:
    """As build_handoff, from incidents already in a frame (read_pages', or the app's store)."""
    targets = dict(DEFAULT_ACK_TARGETS if ack_targets is None else ack_targets)
    shift = shift or handoff_shift(schedule, at)
    result = analyze_pages(incidents, team, schedule, targets)
    frame, _ = drop_duplicates(coerce_frame(incidents))
    inside = frame[(frame["created"] >= shift.start) & (frame["created"] < shift.end)].copy()
    inside["within"] = within_target(inside, targets)
    handoff = Handoff(team, shift, _handovers(schedule, shift), ack_targets=targets)
    inside = inside.sort_values("created", kind="stable")
    for record in inside.to_dict("records"):
        handoff.incidents.append(_incident(record, at))
    over = result.shifts[result.shifts["over_limit"]]
    for record in over.to_dict("records"):
        start = pd.Timestamp(record["window_start"]).to_pydatetime()
        if shift.start <= start < shift.end:
            handoff.windows_over_limit.append(
                (start, pd.Timestamp(record["window_end"]).to_pydatetime(),
                 str(record["person"]), int(record["incidents"])))
    return handoff


def _clock(instant: datetime, team: Team) -> str:
    return instant.astimezone(team.timezone).strftime("%Y-%m-%d %H:%M")


def _minutes(value: float | None) -> str:
    return "not acknowledged" if value is None else f"{value:.1f} min"


def _ack_misses(handoff: Handoff) -> list[str]:
    lines = []
    urgencies = sorted({i.urgency for i in handoff.incidents})
    for urgency in urgencies:
        target = handoff.ack_targets.get(urgency)
        if target is None:
            continue
        mine = [i for i in handoff.incidents if i.urgency == urgency]
        late = sum(1 for i in mine if i.within_target is False)
        never = sum(1 for i in mine if i.ack_minutes is None)
        text = f"- {urgency} (target {target:g} min): {late} of {len(mine)} acknowledged late"
        lines.append(text + (f", {never} not acknowledged" if never else ""))
    return lines


def handoff_markdown(handoff: Handoff) -> str:
    team, shift = handoff.team, handoff.shift
    start, end = shift.local(team.timezone)
    out = [f"# Handoff · {team.name} · {shift.template} "
           f"{start.strftime('%Y-%m-%d %H:%M')} – {end.strftime('%Y-%m-%d %H:%M')} {end.tzname()}",
           ""]
    for role, before, after in handoff.handovers:
        out.append(f"- **{role}**: {before or 'nobody'} hands over to {after or 'nobody'}")
    out += ["", f"## Incidents in the shift ({len(handoff.incidents)})", ""]
    if handoff.incidents:
        out += ["| created | id | urgency | time to acknowledge | status |", "|---|---|---|---|---|"]
        for i in handoff.incidents:
            status = ("open" if i.open else f"resolved after {i.resolved_minutes:.0f} min")
            out.append(f"| {_clock(i.created, team)} | {i.id} | {i.urgency} | "
                       f"{_minutes(i.ack_minutes)} | {status} |")
    else:
        out.append("None.")
    limit = team.rules.max_incidents_per_shift
    out += ["", f"## Windows over the limit (limit: {limit} incidents per window)", ""]
    out += [f"- {_clock(a, team)} – {_clock(b, team)}: {person}, {n} incidents"
            for a, b, person, n in handoff.windows_over_limit] or ["None."]
    out += ["", "## Acknowledgement target misses", ""]
    out += _ack_misses(handoff) or ["None."]
    out += ["", "## Postmortems to write", ""]
    out += [f"- [ ] {i.id} ({_clock(i.created, team)}, {i.urgency}): "
            f"{'; '.join(i.postmortem_reasons())}"
            for i in handoff.incidents if i.postmortem_reasons()] or ["None."]
    return "\n".join(out) + "\n"
