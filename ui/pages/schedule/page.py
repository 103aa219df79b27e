"""Schedule page: choose the horizon, solve with live progress (stoppable), see the timeline,
fairness against the provable bound, the 25% on-call cap, then publish and share feeds."""

from __future__ import annotations

import io
import time
from datetime import UTC, date, datetime

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from scheduler import (
    DAY,
    ONCALL_CAP,
    SHADOW,
    RotaError,
    Schedule,
    SolveReport,
    Team,
    build_calendar,
    local_midnight,
    on_call_shares,
    parse_team,
    schedule_csv,
    schedule_rows,
    with_busy,
    with_horizon,
)
from service.actions import changes
from service.actions.replan import plan_from_now
from service.store import Publication, open_store
from service.store.busy_elsewhere import published_busy
from ui.pages.schedule.feeds import feeds_section
from ui.pages.schedule.handoff import render_handoff
from ui.pages.schedule.ledger import history_preload, render_ledger
from ui.pages.schedule.pager import pager_section
from ui.pages.schedule.solve_job import SolveJob
from ui.pages.team.notify import notify_after_publish
from ui.shell.identity import current_actor, may_change
from ui.shell.state import cached_schedule, page_header
from ui.shell.times import wall_columns

POLL_SECONDS = 0.25
JOB_KEY = "solve_job"


def timeline_figure(schedule: Schedule, today: date | None = None) -> go.Figure:
    """The plan as a timeline opened on two weeks from yesterday (clamped into the plan):
    the range slider below reaches the rest, the past included."""
    team = schedule.team
    rows = [{"start": a.start.astimezone(team.timezone),
             "end": a.end.astimezone(team.timezone),
             "role": a.role, "person": a.person or "(uncovered)", "shift": a.shift.template}
            for a in schedule.assignments]
    frame = pd.DataFrame(rows)
    fig = px.timeline(frame, x_start="start", x_end="end", y="role", color="person",
                      hover_data=["shift"], category_orders={"role": [*team.roles, SHADOW]})
    if len(frame):
        first, last = frame["start"].min(), frame["end"].max()
        day = today or datetime.now(team.timezone).date()
        opened = min(max(pd.Timestamp(local_midnight(day - DAY, team.timezone)), first),
                     max(first, last - pd.Timedelta(days=14)))
        fig.update_xaxes(range=[opened, opened + pd.Timedelta(days=14)],
                         rangeslider={"visible": True})
    # The legend in rows above the chart: as a column beside a 340 px chart it cut off every
    # person after the eighth or so.
    fig.update_layout(height=400, margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"title": {"text": "person"}, "orientation": "h",
                              "yanchor": "bottom", "y": 1.02, "x": 0})
    return fig


@st.cache_data(show_spinner=False, max_entries=16)
def cached_timeline(team_yaml: str, csv_text: str, today: date) -> go.Figure:
    return timeline_figure(cached_schedule(team_yaml, csv_text), today)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_calendar(team_yaml: str, csv_text: str, version: int | None,
                    person: str | None = None) -> bytes:
    """One person's ICS (None: the team's); keyed on the published version, whose time and
    sequences it carries."""
    publication = open_store().publication(
        cached_schedule(team_yaml, csv_text).team.name, version) if version else None
    return build_calendar(cached_schedule(team_yaml, csv_text), person,
                          published_at=publication.published_at if publication else None,
                          sequences=publication.sequences if publication else None)


def fairness_frame(report: SolveReport, quantity: str) -> pd.DataFrame:
    return pd.DataFrame([{"person": p, "load": loads.get(quantity, 0.0),
                          "target": report.targets.get(p, {}).get(quantity, 0.0)}
                         for p, loads in report.loads.items()])


def fairness_figure(report: SolveReport, quantity: str, bound: float, unit: str) -> go.Figure:
    frame = fairness_frame(report, quantity)
    fig = go.Figure()
    fig.add_bar(x=frame["person"], y=frame["load"], name="load")
    fig.add_scatter(x=frame["person"], y=frame["target"], mode="markers", name="pro-rata target",
                    marker={"symbol": "line-ew-open", "size": 26, "line": {"width": 3}})
    # The bound is for a full-time, always-available member: no schedule can give everyone less.
    fig.add_hline(y=bound, line_dash="dash", annotation_text=f"lower bound {bound:.1f}")
    fig.update_layout(height=260, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      yaxis_title=unit, title=quantity)
    return fig


