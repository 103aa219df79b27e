"""Team page: add time off, re-plan the published schedule, see the diff, publish it."""

from __future__ import annotations

from datetime import date

from ui.state import app_store

TEAM = "payments-sre"


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_add_time_off_replan_and_publish(page, rota_db):
    apps = app_store(rota_db)
    before = apps.store.latest_version(TEAM)
    at = page("team").run()
    _no_exceptions(at)
    at.date_input(key=f"off_start_{TEAM}").set_value(date(2026, 12, 7))
    at.date_input(key=f"off_end_{TEAM}").set_value(date(2026, 12, 9))
    at.date_input(key=f"replan_from_{TEAM}").set_value(date(2026, 11, 30))
    next(b for b in at.button if b.label == "Add time off").click().run()
    _no_exceptions(at)
    assert "2026-12-07" in apps.team_yaml(TEAM)
    at.date_input(key=f"replan_from_{TEAM}").set_value(date(2026, 11, 30))
    next(b for b in at.button if b.label == "Re-plan").click().run(timeout=120)
    _no_exceptions(at)
    summary = " ".join(m.value for m in at.markdown)
    assert "changed row(s)" in summary, summary
    tables = [d.value for d in at.dataframe if "gained" in d.value.columns]
    assert len(tables) == 2  # per person, and per week
    gains = tables[0]
    assert "alice" in set(gains["person"]) and gains.set_index("person").loc["alice", "lost"] > 0
    next(b for b in at.button if b.label == "Publish re-plan").click().run()
    _no_exceptions(at)
    assert apps.store.latest_version(TEAM) == before + 1
    assert any("sent to the feeds" in s.value for s in at.success)
    latest = apps.store.publication(TEAM)
    assert not [a for a in latest.schedule.assignments if a.person == "alice"
                and date(2026, 12, 6) <= a.shift.start.date() <= date(2026, 12, 9)
                and a.shift.end.date() >= date(2026, 12, 7)]
