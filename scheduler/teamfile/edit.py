"""Team-file editing: the editors' tables out of a team file and back into it.

An editor works on the team file as plain YAML data (the `spec`), so keys it does not show
(recurring unavailability, preferences, join and leave dates, holidays) are kept as written.
Rows are plain dicts; an empty cell is None or "". The result is checked by parse_team like
any other team file.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import yaml

from scheduler.teamfile.parse import parse_clock

MEMBER_COLUMNS = ("id", "name", "email", "timezone", "site", "roles", "weight", "skills",
                  "shadow_shifts")
SHIFT_COLUMNS = ("name", "start", "end", "site")
Row = dict[str, Any]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _clock(value: Any) -> str:
    # An unquoted 21:00 arrives from YAML 1.1 as the integer 1260: show it as written.
    try:
        return str(parse_clock(value))
    except (ValueError, TypeError):
        return _text(value)


def _date(value: Any) -> date | str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.date() if isinstance(value, datetime) else value


def member_rows(spec: dict[str, Any]) -> list[Row]:
    return [{"id": _text(m.get("id")), "name": _text(m.get("name")),
             "email": _text(m.get("email")), "timezone": _text(m.get("timezone")),
             "site": _text(m.get("site")), "roles": ", ".join(m.get("roles") or []),
             "weight": float(m.get("weight", 1.0)), "skills": ", ".join(m.get("skills") or []),
             "shadow_shifts": int(m.get("shadow_shifts") or 0)}
            for m in spec.get("members") or []]


def time_off_rows(spec: dict[str, Any]) -> list[Row]:
    return [{"member": _text(m.get("id")), "start": _date(off.get("start")),
             "end": _date(off.get("end"))}
            for m in spec.get("members") or [] for off in m.get("time_off") or []]


def shift_rows(spec: dict[str, Any]) -> list[Row]:
    return [{"name": _text(s.get("name")), "start": _clock(s.get("start")),
             "end": _clock(s.get("end")), "site": _text(s.get("site"))}
            for s in spec.get("shifts") or []]


def _names(value: Any) -> list[str]:
    """A comma-separated cell as a list of names."""
    return [r.strip() for r in _text(value).split(",") if r.strip()]


def _member(row: Row, kept: Row, time_off: list[Row]) -> Row:
    member_id = _text(row.get("id")).strip()
    entry: Row = {"id": member_id or None, "name": _text(row.get("name")).strip()}
    for key in ("email", "timezone", "site"):
        if value := _text(row.get(key)).strip():
            entry[key] = value
    if roles := _names(row.get("roles")):
        entry["roles"] = roles
    if skills := _names(row.get("skills")):
        entry["skills"] = skills
    shadows = row.get("shadow_shifts")
    if shadows is not None and not math.isnan(float(shadows)) and int(shadows) > 0:
        entry["shadow_shifts"] = int(shadows)  # a trainee (section 7)
    weight = row.get("weight")
    if weight is not None and not math.isnan(float(weight)) and float(weight) != 1.0:
        entry["weight"] = float(weight)
    entry.update({k: v for k, v in kept.items() if k not in (*MEMBER_COLUMNS, "time_off")})
    offs = [{"start": _date(r.get("start")), "end": _date(r.get("end"))}
            for r in time_off if _text(r.get("member")) == member_id]
    if offs:
        entry["time_off"] = offs
    return entry


def _shift(row: Row) -> Row:
    entry = {key: _text(row.get(key)).strip() for key in SHIFT_COLUMNS}
    if not entry["site"]:
        del entry["site"]
    return entry


def rebuild_team_file(spec: dict[str, Any], members: list[Row], time_off: list[Row],
                      shifts: list[Row], rules: dict[str, Any]) -> dict[str, Any]:
    """The team file with the editors' tables put back; other member keys kept by id."""
    by_id = {str(m.get("id")): m for m in spec.get("members") or []}
    return {**spec,
            "members": [_member(row, by_id.get(_text(row.get("id")).strip(), {}), time_off)
                        for row in members],
            "shifts": [_shift(row) for row in shifts],
            "rules": {k: v for k, v in rules.items() if v is not None}}


def edited_rules(current: dict[str, Any], rest: float, cap: int, limit: int,
                 required_skills: str | None = None) -> dict[str, Any]:
    """The rules block from an editor's inputs (cap 0 = no cap; required skills comma
    separated, None = as written); other rule keys kept."""
    rules = {**current, "min_rest_hours": float(rest), "max_shifts_per_week": int(cap) or None,
             "max_incidents_per_shift": int(limit)}
    if required_skills is not None:
        rules["required_skills"] = _names(required_skills) or None
    return rules


def with_horizon(team_yaml: str, start: date, end: date) -> str:
    """The team file with its plan horizon replaced; everything else kept as written."""
    spec = yaml.safe_load(team_yaml)
    spec["start"], spec["end"] = start, end
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def dump_team_file(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, default_flow_style=None)