def cap_warnings(schedule: Schedule) -> list[str]:
    team = schedule.team
    warnings = []
    capacity = sum(m.weight for m in team.members)
    if capacity and len(team.roles) / capacity > ONCALL_CAP:
        warnings.append(
            f"Team too small for the 25% on-call cap: {len(team.roles)} role(s) over "
            f"{capacity:g} full-time equivalents puts everyone on call "
            f"{len(team.roles) / capacity:.0%} of the time; the cap needs at least "
            f"{len(team.roles) / ONCALL_CAP:g} full-time people.")
    for person, (hours, share) in on_call_shares(schedule).items():
        if share > ONCALL_CAP:
            warnings.append(f"{person} is on call {share:.0%} of the plan "
                            f"({hours:.0f} h), above the 25% cap.")
    return warnings


def schedule_diff(old_csv: str | None, new_csv: str) -> pd.DataFrame:
    """Slots whose holder changed between the last published version and this schedule."""
    key = ["start", "shift", "role"]
    new = pd.read_csv(io.StringIO(new_csv), dtype=str, keep_default_na=False)
    if old_csv is None:
        return new.assign(before="", after=new["person"])[[*key, "before", "after"]]
    old = pd.read_csv(io.StringIO(old_csv), dtype=str, keep_default_na=False)
    both = old[[*key, "person"]].merge(new[[*key, "person"]], on=key, how="outer",
                                       suffixes=("_old", "_new")).fillna("")
    changed = both[both["person_old"] != both["person_new"]]
    return (changed.rename(columns={"person_old": "before", "person_new": "after"})
            .sort_values("start").reset_index(drop=True))


# ------------------------------------------------------------------ sections


def _solve_controls(name: str, team_yaml: str, team: Team) -> None:
    job: SolveJob | None = st.session_state.get(JOB_KEY)
    with st.form(f"solve_{name}", border=True):
        cols = st.columns([2, 2, 2, 1, 1])
        start = cols[0].date_input("Plan start", team.start, key=f"start_{name}")
        end = cols[1].date_input("Plan end (exclusive)", team.end, key=f"end_{name}")
        limit = cols[2].slider("Time limit (s)", 1, 60, 5, key=f"limit_{name}")
        seed = cols[3].number_input("Seed", 0, 10_000, 0, key=f"seed_{name}")
        gaps = cols[4].checkbox("Allow gaps", key=f"gaps_{name}")
        use_history = st.checkbox("Count published history toward fairness", value=True,
                                  key=f"history_{name}")
        busy_on = st.checkbox("Other teams' published schedules are busy time", value=True,
                              key=f"busy_{name}",
                              help="a member on call in another team (say, IMOC this week) is "
                                   "away then, with this team's min_rest_hours around it")
        submitted = st.form_submit_button("Solve", type="primary",
                                          disabled=bool(job and job.running))
    if submitted:
        if end <= start:
            st.error("Plan end must be after plan start.")
            return
        try:
            solved_yaml = with_horizon(team_yaml, start, end)
            solved_team = parse_team(solved_yaml, f"{name} team.yaml")
        except RotaError as exc:
            st.error(str(exc))
            return
        if busy_on:
            busy = published_busy(open_store(), name)
            solved_team = with_busy(solved_team, busy.rows)
            st.session_state["busy_note"] = busy.note(solved_team)
        else:
            st.session_state["busy_note"] = "Solved without other teams' schedules as busy time."
        preload, note = history_preload(solved_team) if use_history else (None, "")
        plan = plan_from_now(open_store(), solved_team, changes.current_time())
        if plan is not None:
            note = (f"Planned from {_local(plan.plan_from, solved_team)}: rows that started "
                    f"before then stay as published version {plan.version}, overrides too. "
                    + note)
        job = SolveJob(solved_team, solved_yaml, float(limit), int(seed), bool(gaps),
                       preload=preload, note=note,
                       previous=plan.previous if plan else None,
                       plan_from=plan.plan_from if plan else None).start()
        st.session_state[JOB_KEY] = job
    if job is not None and job.team.name == name:
        if busy_note := st.session_state.get("busy_note"):
            st.caption(busy_note)
        _follow(name, job)


