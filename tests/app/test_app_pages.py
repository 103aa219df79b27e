"""AppTest per page: each renders without exceptions against a seeded store, its widgets work,
a solve through the Schedule page writes a schedule, each export format shows results on the
Load page, and bad uploads show an error while storing nothing."""

from __future__ import annotations

import json

import pytest
from app_fixtures import REPO

from service.store import open_store

TEAM = "payments-sre"

PAGERDUTY = (
    "id,incident_number,created_on,acknowledged_by_user_names,assigned_to_user_names,urgency,"
    "seconds_to_first_ack\n"
    "PD1,1,2026-10-06T23:10:00+02:00,Alice Wagner,Alice Wagner,high,120\n"
    "PD2,2,2026-10-06T23:40:00+02:00,Alice Wagner,Alice Wagner,high,60\n"
    "PD3,3,2026-10-07T01:00:00+02:00,alice,alice,low,600\n"
)
OPSGENIE = (
    "tinyId,createdAt,owner,acknowledgedBy,priority,ackTime\n"
    "OG1,2026-10-08T10:00:00+02:00,bob@example.com,bob@example.com,P1,30000\n"
    "OG2,2026-10-08T11:00:00+02:00,bob@example.com,,P3,\n"
)
GENERIC = (
    "id,created_at,responder,severity\n"
    "G1,2026-10-09T03:00:00+02:00,chen,critical\n"
    "G2,not a time,chen,critical\n"
)
PAGERDUTY_JSON = json.dumps({"incidents": [{
    "id": "PJ1", "created_at": "2026-10-10T04:00:00Z", "urgency": "high",
    "assignments": [{"assignee": {"summary": "Dara Okafor"}}],
    "acknowledgements": [{"acknowledger": {"summary": "Dara Okafor"}}]}]})


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _upload(at, what: str, filename: str, content: str | bytes):
    """Choose a file in an uploader and press its button, as a user does."""
    uploader, button = {"team": (f"team_upload_{TEAM}", f"store_upload_{TEAM}"),
                        "pages": (f"pages_upload_{TEAM}", f"import_{TEAM}")}[what]
    data = content.encode() if isinstance(content, str) else content
    at.file_uploader(key=uploader).set_value((filename, data, "text/plain"))
    at.run()
    at.button(key=button).click().run()
    _no_exceptions(at)
    return at


# ------------------------------------------------------------------ app and navigation


