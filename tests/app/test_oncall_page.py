"""AppTest for the On call page: the calendar renders over the published schedule, picking a
shift shows cover candidates, the override form publishes a new version, and the hours report
offers CSV and XLSX."""

from __future__ import annotations

import io

import pandas as pd

from service.actions.overrides import list_overrides
from service.store import open_store

TEAM = "payments-sre"


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _uids_with_cover(count: int = 1) -> list[str]:
    """The first rows of the published schedule that someone could take, as the shift picker
    names them (the seeded schedule is the shipped demo; look, don't assume)."""
    from scheduler.formats.ical import event_contents
    from scheduler.living.cover import cover_row

    schedule = open_store().publication(TEAM).schedule
    found = []
    for content in event_contents(schedule):
        if cover_row(schedule, content.assignment):
            found.append(content.uid)
            if len(found) == count:
                return found
    raise AssertionError("no row of the demo schedule has a cover candidate")


def test_oncall_page_renders_calendar_and_hours(page):
    at = page("oncall").run()
    _no_exceptions(at)
    assert not at.error
    assert at.title[0].value == "On call"
    assert "On-call hours" in [s.value for s in at.subheader]
    assert [b.label for b in at.download_button] == ["Download CSV", "Download XLSX"]
    hours = at.dataframe[-1].value
    assert list(hours.columns)[:3] == ["person", "month", "hours"]
    assert "incidents" in hours.columns  # the seeded store has imported pages


def test_picking_a_shift_shows_candidates_and_the_override_publishes(page, rota_db):
    store = open_store(rota_db)
    before = store.latest_version(TEAM)
    at = page("oncall").run()
    [uid] = _uids_with_cover()
    at.toggle(key="oncall_past").set_value(True).run()  # the demo's first rows are past
    at.selectbox(key="oncall_pick").set_value(uid).run()
    _no_exceptions(at)
    assert "rank" in at.dataframe[0].value.columns  # the cover candidates
    chosen = at.selectbox(key=f"override_person_{uid}").value  # the best candidate first
    at.text_input(key=f"override_reason_{uid}").set_value("dentist")
    at.button[0].click().run()
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert store.latest_version(TEAM) == before + 1
    [record] = list_overrides(store, TEAM)
    assert (record.person, record.reason, record.version) == (chosen, "dentist", before)
    assert f"version {before + 1}" in at.success[0].value


def test_hours_xlsx_download_is_a_workbook():
    from ui.pages.oncall.page import _xlsx

    frame = pd.DataFrame({"person": ["alice"], "month": ["2026-10"], "hours": [12.0]})
    data = _xlsx(frame)
    assert data[:2] == b"PK"
    assert pd.read_excel(io.BytesIO(data)).to_dict("records") == [
        {"person": "alice", "month": "2026-10", "hours": 12.0}]


def test_an_absence_lists_each_shift_and_one_click_hands_it_over(page, rota_db):
    store = open_store(rota_db)
    publication = store.publication(TEAM)
    zone = publication.team.timezone
    # A day on which alice holds a row that somebody else could take (the seeded schedule
    # comes from a time-limited solve, so look it up rather than assume it).
    from scheduler.living.cover import cover, cover_row
    from scheduler.shifts.wallclock import DAY, local_midnight

    schedule = publication.schedule
    row = next(a for a in schedule.assignments if a.person == "alice" and cover_row(schedule, a))
    day = row.start.astimezone(zone).date()
    listed = cover(schedule, "alice", local_midnight(day, zone), local_midnight(day + DAY, zone))
    from scheduler.formats.ical import event_uid

    uid = next(event_uid(schedule.team, r) for r, candidates in listed if candidates)
    at = page("oncall").run()
    at.selectbox(key="absence_person").set_value("alice")
    at.date_input(key="absence_from").set_value(day)
    at.date_input(key="absence_to").set_value(day)
    at.run()
    _no_exceptions(at)
    assert "Cover an absence" in [s.value for s in at.subheader]
    at.button(key=f"absence_go_{uid}").click().run()
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    [record] = list_overrides(store, TEAM)
    assert (record.covers_for, record.reason) == (("alice",), "absence of alice")
    assert store.latest_version(TEAM) == publication.version + 1


def test_the_form_follows_the_shift_picked(page):
    from scheduler.formats.ical import event_contents

    first, second = _uids_with_cover(2)
    rows = {c.uid: c.assignment for c in event_contents(open_store().publication(TEAM).schedule)}
    at = page("oncall").run()
    at.toggle(key="oncall_past").set_value(True).run()  # the demo's first rows are past
    at.selectbox(key="oncall_pick").set_value(first).run()
    at.selectbox(key="oncall_pick").set_value(second).run()
    _no_exceptions(at)
    start = rows[second].start.astimezone(open_store().publication(TEAM).team.timezone)
    assert at.date_input(key=f"override_start_{second}_date").value == start.date()
    assert at.time_input(key=f"override_start_{second}_time").value == start.time().replace(
        tzinfo=None)


def test_the_shift_picker_starts_at_the_shift_on_call_now_and_past_ones_are_one_click_away(page):
    from datetime import UTC, datetime

    schedule = open_store().publication(TEAM).schedule
    now = datetime.now(UTC)
    ahead = sum(1 for a in schedule.assignments if a.end > now)
    at = page("oncall").run()
    _no_exceptions(at)
    assert len(at.selectbox(key="oncall_pick").options) == 1 + ahead  # 1: "click a shift"
    at.toggle(key="oncall_past").set_value(True).run()
    assert len(at.selectbox(key="oncall_pick").options) == 1 + len(schedule.assignments)
