"""Rota's domain types. Only types live here: no I/O, no solver.

Terms used across Rota:
- template: a repeating shift definition from the team file ("day 09:00-21:00");
- shift: one occurrence of a template, with aware start and end instants;
- slot: one (shift, role) pair; every slot needs exactly one person;
- weight: a member's share of a full load (0.5 = half-time);
- fair share: pro rata by weight and by the hours a member is available to work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROLES = ("primary", "secondary")
SHADOW = "shadow"  # the trainee's row next to a shift's roles; never one of the team's roles
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class ClockSpec:
    """A handoff clock time; `weekday` (0=Mon) is set for weekly templates, None for daily."""

    clock: time
    weekday: int | None = None

    def __str__(self) -> str:
        hhmm = self.clock.strftime("%H:%M")
        return hhmm if self.weekday is None else f"{WEEKDAYS[self.weekday]} {hhmm}"


@dataclass(frozen=True)
class ShiftTemplate:
    name: str
    start: ClockSpec
    end: ClockSpec
    site: str | None = None

    @property
    def weekly(self) -> bool:
        return self.start.weekday is not None

    def clock_length(self) -> timedelta:
        """Nominal (wall-clock) length: end <= start wraps to the next day, or the next week."""
        s, e = self.start, self.end
        s_min = s.clock.hour * 60 + s.clock.minute
        e_min = e.clock.hour * 60 + e.clock.minute
        if s.weekday is None:
            span = (e_min - s_min) % (24 * 60) or 24 * 60
        else:
            assert e.weekday is not None
            week = 7 * 24 * 60
            span = ((e.weekday * 1440 + e_min) - (s.weekday * 1440 + s_min)) % week or week
        return timedelta(minutes=span)


@dataclass(frozen=True)
class TimeOff:
    """Inclusive dates in the member's own zone."""

    start: date
    end: date


@dataclass(frozen=True)
class Unavailability:
    """Recurring unavailability in the member's own zone: on `days` (0=Mon; empty = every day),
    between `start` and `end` clock times (None = the whole day; end <= start wraps midnight)."""

    days: frozenset[int] = frozenset()
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    timezone: ZoneInfo
    roles: tuple[str, ...]
    email: str | None = None
    site: str | None = None
    weight: float = 1.0
    time_off: tuple[TimeOff, ...] = ()
    unavailable: tuple[Unavailability, ...] = ()
    prefer_days: frozenset[int] = frozenset()
    avoid_days: frozenset[int] = frozenset()
    joins: date | None = None  # first day they may hold a shift (member zone)
    leaves: date | None = None  # first day they no longer hold shifts (member zone)
    # Ids other tools know this member by, as (system, alias) pairs: ("pagerduty", "PXPGF42"),
    # ("grafana", "UCGEIXI1MR1NZ"), ("opsgenie", "alice@example.com"). Paging exports name
    # people by these, so analysis matches them as it matches id, name and email.
    aliases: tuple[tuple[str, str], ...] = ()
    skills: frozenset[str] = frozenset()
    shadow_shifts: int = 0  # a trainee: holds role `shadow` on exactly this many shifts
    # Rows held in other teams' schedules (UTC start, end): away, with this team's rest around.
    busy: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def trainee(self) -> bool:
        return self.shadow_shifts > 0


@dataclass(frozen=True)
class Rules:
    min_rest_hours: float = 0.0
    max_shifts_per_week: int | None = None
    max_incidents_per_shift: int = 2
    required_skills: tuple[str, ...] = ()  # every shift needs a role holder with each


# Paging tools `rota push` can make follow the plan (contract section 11).
PAGER_TOOLS = ("pagerduty", "opsgenie", "goalert", "splunk-oncall")


@dataclass(frozen=True)
class PagerTarget:
    """One schedule in a paging tool that pages whoever holds `role` (team file `pager:`)."""

    tool: str  # one of PAGER_TOOLS
    target: str  # the tool's schedule id
    role: str