def _follow(name: str, job: SolveJob) -> None:
    """Live progress while the thread solves; a click on Stop reruns the page, runs the
    callback (solver.stop) and lands here again to wait for the best schedule so far."""
    if job.running:
        stop = st.empty()
        if job.stoppable:
            stop.button("Stop and keep the best schedule", on_click=job.stop, key="stop_solve")
        else:
            stop.caption("Re-planning from now against the published version; it runs to its "
                         "time limit.")
        bar = st.progress(0.0, text="Solving…")
        metrics = st.empty()
        while job.running:
            _show_progress(job, bar, metrics)
            time.sleep(POLL_SECONDS)
        _show_progress(job, bar, metrics)
        stop.empty()
    if job.saved:
        return
    job.saved = True
    if job.error and job.stopped:
        # Stopped before the balancing phase had a schedule: there is nothing better to keep.
        st.warning("Stopped before a schedule was found; the previous schedule is kept.")
        return
    if job.error:
        st.error(job.error)
        for reason in job.reasons[:20]:
            st.caption(reason)
        return
    assert job.result is not None
    try:
        changes.save_schedule(open_store(), current_actor(), name, job.team_yaml,
                              schedule_csv(job.result), job.result.report)
    except RotaError as exc:
        st.error(str(exc))
        return
    report = job.result.report
    assert report is not None  # a solve's schedule always carries its report
    verdict = "stopped early; kept the best schedule so far" if job.stopped else report.status
    st.session_state["solve_message"] = (f"Solved in {report.wall_seconds:.1f} s: {verdict}."
                                         + (f" {job.note}" if job.note else ""))
    st.rerun()


def _show_progress(job: SolveJob, bar: DeltaGenerator, metrics: DeltaGenerator) -> None:
    fraction = min(job.elapsed / max(job.time_limit, 0.1), 1.0)
    bar.progress(fraction, text=f"Solving… {job.elapsed:.1f} s of ~{job.time_limit:g} s")
    p = job.progress
    with metrics.container():
        cols = st.columns(4)
        cols[0].metric("Elapsed", f"{job.elapsed:.1f} s")
        cols[1].metric("Best objective", f"{p.objective:,.0f}" if p else "–")
        cols[2].metric("Bound", f"{p.bound:,.0f}" if p else "–")
        cols[3].metric("Solutions", p.solutions if p else 0)


def _fairness(report: SolveReport) -> None:
    st.subheader("Fairness")
    st.caption("Each person's load against the pro-rata target (their fair share by weight and "
               "availability) and the provable lower bound on the heaviest full-time load. "
               "Range: largest minus smallest weighted load (per site); balance: the mean over "
               "pairs of people of the smaller load over the larger (1 = even).")
    lines = {line.quantity: line for line in report.fairness}
    summary = pd.DataFrame([{"quantity": q, "unit": line.unit, "achieved": line.achieved,
                             "lower bound": line.bound, "gap": line.gap, "range": line.range,
                             "balance": line.balance, "round-robin": line.round_robin}
                            for q, line in lines.items()])
    st.dataframe(summary, hide_index=True, width="stretch")
    # One chart at a time: six Plotly charts on one page cost a second of browser time.
    quantity = st.segmented_control("Load", list(lines), default=next(iter(lines), None),
                                    key="fair_quantity") or next(iter(lines))
    line = lines[quantity]
    st.plotly_chart(fairness_figure(report, quantity, line.bound, line.unit), key="fairness")


def _publish(name: str, team_yaml: str, csv_text: str, team: Team) -> None:
    """`team` is the team as stored now (its leads decide who may publish)."""
    lead = may_change(team)
    store = open_store()
    latest = store.publication(name)
    if lead:
        _publish_controls(name, team_yaml, csv_text, latest)
    cols = st.columns(3)
    cols[0].download_button("Download CSV", csv_text, f"{name}-schedule.csv", "text/csv")
    members = [m.id for m in cached_schedule(team_yaml, csv_text).team.members]
    who = cols[1].selectbox("Calendar of", ["whole team", *members], key=f"ics_{name}",
                            label_visibility="collapsed")
    person = None if who == "whole team" else who
    version = latest.version if latest else None
    # Built when the button is clicked, not on every render (a year's team calendar: ~0.4 s).
    cols[2].download_button(f"Download ICS ({who})",
                            lambda: cached_calendar(team_yaml, csv_text, version, person),
                            f"{name}-{person or 'team'}.ics", "text/calendar",
                            key="ics_download")
    if latest is not None:
        feeds_section(team)
        pager_section(latest.team, lead)


