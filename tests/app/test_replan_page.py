"""Team page: add time off, re-plan the published schedule, see the diff, publish it."""

from __future__ import annotations

from datetime import date

from service.store import open_store

TEAM = "payments-sre"


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_add_time_off_replan_and_publish(page, rota_db):
    store = open_store(rota_db)
    before = store.latest_version(TEAM)
    at = page("team").run()
    _no_exceptions(at)
    at.date_input(key=f"off_start_{TEAM}").set_value(date(2026, 12, 7))
    at.date_input(key=f"off_end_{TEAM}").set_value(date(2026, 12, 9))
    at.date_input(key=f"replan_from_{TEAM}").set_value(date(2026, 11, 30))
    next(b for b in at.button if b.label == "Add time off").click().run()
    _no_exceptions(at)
    assert "2026-12-07" in store.team_yaml(TEAM)
    at.date_input(key=f"replan_from_{TEAM}").set_value(date(2026, 11, 30))
    next(b for b in at.button if b.label == "Re-plan").click().run(timeout=120)
    _no_exceptions(at)
    summary = " ".join(m.value for m in at.markdown)
    assert "changed row(s)" in summary, summary
    tables = [d.value for d in at.dataframe if "gained" in d.value.columns]
    assert len(tables) == 2  # per person, and per week
    gains = tables[0]
    assert "alice" in set(gains["person"]) and gains.set_index("person").loc["alice", "lost"] > 0
    # Which rows change hands: alice loses each of hers in her time off, someone gains it.
    rows = next(d.value for d in at.dataframe if "loses" in d.value.columns)
    assert list(rows.columns) == ["shift", "role", "loses", "gains"]
    assert (rows["loses"] == "alice").sum() == gains.set_index("person").loc["alice", "lost"]
    assert all(rows["gains"] != "") and rows["shift"].str.contains(" CET – ").all()
    next(b for b in at.button if b.label == "Publish re-plan").click().run()
    _no_exceptions(at)
    assert store.latest_version(TEAM) == before + 1
    assert any("sent to the feeds" in s.value for s in at.success)
    latest = store.publication(TEAM)
    assert not [a for a in latest.schedule.assignments if a.person == "alice"
                and date(2026, 12, 6) <= a.shift.start.date() <= date(2026, 12, 9)
                and a.shift.end.date() >= date(2026, 12, 7)]


def test_next_quarter_solve_counts_published_history_by_default(page, rota_db):
    store = open_store(rota_db)
    at = page("schedule").run()
    _no_exceptions(at)
    assert any(e.label == "Ledger across published plans" for e in at.expander)
    at.slider(key=f"limit_{TEAM}").set_value(3)
    at.date_input(key=f"start_{TEAM}").set_value(date(2027, 1, 4))
    at.date_input(key=f"end_{TEAM}").set_value(date(2027, 1, 18))
    assert at.checkbox(key=f"history_{TEAM}").value is True
    at.button[0].click()  # the form's Solve button
    at.run(timeout=90)
    _no_exceptions(at)
    # The whole published quarter (91 days, 4 rows a day; a trainee's shadow rows carry no
    # load) lies before the new plan.
    assert any("Counting 364 published row(s) before 2027-01-04" in s.value for s in at.success)
    record = store.latest_schedule(TEAM)
    assert "start: 2027-01-04" in record.team_yaml


def test_ledger_view_sums_weighted_shifts(rota_db):
    from service.actions.replan import ledger

    frame = ledger(open_store(rota_db), TEAM)
    publication = open_store(rota_db).publication(TEAM)
    held = sum(1 for a in publication.schedule.assignments if a.person == "bob")
    weight = publication.team.member("bob").weight
    assert frame[frame.person == "bob"]["cumulative"].max() == held / weight


def test_time_off_is_listed_and_removed_in_one_place(page, rota_db):
    store = open_store(rota_db)
    at = page("team").run()
    _no_exceptions(at)
    assert not [e for e in at.get("arrow_data_editor") if "member" in str(e.proto)
                and "start" in str(e.proto) and "name" not in str(e.proto)]  # no second editor
    listed = next(d.value for d in at.dataframe if "to (inclusive)" in d.value.columns)
    assert ("alice", date(2026, 12, 21), date(2027, 1, 3)) in set(
        zip(listed["member"], listed["from"], listed["to (inclusive)"], strict=True))
    at.selectbox(key=f"off_remove_{TEAM}").set_value(("alice", date(2026, 12, 21),
                                                     date(2027, 1, 3)))
    next(b for b in at.get("form_submit_button") if b.label == "Remove time off").click().run()
    _no_exceptions(at)
    assert "2026-12-21" not in store.team_yaml(TEAM)
    assert "2026-11-16" in store.team_yaml(TEAM)  # jonas's period stays
    assert any("Removed time off for alice" in s.value for s in at.success)
