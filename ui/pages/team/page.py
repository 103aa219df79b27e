"""Team page: time off and re-plan first (ui.pages.team.replan), then edit members, rules and shift
templates; upload or download the YAML.

The editors work on the team file as plain YAML data, so keys the editors don't show (recurring
unavailability, preferences, join and leave dates) are kept as written. Every edit is checked
with scheduler.parse_team on each rerun, so an invalid edit shows the same one-line message the
CLI prints, and Save stays refused until it is fixed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from scheduler import (
    MEMBER_COLUMNS,
    SHIFT_COLUMNS,
    RotaError,
    Team,
    dump_team_file,
    edited_rules,
    member_rows,
    parse_team,
    rebuild_team_file,
    shift_rows,
    time_off_rows,
)
from service.actions import changes
from service.store import open_store
from ui.pages.team.audit import audit_section
from ui.pages.team.notify import notify_section
from ui.pages.team.replan import render_replan
from ui.pages.team.skills import render_skills
from ui.shell.identity import current_actor, may_change, own_member_id
from ui.shell.state import current_team, select_team, team_selector


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """An edited table as plain rows: empty cells None, dates as dates."""
    rows = []
    for record in frame.to_dict("records"):
        rows.append({str(k): None if v is pd.NaT or (isinstance(v, float) and pd.isna(v))
                     else v.date() if isinstance(v, pd.Timestamp) else v
                     for k, v in record.items()})
    return rows


def time_off_frame(spec: dict[str, Any]) -> pd.DataFrame:
    frame = _frame(time_off_rows(spec), ["member", "start", "end"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def edited_team_file(spec: dict[str, Any], members: pd.DataFrame, time_off: pd.DataFrame,
                     shifts: pd.DataFrame, rules: dict[str, Any]) -> str:
    return dump_team_file(rebuild_team_file(spec, _records(members), _records(time_off),
                                            _records(shifts), rules))


def _store(text: str, source: str, message: Callable[[str], str]) -> None:
    """Validate and store a team file, select it, and rerun; an invalid file shows the CLI's
    one-line message and stores nothing."""
    try:
        with st.spinner("Saving…"):
            stored = changes.save_team(open_store(), current_actor(), text, source)
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
        text = open_store().team_yaml(name) or ""
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
    if not may_change(team):
        _read_only(name, team_yaml, team, spec)
        notify_section(team)
        audit_section(team)
        return
    # Editor keys carry the stored file's hash: after a save the editors start from the new file
    # instead of replaying their old edits on top of it.
    rev = f"{name}_{hashlib.sha1(team_yaml.encode()).hexdigest()[:8]}"
    st.caption(f"{team.name}: {len(team.members)} members, zone {team.timezone.key}, plan "
               f"{team.start} to {team.end}, roles {', '.join(team.roles)}")
    # A lead's everyday task first: someone is away, re-plan around it. The editors follow.
    render_replan(name, team_yaml, [m.id for m in team.members], team.timezone)
    edited, unedited = _editors(spec, team, rev)
    _save_section(name, edited, unedited, rev)
    notify_section(team)
    audit_section(team)


def _editors(spec: dict[str, Any], team: Team, rev: str) -> tuple[str, str]:
    """The four editors; returns the team file as edited, and as stored put through the same
    editors (so formatting alone never counts as a change)."""
    st.subheader("Members")
    members = st.data_editor(_frame(member_rows(spec), MEMBER_COLUMNS), num_rows="dynamic",
                             hide_index=True, width="stretch", key=f"members_{rev}",
                             column_config={
                                 "roles": st.column_config.TextColumn(
                                     help="comma separated, e.g. primary, secondary"),
                                 "weight": st.column_config.NumberColumn(min_value=0.0, step=0.1),
                                 "skills": st.column_config.TextColumn(
                                     help="comma separated, e.g. rollback, failover"),
                                 "shadow_shifts": st.column_config.NumberColumn(
                                     "trainee: shadow shifts", min_value=0, step=1,
                                     help="a trainee shadows an experienced primary on this "
                                          "many shifts (0 = not a trainee)"),
                             })

    stored, spec = spec, _with_leads(spec, _leads_editor(spec, team, members, rev))

    # Time off has one editor, under "Time off and re-plan" at the top; saving the tables here
    # keeps the stored periods as they are.
    time_off = time_off_frame(spec)

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
        written_skills = ", ".join(current.get("required_skills") or [])
        required = st.text_input("required_skills (comma separated)", written_skills,
                                 key=f"skills_{rev}",
                                 help="every shift needs, among its role holders, someone "
                                      "with each of these skills")
    with right:
        st.subheader("Shift templates")
        shifts = st.data_editor(_frame(shift_rows(spec), SHIFT_COLUMNS), num_rows="dynamic",
                                hide_index=True, width="stretch", key=f"shifts_{rev}")
    rules = edited_rules(current, rest, cap, limit, required)

    edited = edited_team_file(spec, members, time_off, shifts, rules)
    # 12 versus 12.0 or flow style alone is no change.
    unedited = edited_team_file(
        stored, _frame(member_rows(stored), MEMBER_COLUMNS), time_off_frame(stored),
        _frame(shift_rows(stored), SHIFT_COLUMNS),
        edited_rules(current, current.get("min_rest_hours", 0),
                     current.get("max_shifts_per_week") or 0,
                     current.get("max_incidents_per_shift", 2), written_skills))
    return edited, unedited


def _save_section(name: str, edited: str, unedited: str, rev: str) -> None:
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
    if error is None:
        render_skills(edited)
    with st.expander("Team file as it will be saved"):
        st.code(edited, language="yaml")
    _upload(name)


def _leads_editor(spec: dict[str, Any], team: Team, members: pd.DataFrame, rev: str) -> list[str]:
    ids = [str(m) for m in members["id"].dropna() if m]
    leads = st.multiselect(
        "Leads", ids, default=[m for m in spec.get("leads") or [] if m in ids],
        key=f"leads_{rev}",
        help="With a login configured, only leads change the team, solve, publish, import "
             "and manage feeds; members see the team and their own feed.")
    me = own_member_id(team)
    if not current_actor().trusted and me is not None and me not in leads:
        st.warning("Saving this takes you off the leads: you will no longer be able to change "
                   "this team.")
    return leads


def _with_leads(spec: dict[str, Any], leads: list[str]) -> dict[str, Any]:
    if not leads and "leads" not in spec:
        return spec  # a file without leads stays without the key
    return {**spec, "leads": leads}


def _read_only(name: str, team_yaml: str, team: Team, spec: dict) -> None:
    """A member's view: the team as it stands, no editors (only leads change a team)."""
    st.caption(f"{team.name}: {len(team.members)} members, zone {team.timezone.key}, plan "
               f"{team.start} to {team.end}, roles {', '.join(team.roles)}; leads: "
               f"{', '.join(team.leads) or 'none'}. Only the team's leads change it.")
    st.subheader("Members")
    st.dataframe(_frame(member_rows(spec), MEMBER_COLUMNS), hide_index=True, width="stretch")
    st.subheader("Time off")
    st.dataframe(time_off_frame(spec), hide_index=True, width="stretch")
    st.subheader("Shift templates")
    st.dataframe(_frame(shift_rows(spec), SHIFT_COLUMNS), hide_index=True, width="stretch")
    st.download_button("Download team file", team_yaml, f"{name}.yaml", "application/yaml",
                       key=f"download_team_{name}")
    render_skills(team_yaml)
