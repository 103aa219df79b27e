"""Team page: edit members, time off, rules and shift templates; upload or download the YAML.

The editors work on the team file as plain YAML data, so keys the editors don't show (recurring
unavailability, preferences, join and leave dates) are kept as written. Every edit is checked
with scheduler.parse_team on each rerun, so an invalid edit shows the same one-line message the
CLI prints, and Save stays refused until it is fixed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from scheduler.errors import RotaError
from scheduler.team import parse_clock, parse_team

from .replan_view import render_replan
from .state import app_store, current_team, select_team, team_selector

MEMBER_COLUMNS = ("id", "name", "email", "timezone", "site", "roles", "weight")


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _clock(value: Any) -> str:
    # An unquoted 21:00 arrives from YAML 1.1 as the integer 1260: show it as written.
    try:
        return str(parse_clock(value))
    except (ValueError, TypeError):
        return _text(value)


def members_frame(spec: dict) -> pd.DataFrame:
    rows = [{"id": _text(m.get("id")), "name": _text(m.get("name")), "email": _text(m.get("email")),
             "timezone": _text(m.get("timezone")), "site": _text(m.get("site")),
             "roles": ", ".join(m.get("roles") or []), "weight": float(m.get("weight", 1.0))}
            for m in spec.get("members") or []]
    return pd.DataFrame(rows, columns=list(MEMBER_COLUMNS))


def time_off_frame(spec: dict) -> pd.DataFrame:
    rows = [{"member": _text(m.get("id")), "start": off.get("start"), "end": off.get("end")}
            for m in spec.get("members") or [] for off in m.get("time_off") or []]
    frame = pd.DataFrame(rows, columns=["member", "start", "end"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def shifts_frame(spec: dict) -> pd.DataFrame:
    rows = [{"name": _text(s.get("name")), "start": _clock(s.get("start")),
             "end": _clock(s.get("end")), "site": _text(s.get("site"))}
            for s in spec.get("shifts") or []]
    return pd.DataFrame(rows, columns=["name", "start", "end", "site"])


def _date(value: Any) -> date | str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def build_spec(spec: dict, members: pd.DataFrame, time_off: pd.DataFrame, shifts: pd.DataFrame,
               rules: dict) -> dict:
    """The team file with the editors' tables put back; other member keys kept by id."""
    out = dict(spec)
    by_id = {str(m.get("id")): m for m in spec.get("members") or []}
    new_members = []
    for row in members.to_dict("records"):
        member_id = _text(row.get("id")).strip()
        member = {k: v for k, v in by_id.get(member_id, {}).items()
                  if k not in (*MEMBER_COLUMNS, "time_off")}
        entry: dict[str, Any] = {"id": member_id or None, "name": _text(row.get("name")).strip()}
        for key in ("email", "timezone", "site"):
            if value := _text(row.get(key)).strip():
                entry[key] = value
        if roles := [r.strip() for r in _text(row.get("roles")).split(",") if r.strip()]:
            entry["roles"] = roles
        weight = row.get("weight")
        if weight is not None and not pd.isna(weight) and float(weight) != 1.0:
            entry["weight"] = float(weight)
        entry.update(member)
        offs = [{"start": _date(r["start"]), "end": _date(r["end"])}
                for r in time_off.to_dict("records") if _text(r.get("member")) == member_id]
        if offs:
            entry["time_off"] = offs
        new_members.append(entry)
    out["members"] = new_members
    out["shifts"] = [{k: v for k, v in {"name": _text(r["name"]).strip(),
                                        "start": _text(r["start"]).strip(),
                                        "end": _text(r["end"]).strip(),
                                        "site": _text(r.get("site")).strip()}.items()
                      if v or k != "site"} for r in shifts.to_dict("records")]
    out["rules"] = {k: v for k, v in rules.items() if v is not None}
    return out


def rules_dict(current: dict, rest: float, cap: int, limit: int) -> dict:
    """The rules block from the editor's inputs; other rule keys kept as written."""
    return {**current, "min_rest_hours": float(rest), "max_shifts_per_week": int(cap) or None,
            "max_incidents_per_shift": int(limit)}


def dump(spec: dict) -> str:
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, default_flow_style=None)


def _store(text: str, source: str, message: Callable[[str], str]) -> None:
    """Validate and store a team file, select it, and rerun; an invalid file shows the CLI's
    one-line message and stores nothing."""
    try:
        with st.spinner("Saving…"):
            stored = app_store().save_team(text, source)
    except RotaError as exc:
        st.error(str(exc))
        return
    select_team(stored)
    st.session_state["team_message"] = message(stored)
    st.rerun()


