"""Load a team file (YAML, contract section 1) into domain types.

Parsing goes YAML node tree -> plain values plus a map of key paths to line numbers ->
pydantic models (which reject unknown keys) -> domain types. Every error becomes one line:
`team.yaml:14: members[3].timezone: unknown time zone 'Europe/Berln'`.
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from scheduler.domain import (
    PAGER_TOOLS,
    ROLES,
    WEEKDAYS,
    ClockSpec,
    Member,
    NotifySettings,
    PagerTarget,
    Rules,
    ShiftTemplate,
    Team,
    TimeOff,
    Unavailability,
)
from scheduler.errors import TeamFileError
from scheduler.files import read_text_file
from scheduler.teamfile.roles import check_skills_and_trainees, team_roles
from scheduler.teamfile.yaml_lines import key_path, walk

# ---------------------------------------------------------------- value parsers

_CLOCK = re.compile(r"^(?:(?P<day>[A-Za-z]{3})[a-z]*\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})$")


def parse_clock(value: Any) -> ClockSpec:
    """'HH:MM', 'Day HH:MM', or the YAML 1.1 sexagesimal integer an unquoted 21:00 becomes."""
    if isinstance(value, bool):
        raise ValueError(f"expected a time 'HH:MM' or 'Day HH:MM', got {value!r}")
    if isinstance(value, int):
        if not 0 <= value < 24 * 60:
            raise ValueError(f"expected a time 'HH:MM' or 'Day HH:MM', got {value!r}")
        return ClockSpec(time(value // 60, value % 60))
    if isinstance(value, ClockSpec):
        return value
    match = _CLOCK.match(str(value).strip())
    if not match:
        raise ValueError(f"expected a time 'HH:MM' or 'Day HH:MM', got {value!r}")
    hour, minute = int(match["h"]), int(match["m"])
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"no such time of day {value!r}")
    weekday = None
    if match["day"]:
        weekday = _weekday(match["day"])
    return ClockSpec(time(hour, minute), weekday)


def _weekday(value: Any) -> int:
    text = str(value).strip()[:3].title()
    if text not in WEEKDAYS:
        raise ValueError(f"unknown day {value!r}; use one of {', '.join(WEEKDAYS)}")
    return WEEKDAYS.index(text)


def _zone(value: Any) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}") from None


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _clock_time(value: Any) -> time:
    spec = parse_clock(value)
    if spec.weekday is not None:
        raise ValueError(f"expected a time 'HH:MM', got {value!r}")
    return spec.clock


def _days(value: Any) -> list[int]:
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list):
        raise ValueError(f"expected a list of days, got {value!r}")
    return [_weekday(v) for v in value]


def _aliases(value: Any) -> list[str]:
    """One alias or a list of them ("PXPGF42" or [PXPGF42, P0LD1D])."""
    items = value if isinstance(value, list) else [value]
    return [_name(item) for item in items]


def _name(value: Any) -> str:
    if value is None or isinstance(value, (list, dict)) or str(value).strip() == "":
        raise ValueError("must be a non-empty text")
    return str(value).strip()


Clock = Annotated[ClockSpec, BeforeValidator(parse_clock)]
Zone = Annotated[ZoneInfo, BeforeValidator(_zone)]
Day = Annotated[date, BeforeValidator(_date)]
ClockTime = Annotated[time, BeforeValidator(_clock_time)]
Days = Annotated[list[int], BeforeValidator(_days)]
Name = Annotated[str, BeforeValidator(_name)]
Aliases = Annotated[list[str], BeforeValidator(_aliases)]


def _env_name(value: Any) -> str:
    text = _name(value)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        raise ValueError(f"expected the name of an environment variable, got {value!r}")
    return text


EnvName = Annotated[str, BeforeValidator(_env_name)]


# ---------------------------------------------------------------- file schema


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


class _TimeOffIn(_Strict):
    start: Day
    end: Day


class _UnavailableIn(_Strict):
    days: Days = Field(default_factory=list)
    start: ClockTime | None = None
    end: ClockTime | None = None


class _MemberIn(_Strict):
    id: Name
    name: Name | None = None
    email: str | None = None
    timezone: Zone | None = None
    site: Name | None = None
    roles: list[str] | None = None
    weight: float = Field(default=1.0, gt=0, le=10)
    time_off: list[_TimeOffIn] = Field(default_factory=list)
    unavailable: list[_UnavailableIn] = Field(default_factory=list)
    prefer_days: Days = Field(default_factory=list)
    avoid_days: Days = Field(default_factory=list)
    joins: Day | None = None
    leaves: Day | None = None
    aliases: dict[Name, Aliases] = Field(default_factory=dict)
    skills: list[Name] = Field(default_factory=list)
    shadow_shifts: int = Field(default=0, ge=0)


class _ShiftIn(_Strict):
    name: Name
    start: Clock
    end: Clock
    site: Name | None = None


class _RulesIn(_Strict):
    min_rest_hours: float = Field(default=0, ge=0, le=24 * 14)
    max_shifts_per_week: int | None = Field(default=None, ge=1)
    max_incidents_per_shift: int = Field(default=2, ge=0)
    required_skills: list[Name] = Field(default_factory=list)


class _PagerIn(_Strict):
    tool: Name
    target: Name
    role: Name
class _NotifyIn(_Strict):
    channel_env: EnvName | None = None
    email: bool = False
    remind_hours: float = Field(default=24, gt=0, le=24 * 14)


class _TeamIn(_Strict):
    team: Name
    timezone: Zone
    start: Day
    end: Day
    roles: list[Name] = Field(default_factory=lambda: list(ROLES))
    holidays: list[Day] | str | None = None
    shifts: list[_ShiftIn] = Field(min_length=1)
    rules: _RulesIn = Field(default_factory=_RulesIn)
    members: list[_MemberIn] = Field(min_length=1)
    leads: list[Name] = Field(default_factory=list)  # member ids who may change the team (app)
    pager: list[_PagerIn] = Field(default_factory=list)  # contract section 11
    notify: _NotifyIn | None = None


def _pydantic_message(err: ErrorDetails) -> str:
    if err["type"] == "extra_forbidden":
        return f"unknown key '{err['loc'][-1]}'"
    if err["type"] == "missing":
        return "required key is missing"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


# ---------------------------------------------------------------- loading


def load_team(path: str | Path) -> Team:
    """Read and validate a team file; raises TeamFileError with a one-line message."""
    return parse_team(read_text_file(path, TeamFileError), str(path))


def parse_team(text: str, source: str = "team.yaml") -> Team:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TeamFileError(source, line, "", f"invalid YAML: {problem}") from None
    if node is None or not isinstance(node, yaml.MappingNode):
        raise TeamFileError(source, 1, "", "expected a mapping with keys team, timezone, ...")
    lines: dict[str, int] = {}
    try:
        raw = walk(node, "", lines)
    except yaml.YAMLError as exc:
        raise TeamFileError(source, None, "", f"invalid YAML: {exc}") from None

    def fail(key: str, message: str) -> TeamFileError:
        line = lines.get(key)
        probe = key
        while line is None and probe:
            parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            probe = "" if parent == probe else parent
            line = lines.get(probe)
        return TeamFileError(source, line, key, message)

    try:
        spec = _TeamIn.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise fail(key_path(err["loc"]), _pydantic_message(err)) from None
    return _build(spec, fail, source)


def _build(spec: _TeamIn, fail: Any, source: str) -> Team:
    roles = team_roles(spec.roles, fail)
    if spec.end <= spec.start:
        raise fail("end", f"end {spec.end} must be after start {spec.start}")

    templates = _templates(spec, fail)
    sites = {t.site for t in templates if t.site}
    members: list[Member] = []
    seen: dict[str, int] = {}
    for i, m in enumerate(spec.members):
        if m.id in seen:
            raise fail(f"members[{i}].id",
                       f"duplicate member id '{m.id}' (also members[{seen[m.id]}])")
        seen[m.id] = i
        members.append(_member(f"members[{i}]", m, spec, roles, sites, fail))
    check_skills_and_trainees(spec.rules.required_skills, members, roles, fail)

    holiday_dates = _holidays(spec, fail)
    return Team(
        name=spec.team,
        timezone=spec.timezone,
        start=spec.start,
        end=spec.end,
        roles=roles,
        shifts=templates,
        rules=Rules(
            min_rest_hours=spec.rules.min_rest_hours,
            max_shifts_per_week=spec.rules.max_shifts_per_week,
            max_incidents_per_shift=spec.rules.max_incidents_per_shift,
            required_skills=tuple(dict.fromkeys(spec.rules.required_skills)),
        ),
        members=tuple(members),
        leads=_leads(spec.leads, seen, fail),
        holidays=holiday_dates,
        source=source,
        pager=_pager(spec.pager, roles, fail),
        notify=_notify(spec.notify),
    )


def _pager(targets: list[_PagerIn], roles: tuple[str, ...], fail: Any) -> tuple[PagerTarget, ...]:
    """Contract section 11: each `pager:` entry names a known tool, a role of the team, and a
    schedule only once (two roles pushed to one schedule would delete each other's overrides)."""
    seen: dict[tuple[str, str], int] = {}
    for i, t in enumerate(targets):
        if t.tool not in PAGER_TOOLS:
            raise fail(f"pager[{i}].tool",
                       f"unknown tool '{t.tool}' (one of: {', '.join(PAGER_TOOLS)})")
        if t.role not in roles:
            raise fail(f"pager[{i}].role", f"unknown role '{t.role}' (roles: {', '.join(roles)})")
        if (t.tool, t.target) in seen:
            raise fail(f"pager[{i}].target",
                       f"{t.tool} schedule '{t.target}' is listed twice (also pager[{seen[t.tool, t.target]}])")
        seen[t.tool, t.target] = i
    return tuple(PagerTarget(t.tool, t.target, t.role) for t in targets)



def _notify(spec: _NotifyIn | None) -> NotifySettings | None:
    if spec is None:
        return None
    return NotifySettings(spec.channel_env, spec.email, spec.remind_hours)


def _leads(leads: list[str], members: dict[str, int], fail: Any) -> tuple[str, ...]:
    """Contract section 9: `leads` names member ids; each counts once."""
    for i, lead in enumerate(leads):
        if lead not in members:
            raise fail(f"leads[{i}]", f"unknown member id '{lead}': leads must be member ids")
    return tuple(dict.fromkeys(leads))

def _templates(spec: _TeamIn, fail: Any) -> tuple[ShiftTemplate, ...]:
    templates = tuple(ShiftTemplate(s.name, s.start, s.end, s.site) for s in spec.shifts)
    names = [t.name for t in templates]
    for i, t in enumerate(templates):
        if names.index(t.name) != i:
            raise fail(f"shifts[{i}].name", f"duplicate shift name '{t.name}'")
        if (t.start.weekday is None) != (t.end.weekday is None):
            raise fail(f"shifts[{i}].end", "start and end must both name a day, or neither")
    _check_tiling(templates, fail)
    return templates


def _member(key: str, m: _MemberIn, spec: _TeamIn, roles: tuple[str, ...], sites: set[str],
        fail: Any) -> Member:
    member_roles = tuple(m.roles) if m.roles is not None else roles
    for role in member_roles:
        if role not in roles:
            raise fail(f"{key}.roles", f"role '{role}' is not one of the team's roles {list(roles)}")
    if not member_roles:
        raise fail(f"{key}.roles", "a member needs at least one role")
    # Only site-based teams check sites: the contract's own example gives a member a site
    # while no shift names one, and that file must be accepted.
    if m.site is not None and sites and m.site not in sites:
        known = ", ".join(sorted(sites)) or "none"
        raise fail(f"{key}.site", f"no shift names site '{m.site}' (sites: {known})")
    for j, off in enumerate(m.time_off):
        if off.end < off.start:
            raise fail(f"{key}.time_off[{j}].end", f"end {off.end} is before start {off.start}")
    unavailable = []
    for j, u in enumerate(m.unavailable):
        if (u.start is None) != (u.end is None):
            raise fail(f"{key}.unavailable[{j}]", "give both start and end, or neither")
        if not u.days and u.start is None:
            raise fail(f"{key}.unavailable[{j}]", "give days, or start and end hours")
        unavailable.append(Unavailability(frozenset(u.days), u.start, u.end))
    if m.joins and m.leaves and m.leaves <= m.joins:
        raise fail(f"{key}.leaves", f"leaves {m.leaves} must be after joins {m.joins}")
    return Member(
        id=m.id,
        name=m.name or m.id,
        email=m.email,
        timezone=m.timezone or spec.timezone,
        site=m.site,
        roles=tuple(r for r in roles if r in member_roles),
        weight=m.weight,
        time_off=tuple(TimeOff(o.start, o.end) for o in m.time_off),
        unavailable=tuple(unavailable),
        prefer_days=frozenset(m.prefer_days),
        avoid_days=frozenset(m.avoid_days),
        joins=m.joins,
        leaves=m.leaves,
        aliases=tuple((system, alias) for system, names in m.aliases.items() for alias in names),
        skills=frozenset(m.skills),
        shadow_shifts=m.shadow_shifts,
    )


def _holidays(spec: _TeamIn, fail: Any) -> frozenset[date]:
    if spec.holidays is None:
        return frozenset()
    if isinstance(spec.holidays, list):
        return frozenset(spec.holidays)
    import holidays as holidays_lib  # imported here: it is slow to load and rarely needed

    code = spec.holidays.strip()
    country, _, subdiv = code.partition("-")
    # Cover a year either side: analysis windows may run over the history, not just the plan.
    years = range(spec.start.year - 3, spec.end.year + 2)
    try:
        table = holidays_lib.country_holidays(country.upper(), subdiv=subdiv or None, years=years)
    except NotImplementedError:
        raise fail("holidays", f"unknown holiday country code '{code}'") from None
    except Exception as exc:  # the holidays package raises bare Exceptions for bad subdivisions
        raise fail("holidays", f"unknown holiday code '{code}': {str(exc).splitlines()[0]}") from None
    return frozenset(table.keys())


def _check_tiling(templates: tuple[ShiftTemplate, ...], fail: Any) -> None:
    """Templates must tile the day (or the week, if any is weekly): no gap and no overlap.

    Follow-the-sun sites each take part of the day, so all templates tile together."""
    weekly = any(t.weekly for t in templates)
    period = 7 * 1440 if weekly else 1440
    cover = [0] * period
    for t in templates:
        begin = t.start.clock.hour * 60 + t.start.clock.minute
        starts = [begin + 1440 * (t.start.weekday or 0)] if t.weekly else (
            [begin + 1440 * d for d in range(7)] if weekly else [begin]
        )
        length = int(t.clock_length().total_seconds() // 60)
        for s in starts:
            for minute in range(s, s + length):
                cover[minute % period] += 1
    over = next((m for m, c in enumerate(cover) if c > 1), None)
    # Report a gap from where it really starts: the first uncovered minute after a covered one.
    gap = next((m for m, c in enumerate(cover) if c == 0 and cover[m - 1] != 0), None)
    if gap is None and not any(cover):
        gap = 0
    unit = "week" if weekly else "day"

    def at(minute: int) -> str:
        clock = f"{minute % 1440 // 60:02d}:{minute % 60:02d}"
        return f"{WEEKDAYS[minute // 1440]} {clock}" if weekly else clock

    if over is not None:
        raise fail("shifts", f"shift templates overlap at {at(over)}; they must tile the {unit}")
    if gap is not None:
        end = gap
        while cover[end % period] == 0 and end < gap + period:
            end += 1
        raise fail("shifts", f"shift templates leave a gap {at(gap)}-{at(end % period)}; they must tile the {unit}")