@dataclass(frozen=True)
class NotifySettings:
    """How the team hears about its schedule (contract section 12). The channel's Apprise URL
    is a secret, so the team file names the environment variable that holds it, not the URL."""

    channel_env: str | None = None
    email: bool = False  # members with an `email` get personal messages by email
    remind_hours: float = 24.0  # default reminder lead time; a member may choose their own


@dataclass(frozen=True)
class Team:
    name: str
    timezone: ZoneInfo
    start: date
    end: date
    roles: tuple[str, ...]
    shifts: tuple[ShiftTemplate, ...]
    rules: Rules
    members: tuple[Member, ...]
    leads: tuple[str, ...] = ()  # member ids who may change the team from the app
    holidays: frozenset[date] = frozenset()
    source: str = "<team>"
    pager: tuple[PagerTarget, ...] = ()  # schedules `rota push TEAM SCHEDULE` keeps in step
    notify: NotifySettings | None = None  # None: the team file has no `notify` key

    def member(self, member_id: str) -> Member:
        for m in self.members:
            if m.id == member_id:
                return m
        raise KeyError(member_id)


@dataclass(frozen=True)
class Shift:
    """One occurrence of a template. `index` is its position in start order.

    `start` and `end` are UTC instants (see scheduler.shifts.expand for why)."""

    index: int
    template: str
    start: datetime
    end: datetime
    site: str | None = None

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def local(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return self.start.astimezone(zone), self.end.astimezone(zone)


@dataclass(frozen=True)
class Assignment:
    """One row of the schedule: a slot and who holds it (None = uncovered gap).

    In a final schedule (contract section 6) an override may split a row: `part` is then the
    piece of the shift this row holds, and `covers_for` names the person it replaced."""

    shift: Shift
    role: str
    person: str | None
    covers_for: str | None = None
    part: tuple[datetime, datetime] | None = None  # UTC; None = the whole shift

    @property
    def start(self) -> datetime:
        return self.part[0] if self.part else self.shift.start

    @property
    def end(self) -> datetime:
        return self.part[1] if self.part else self.shift.end

    @property
    def final(self) -> bool:
        """True when an override touched this row (it needs the final schedule format)."""
        return self.covers_for is not None or self.part is not None


@dataclass(frozen=True)
class FairnessLine:
    """Achieved versus provable bound for one balanced quantity.

    `achieved` and `bound` are the maximum over members of load / fair-share factor, in the
    quantity's unit (shifts or hours), so a full-time, always-available member's weighted load
    equals their raw load."""

    quantity: str
    unit: str
    achieved: float
    bound: float
    round_robin: float | None = None
    # Largest minus smallest weighted load among members who share the load (widest pool),
    # and Grafana's balance score (mean over member pairs of min/max; 1 = even).
    range: float | None = None
    balance: float | None = None

    @property
    def gap(self) -> float:
        return max(0.0, self.achieved - self.bound)


@dataclass
class SolveReport:
    status: str  # "optimal", "feasible", "infeasible", "gaps"
    wall_seconds: float
    first_solution_seconds: float | None
    objective: float | None
    best_bound: float | None
    uncovered: int
    fairness: list[FairnessLine] = field(default_factory=list)
    loads: dict[str, dict[str, float]] = field(default_factory=dict)  # person -> quantity -> load
    targets: dict[str, dict[str, float]] = field(default_factory=dict)  # pro-rata share
    notes: list[str] = field(default_factory=list)
    # What each soft rule added to the objective of the final phase, in objective points.
    costs: dict[str, int] = field(default_factory=dict)
    # True when a wall-clock safety cap, not the deterministic budget, ended the search: the
    # same inputs may then give a different schedule on another run.
    wall_capped: bool = False


@dataclass
class Schedule:
    team: Team
    shifts: list[Shift]
    assignments: list[Assignment]
    report: SolveReport | None = None
    # Expected incidents per shift index when solved with --pages (written as `expected_pages`).
    expected_pages: dict[int, float] | None = None