def _publish_controls(name: str, team_yaml: str, csv_text: str,
                      latest: Publication | None) -> None:
    st.subheader("Publish")
    diff = schedule_diff(latest.schedule_csv if latest else None, csv_text)
    if latest is None:
        st.info("Never published: publishing creates version 1 and a feed per person.")
    elif diff.empty:
        st.success(f"Identical to published version {latest.version}.")
    else:
        st.write(f"{len(diff)} slot(s) differ from published version {latest.version}:")
        zone = cached_schedule(team_yaml, csv_text).team.timezone
        st.dataframe(wall_columns(diff, zone, ("start",)), hide_index=True, width="stretch",
                     height=220)
    force = _undo_warning(name, team_yaml, csv_text, latest)
    if st.button("Publish", type="primary", key=f"publish_{name}",
                 disabled=(latest is not None and diff.empty) or force is None):
        try:
            with st.spinner("Publishing…"):
                publication = changes.publish(open_store(), current_actor(), team_yaml, csv_text,
                                              team_source=f"{name} team.yaml",
                                              force=bool(force))
        except RotaError as exc:
            st.error(str(exc))
        else:
            # Rerun so the diff, the downloads and the feeds all show the new version.
            st.session_state["publish_message"] = " ".join(filter(None, [
                f"Published version {publication.version}.", notify_after_publish(name)]))
            st.rerun()
    if message := st.session_state.pop("publish_message", None):
        st.success(message)


def _local(instant: datetime, team: Team) -> str:
    return instant.astimezone(team.timezone).strftime("%a %d %b %Y %H:%M %Z")


def _undo_warning(name: str, team_yaml: str, csv_text: str,
                  latest: Publication | None) -> bool | None:
    """Say what publishing would undo (overrides, rows already started) and ask before
    undoing it. False: nothing to undo; True: the lead confirmed; None: not confirmed."""
    if latest is None:
        return False
    schedule = cached_schedule(team_yaml, csv_text)
    undone = changes.would_undo(latest, schedule)
    if not undone:
        return False
    zone = schedule.team.timezone
    st.warning(f"Publishing this schedule would undo {len(undone)} change(s) of published "
               f"version {latest.version}: overrides and rows that have already started. "
               "Solve again (it plans from now and keeps them), or confirm below.")
    st.markdown("\n".join(f"- {u.describe(zone)}" for u in undone[:20])
                + (f"\n- … and {len(undone) - 20} more" if len(undone) > 20 else ""))
    confirmed = st.checkbox(f"Undo these {len(undone)} change(s) and publish anyway",
                            key=f"force_{name}")
    return True if confirmed else None


def render() -> None:
    header = page_header("Schedule", "schedule")
    if header is None:
        return
    name, team_yaml, team = header
    lead = may_change(team)
    if lead:
        _solve_controls(name, team_yaml, team)
    if message := st.session_state.pop("solve_message", None):
        st.success(message)
    # Members see what is published; a lead's unpublished solve is theirs to check first.
    record = open_store().latest_schedule(name) if lead else None
    publication = open_store().publication(name)
    if record is None and publication is None:
        st.info("No schedule yet: choose the horizon and press Solve." if lead else
                "No schedule published yet.")
        return
    if record is not None:
        solved_yaml, csv_text = record.team_yaml, record.schedule_csv
        report = record.report
        when = record.solved_at
    else:
        assert publication is not None
        solved_yaml, csv_text, report = publication.team_yaml, publication.schedule_csv, None
        when = publication.published_at
    try:
        schedule = cached_schedule(solved_yaml, csv_text)
    except RotaError as exc:
        st.error(str(exc))
        return
    local = when.astimezone(schedule.team.timezone) if when.tzinfo else when.replace(tzinfo=UTC)
    st.caption(f"Schedule solved {local:%Y-%m-%d %H:%M %Z} for {schedule.team.start} to "
               f"{schedule.team.end}: {len(schedule.shifts)} shifts"
               + (f", status {report.status}" if report else ""))
    st.subheader("Who is on call")
    today = datetime.now(schedule.team.timezone).date()  # part of the cache key: a new day
    st.plotly_chart(cached_timeline(solved_yaml, csv_text, today), key="timeline")
    render_ledger(name)
    for warning in cap_warnings(schedule):
        st.warning(warning)
    if report is not None and report.fairness:
        _fairness(report)
    render_handoff(name, solved_yaml, csv_text)
    with st.expander("Schedule table"):
        rows = wall_columns(pd.DataFrame(schedule_rows(schedule)), schedule.team.timezone,
                            ("start", "end"))
        st.dataframe(rows, hide_index=True, width="stretch")
    _publish(name, solved_yaml, csv_text, team)