def _upload(name: str) -> None:
    with st.expander("Upload or download the team file (YAML)"):
        upload = st.file_uploader("Team file", type=["yaml", "yml"], key=f"team_upload_{name}")
        if upload is not None and st.button("Store uploaded team", key=f"store_upload_{name}"):
            try:
                text = upload.getvalue().decode("utf-8-sig")
            except UnicodeDecodeError:
                st.error(f"{upload.name}: not a UTF-8 text file")
            else:
                _store(text, upload.name, lambda team: f"Stored team {team!r} from {upload.name}.")
        text = app_store().team_yaml(name) or ""
        st.download_button("Download team file", text, f"{name}.yaml", "application/yaml",
                           key=f"download_team_{name}")


def render() -> None:
    st.title("Team")
    name = team_selector("team")
    if message := st.session_state.pop("team_message", None):
        st.success(message)
    if name is None:
        _upload("new")
        return
    loaded = current_team(name)
    if loaded is None:
        _upload(name)
        return
    team_yaml, team = loaded
    spec = yaml.safe_load(team_yaml)
    # Editor keys carry the stored file's hash: after a save the editors start from the new file
    # instead of replaying their old edits on top of it.
    rev = f"{name}_{hashlib.sha1(team_yaml.encode()).hexdigest()[:8]}"
    st.caption(f"{team.name}: {len(team.members)} members, zone {team.timezone.key}, plan "
               f"{team.start} to {team.end}, roles {', '.join(team.roles)}")

    st.subheader("Members")
    members = st.data_editor(members_frame(spec), num_rows="dynamic", hide_index=True,
                             width="stretch", key=f"members_{rev}",
                             column_config={
                                 "roles": st.column_config.TextColumn(
                                     help="comma separated, e.g. primary, secondary"),
                                 "weight": st.column_config.NumberColumn(min_value=0.0, step=0.1),
                             })

    st.subheader("Time off")
    time_off = st.data_editor(time_off_frame(spec), num_rows="dynamic", hide_index=True,
                              width="stretch", key=f"time_off_{rev}",
                              column_config={
                                  "member": st.column_config.SelectboxColumn(
                                      options=[m for m in members["id"].dropna() if m]),
                                  "start": st.column_config.DateColumn(),
                                  "end": st.column_config.DateColumn(help="inclusive")})
    today = pd.Timestamp.now(tz=team.timezone).date()
    upcoming = time_off[time_off["end"].apply(lambda d: d is not None and not pd.isna(d)
                                               and d >= today)]
    st.caption(f"Upcoming time off: {len(upcoming)} period(s)"
               + (": " + ", ".join(f"{r.member} {r.start}–{r.end}" for r in upcoming.itertuples())
                  if len(upcoming) else ""))

    left, right = st.columns(2)
    with left:
        st.subheader("Rules")
        current = spec.get("rules") or {}
        rest = st.number_input("min_rest_hours", 0.0, 168.0,
                               float(current.get("min_rest_hours", 0)), key=f"rest_{rev}")
        cap = st.number_input("max_shifts_per_week (0 = no cap)", 0, 21,
                              int(current.get("max_shifts_per_week") or 0), key=f"cap_{rev}")
        limit = st.number_input("max_incidents_per_shift", 0, 100,
                                int(current.get("max_incidents_per_shift", 2)),
                                key=f"limit_{rev}")
    with right:
        st.subheader("Shift templates")
        shifts = st.data_editor(shifts_frame(spec), num_rows="dynamic", hide_index=True,
                                width="stretch", key=f"shifts_{rev}")
    rules = rules_dict(current, rest, cap, limit)

    edited = dump(build_spec(spec, members, time_off, shifts, rules))
    # Compare with the stored file put through the same editors, so formatting alone
    # (12 versus 12.0, flow style) never counts as a change.
    unedited = dump(build_spec(spec, members_frame(spec), time_off_frame(spec), shifts_frame(spec),
                               rules_dict(current, current.get("min_rest_hours", 0),
                                          current.get("max_shifts_per_week") or 0,
                                          current.get("max_incidents_per_shift", 2))))
    changed = edited != unedited
    error = None
    try:
        parse_team(edited, f"{name}.yaml")
    except RotaError as exc:
        error = str(exc)
        st.error(error)
    if changed and error is None:
        st.info("Unsaved changes.")
    if st.button("Save team", type="primary", disabled=not changed or error is not None,
                 key=f"save_{rev}"):
        _store(edited, f"{name}.yaml", lambda team: f"Saved team {team!r}.")
    with st.expander("Team file as it will be saved"):
        st.code(edited, language="yaml")
    render_replan(name, team_yaml, [m.id for m in team.members], team.timezone)
    _upload(name)
