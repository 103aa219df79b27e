"""Schedule page section: the Handoff panel for the previous and the current shift.

An iCal event's description links here with `?team=<name>&handoff=<shift start, UTC>`; the
panel then opens on that shift. Incidents come from the team's stored paging history."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import streamlit as st

from analysis import current_shift, handoff_from_incidents, handoff_markdown, handoff_shift
from scheduler import RotaError, Schedule, Shift
from service.store import open_store
from ui.shell.analysis import imports_marker
from ui.shell.state import cached_schedule
from ui.shell.times import wall

LINK_FORMAT = "%Y%m%dT%H%M%SZ"


def linked_shift(schedule: Schedule, team_name: str) -> Shift | None:
    """The shift named by the page's `handoff` query parameter, if it is this team's."""
    params = st.query_params
    stamp = params.get("handoff")
    if not stamp or params.get("team", team_name) != team_name:
        return None
    try:
        start = datetime.strptime(stamp, LINK_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return next((s for s in schedule.shifts if s.start == start), None)


@st.cache_data(show_spinner=False, max_entries=32)
def handoff_text(team_name: str, team_yaml: str, csv_text: str, shift_start: datetime,
                 at: datetime, marker: int) -> str:
    """The handoff Markdown of one shift as of `at`; `marker` (the newest import id) keys the
    cache, so a new import of paging history shows at once."""
    schedule = cached_schedule(team_yaml, csv_text)
    shift = next(s for s in schedule.shifts if s.start == shift_start)
    incidents = open_store().incidents(team_name)
    return handoff_markdown(handoff_from_incidents(incidents, schedule.team, schedule, at,
                                                   shift=shift))


def panel_markdown(text: str) -> str:
    """The handoff note at the panel's size: its headings start at level 4, because the file's
    `#` and `##` render page-sized inside a panel under the page's own title. The download
    keeps the file's own levels."""
    return re.sub(r"^(#{1,3}) ", lambda m: "#" * (len(m.group(1)) + 3) + " ", text,
                  flags=re.MULTILINE)


def _show(title: str, sources: tuple[str, str, str], at: datetime, shift: Shift | None) -> None:
    st.markdown(f"**{title}**")
    if shift is None:
        st.caption("No such shift in this schedule.")
        return
    team_name, team_yaml, csv_text = sources
    marker = imports_marker(open_store(), team_name)
    try:
        # The minute is enough: a current shift's handoff then refreshes once a minute at most.
        text = handoff_text(team_name, team_yaml, csv_text, shift.start,
                            at.replace(second=0, microsecond=0), marker)
    except RotaError as exc:
        st.error(str(exc))
        return
    st.markdown(panel_markdown(text))
    st.download_button("Download (Markdown)", text, f"handoff-{shift.start:%Y%m%dT%H%M}.md",
                       "text/markdown", key=f"handoff_{title}_{shift.start.timestamp()}")


def render_handoff(team_name: str, team_yaml: str, csv_text: str,
                   now: datetime | None = None) -> None:
    st.subheader("Handoff")
    now = now or datetime.now(UTC)
    schedule = cached_schedule(team_yaml, csv_text)
    sources = (team_name, team_yaml, csv_text)
    linked = linked_shift(schedule, team_name)
    if linked is not None:
        _show("Linked shift", sources, max(now, linked.end), linked)
        return
    ended = [s for s in schedule.shifts if s.end <= now]
    previous = handoff_shift(schedule, now) if ended else None
    running = current_shift(schedule, now)
    if previous is None and running is None:
        first = schedule.shifts[0] if schedule.shifts else None
        st.caption("This schedule has not started yet"
                   + (f"; its first handoff is at {wall(first.end, schedule.team.timezone)}."
                      if first else "."))
        return
    left, right = st.columns(2)
    with left:
        _show("Previous shift", sources, now, previous)
    with right:
        _show("Current shift (so far)", sources, now, running)
