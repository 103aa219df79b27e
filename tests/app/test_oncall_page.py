"""AppTest for the On call page: the calendar renders over the published schedule, picking a
shift shows cover candidates, the override form publishes a new version, and the hours report
offers CSV and XLSX."""

from __future__ import annotations

import io

import pandas as pd

from service.override_store import list_overrides
from service.store import open_store

TEAM = "payments-sre"


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _first_uid() -> str:
    """The first row of the published schedule, as the shift picker names it."""
    from scheduler.ical import slots

    return slots(open_store().publication(TEAM).schedule)[0].uid


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
    at.selectbox(key="oncall_pick").set_value(_first_uid()).run()
    _no_exceptions(at)
    assert "rank" in at.dataframe[0].value.columns  # the cover candidates
    chosen = at.selectbox(key="override_person").value  # the best candidate comes first
    at.text_input(key="override_reason").set_value("dentist")
    at.button[0].click().run()
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert store.latest_version(TEAM) == before + 1
    [record] = list_overrides(store, TEAM)
    assert (record.person, record.reason, record.version) == (chosen, "dentist", before)
    assert f"version {before + 1}" in at.success[0].value


def test_hours_xlsx_download_is_a_workbook():
    from ui.oncall import _xlsx

    frame = pd.DataFrame({"person": ["alice"], "month": ["2026-10"], "hours": [12.0]})
    data = _xlsx(frame)
    assert data[:2] == b"PK"
    assert pd.read_excel(io.BytesIO(data)).to_dict("records") == [
        {"person": "alice", "month": "2026-10", "hours": 12.0}]
