"""Now page, the app's first: who holds each role of the newest published version at this
moment (with whom they cover for, where an override applies), the next handoff and how long
until it, and for a signed-in member their own next shifts. It is what a lead or an on-call
engineer opens the app for most days, so it loads nothing heavy.

`?at=ISO` in the URL (`/?at=2026-10-10T03:00`: the default page lives at `/`) shows another
moment; without an offset it is the team zone's wall clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from scheduler import (
    Handoff,
    RotaError,
    Schedule,
    Team,
    next_handoff,
    on_call_now,
    rows_holding,
    upcoming_rows,
)
from service.cli.options.times import instant_arg
from ui.shell.identity import current_actor, own_member_id
from ui.shell.state import page_header, published_schedule
from ui.shell.times import countdown, wall

SHOWN_SHIFTS = 5


def _moment(team: Team) -> datetime:
    asked = st.query_params.get("at")
    if asked:
        try:
            return instant_arg(asked, team.timezone, "at")
        except RotaError as exc:
            st.warning(f"{exc}; showing now")
    return datetime.now(UTC).replace(microsecond=0)


def _who(team: Team, person: str | None) -> str:
    if person is None:
        return "nobody"
    member = next((m for m in team.members if m.id == person), None)
    return f"{member.name} ({person})" if member and member.name != person else person


def now_table(schedule: Schedule, at: datetime) -> pd.DataFrame:
    """One row per role: holder, whom they cover for, since, until, who is next and when."""
    team, zone = schedule.team, schedule.team.timezone
    covers = {a.role: a.covers_for for a in rows_holding(schedule, at)}
    rows = []
    for line in on_call_now(schedule, at):
        current, upcoming = line.current, line.next
        rows.append({"role": line.role, "on call": _who(team, line.person),
                     "covers for": covers.get(line.role) or "",
                     "since": wall(current.start, zone) if current else "",
                     "until": wall(current.end, zone) if current else "",
                     "next": _who(team, upcoming.person) if upcoming else "",
                     "takes over": wall(upcoming.start, zone) if upcoming else ""})
    return pd.DataFrame(rows)


def handoff_line(team: Team, handoff: Handoff, at: datetime) -> str:
    giver = _who(team, handoff.giver) if handoff.giver else "(uncovered)"
    taker = _who(team, handoff.taker) if handoff.taker else "nobody"
    return (f"**Next handoff** {countdown(handoff.at - at)}: {handoff.role} passes from "
            f"{giver} to {taker} at {wall(handoff.at, team.timezone)}")


def _own_shifts(team: Team, schedule: Schedule, at: datetime) -> None:
    me = own_member_id(team)
    if me is None and current_actor().trusted:
        people = [m.id for m in team.members]
        me = st.selectbox("Next shifts of", people, index=None, key="now_person",
                          placeholder="pick a person", format_func=lambda p: _who(team, p))
    if me is None:
        return
    st.subheader("Your next shifts" if own_member_id(team) else f"Next shifts of {me}")
    rows = upcoming_rows(schedule, me, at, SHOWN_SHIFTS)
    if not rows:
        st.caption(f"{_who(team, me)} holds no shift after {wall(at, team.timezone)}.")
        return
    zone = team.timezone
    st.dataframe(pd.DataFrame([{
        "starts": wall(a.start, zone), "ends": wall(a.end, zone), "role": a.role,
        "covers for": a.covers_for or "",
        "when": "on call now" if a.start <= at else countdown(a.start - at)} for a in rows]),
        hide_index=True, width="stretch", key="now_own")


def render() -> None:
    header = page_header("Now", "now")
    if header is None:
        return
    name, _, team = header
    published = published_schedule(name)
    if published is None:
        return
    publication, schedule = published
    at = _moment(team)
    zone = schedule.team.timezone
    st.caption(f"As of {wall(at, zone)}, published version {publication.version}. Overrides "
               "included: a cover holds only the piece of the shift it covers.")
    st.dataframe(now_table(schedule, at), hide_index=True, width="stretch", key="now_table")
    handoff = next_handoff(on_call_now(schedule, at))
    if handoff is None:
        st.info(f"The published plan ends before {wall(at, zone)}: nobody is on call.")
    else:
        st.markdown(handoff_line(schedule.team, handoff, at))
    _own_shifts(team, schedule, at)