def test_app_routes_to_the_now_page_by_default(rota_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    _no_exceptions(at)
    assert at.title[0].value == "Now"


# ------------------------------------------------------------------ schedule


def test_schedule_page_shows_seeded_schedule_fairness_and_feed_urls(page):
    at = page("schedule").run()
    _no_exceptions(at)
    assert not at.error
    assert [s.value for s in at.subheader][:2] == ["Who is on call", "Fairness"]
    urls = [c.value for c in at.code if "/feeds/" in c.value]
    assert len(urls) == 11  # ten members and the team feed
    assert all(u.startswith("http") and u.endswith(".ics") for u in urls)
    at.selectbox(key=f"ics_{TEAM}").set_value("alice").run()
    _no_exceptions(at)
    assert any("alice" in b.label for b in at.download_button)


def test_solving_through_the_page_writes_a_schedule(page, rota_db, clock):
    clock("2026-10-01T00:00:00+02:00")  # before the plan: every row of the horizon is free
    store = open_store(rota_db)
    before = store.latest_schedule(TEAM).solved_at
    at = page("schedule").run()
    at.slider(key="limit_payments-sre").set_value(2)
    at.date_input(key="end_payments-sre").set_value(
        at.date_input(key="start_payments-sre").value.replace(day=19))
    at.button[0].click()  # the form's Solve button
    at.run(timeout=60)
    _no_exceptions(at)
    assert not at.error
    record = store.latest_schedule(TEAM)
    assert record.solved_at >= before
    rows = record.schedule_csv.strip().splitlines()
    shadows = [r for r in rows if ",shadow," in r]  # the demo trainee's (data/demo/team.yaml)
    assert len(rows) - len(shadows) == 1 + 14 * 2 * 2  # two weeks of day+night, both roles
    assert len(shadows) == 6
    assert "end: 2026-10-19" in record.team_yaml


def test_stopping_a_solve_keeps_the_best_schedule_so_far(rota_db):
    from scheduler.teamfile.parse import parse_team
    from ui.pages.schedule.solve_job import SolveJob

    # Two weeks of the demo team: a first schedule comes quickly, the search then goes on.
    team_yaml = (REPO / "data/demo/team.yaml").read_text().replace("end: 2027-01-04",
                                                                  "end: 2026-10-19")
    job = SolveJob(parse_team(team_yaml), team_yaml, time_limit=30).start()
    # Stop once the balancing phase has a schedule (what a user sees as "best objective").
    while job.running and (job.progress is None or job.progress.phase != "balance"):
        job.wait(0.1)
    job.stop()
    assert job.wait(30)
    assert job.error is None and job.result is not None
    assert job.result.report.wall_seconds < 30


def test_publish_creates_a_new_version_with_a_diff(page, rota_db, clock):
    clock("2026-10-01T00:00:00+02:00")  # nothing has started: nothing to undo
    store = open_store(rota_db)
    record = store.latest_schedule(TEAM)
    changed = record.schedule_csv.replace(",primary,alice,", ",primary,bob,", 1)
    store.save_schedule(TEAM, record.team_yaml, changed, record.report)
    at = page("schedule").run()
    assert any("differ from published version 1" in m.value for m in at.markdown)
    at.button(key=f"publish_{TEAM}").click().run()
    _no_exceptions(at)
    assert store.latest_version(TEAM) == 2
    assert any("Published version 2" in s.value for s in at.success)


def test_solve_on_a_published_team_plans_from_now_keeping_started_rows(page, rota_db, clock):
    now = clock("2026-10-12T12:00:00+02:00")
    store = open_store(rota_db)
    published = store.publication(TEAM).schedule
    at = page("schedule").run()
    at.slider(key=f"limit_{TEAM}").set_value(2)
    at.date_input(key=f"end_{TEAM}").set_value(
        at.date_input(key=f"start_{TEAM}").value.replace(day=19))
    at.button[0].click()
    at.run(timeout=90)
    _no_exceptions(at)
    assert not at.error
    assert any("Planned from Mon 12 Oct 2026 12:00 CEST: rows that started before then stay "
               "as published version 1" in s.value for s in at.success)
    from scheduler.formats.csvfile import parse_schedule

    record = store.latest_schedule(TEAM)
    solved = parse_schedule(record.schedule_csv, store.publication(TEAM).team, "solved")
    started = {(a.start, a.role, a.person) for a in published.assignments if a.start < now}
    assert {(a.start, a.role, a.person) for a in solved.assignments if a.start < now} == started
    assert max(a.shift.start for a in solved.assignments).date().isoformat() == "2026-10-18"


def test_publish_that_would_undo_a_started_row_says_so_and_waits_for_confirmation(
        page, rota_db, clock):
    clock("2026-12-07T12:00:00+01:00")
    store = open_store(rota_db)
    record = store.latest_schedule(TEAM)
    changed = record.schedule_csv.replace(",primary,alice,", ",primary,bob,", 1)  # in October
    store.save_schedule(TEAM, record.team_yaml, changed, record.report)
    at = page("schedule").run()
    _no_exceptions(at)
    assert any("would undo 1 change(s) of published version 1" in w.value for w in at.warning)
    assert any("started row 2026-10-0" in m.value and "held by alice; the new schedule names "
               "bob" in m.value for m in at.markdown)
    assert at.button(key=f"publish_{TEAM}").disabled
    at.checkbox(key=f"force_{TEAM}").check().run()
    at.button(key=f"publish_{TEAM}").click().run()
    _no_exceptions(at)
    assert store.latest_version(TEAM) == 2
    from service.store.audit import recent

    assert recent(store, TEAM)[0].action == "publish (forced)"


# ------------------------------------------------------------------ team


def test_team_page_edits_rules_and_saves(page, rota_db):
    at = page("team").run()
    _no_exceptions(at)
    rest = next(n for n in at.number_input if n.label == "min_rest_hours")
    rest.set_value(10.0)
    at.run()
    save = next(b for b in at.button if b.label == "Save team")
    assert not save.disabled
    save.click().run()
    _no_exceptions(at)
    assert "min_rest_hours: 10.0" in open_store(rota_db).team_yaml(TEAM)
    assert any("Saved team" in s.value for s in at.success)


def test_team_upload_of_an_invalid_file_shows_the_cli_message_and_stores_nothing(page, rota_db):
    store = open_store(rota_db)
    before = store.team_names()
    bad = (REPO / "data/demo/weekly.yaml").read_text().replace("team: platform-weekly",
                                                               "team: broken\ncolour: red")
    at = page("team").run()
    _upload(at, "team", "bad.yaml", bad)
    assert any(e.value.startswith("bad.yaml:") and "colour" in e.value for e in at.error)
    assert store.team_names() == before


def test_team_upload_of_a_valid_file_adds_the_team(page, rota_db):
    good = (REPO / "data/demo/weekly.yaml").read_text().replace("platform-weekly", "infra")
    at = page("team").run()
    _upload(at, "team", "infra.yaml", good)
    assert "infra" in open_store(rota_db).team_names()
    assert at.selectbox(key="team_select_team").value == "infra"


# ------------------------------------------------------------------ load


@pytest.mark.parametrize(("filename", "content", "fmt"), [
    ("pd.csv", PAGERDUTY, "pagerduty"),
    ("og.csv", OPSGENIE, "opsgenie"),
    ("generic.csv", GENERIC, "generic"),
    ("pd.json", PAGERDUTY_JSON, "pagerduty"),
])
def test_load_upload_of_each_format_shows_results(page, rota_db, filename, content, fmt):
    at = page("load").run()
    _no_exceptions(at)
    _upload(at, "pages", filename, content)
    assert not at.error
    message = next(s.value for s in at.success if s.value.startswith(filename))
    assert f"({fmt}" in message
    assert any(s.value.startswith("Windows over the limit") for s in at.subheader)


def test_reimporting_an_overlapping_file_never_double_counts(page, rota_db):
    store = open_store(rota_db)
    at = page("load").run()
    for content in (PAGERDUTY, PAGERDUTY + "PD4,4,2026-10-07T02:00:00+02:00,alice,alice,high,5\n"):
        _upload(at, "pages", "pd.csv", content)
    _no_exceptions(at)
    assert any("1 new incident(s), 3 already stored" in s.value for s in at.success)
    ids = set(store.incidents(TEAM)["id"])
    assert {"PD1", "PD2", "PD3", "PD4"} <= ids


def test_load_bad_upload_shows_an_error_and_stores_nothing(page, rota_db):
    store = open_store(rota_db)
    before = store.incident_count(TEAM), len(store.imports(TEAM))
    at = page("load").run()
    _upload(at, "pages", "bad.csv", b"when,who\n2026-10-06,alice\n")
    assert any("unknown header" in e.value for e in at.error)
    assert (store.incident_count(TEAM), len(store.imports(TEAM))) == before


def test_load_shows_rejected_rows_for_download(page, rota_db):
    at = page("load").run()
    _upload(at, "pages", "g.csv", GENERIC)
    assert at.get("download_button")
    assert any(s.value == "Rejected rows" for s in at.subheader)


# ------------------------------------------------------------------ burnout risk


def test_risk_page_has_one_row_per_member_and_a_breakdown(page):
    at = page("risk").run()
    _no_exceptions(at)
    table = at.dataframe[0].value
    assert len(table) >= 10 and {"risk", "reasons", "sleep_hours", "oncall_share"} <= set(table)
    assert set(table["risk"]) <= {"low", "medium", "high"}
    # Ranked within the team, most at risk first, and every reason shown in full below.
    assert list(table["rank"]) == [f"{i} of {len(table)}" for i in range(1, len(table) + 1)]
    full = next(m.value for m in at.markdown if m.value.startswith("- **"))
    assert all(reason in full for reason in table["reasons"])
    at.selectbox(key="risk_person").set_value("dara").run()
    _no_exceptions(at)
    assert any(s.value == "Breakdown: dara" for s in at.subheader)


def test_risk_breakdown_opens_from_the_person_link(page):
    at = page("risk")
    at.query_params["person"] = "chen"
    at.run()
    _no_exceptions(at)
    assert at.selectbox(key="risk_person").value == "chen"
    assert any(s.value == "Breakdown: chen" for s in at.subheader)
    links = at.dataframe[0].value["breakdown"]
    assert set(links) >= {"?person=alice", "?person=chen"}
