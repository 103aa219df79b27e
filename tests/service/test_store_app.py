"""The app's tables in the one store: drafts, solved schedules, paging imports and incidents.
Every test runs on SQLite and on PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import sqlite3
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect

from analysis import read_pages
from scheduler import FairnessLine, SolveReport
from scheduler.errors import TeamFileError
from scheduler.formats.csvfile import schedule_csv
from service.store import Store, metadata
from service.store.errors import StoreError
from tests.harness.calendar_team import TEAM_YAML, round_robin

BERLIN = ZoneInfo("Europe/Berlin")
HEADER = "id,created_at,responder\n"


def _pages(body: str):
    return read_pages((HEADER + body).encode(), BERLIN)


def _import(store: Store, body: str, filename: str = "pages.csv") -> dict[str, int]:
    pages = _pages(body)
    return store.import_pages("payments-sre", filename, pages.format, pages.rows,
                              pages.incidents, pages.rejected, pages.duplicates)


def test_one_schema_holds_every_table(store):
    names = set(inspect(store.engine).get_table_names())
    assert names == set(metadata.tables)
    assert {"teams", "drafts", "solved_schedules", "publications", "feed_tokens", "imports",
            "incidents"} <= names


def test_a_draft_is_ahead_of_the_published_team_file(store, team):
    assert store.team_yaml("payments-sre") is None
    store.publish(TEAM_YAML, schedule_csv(round_robin(team)))
    assert store.team_yaml("payments-sre") == TEAM_YAML
    edited = TEAM_YAML.replace("end: 2027-03-30", "end: 2027-03-31")
    assert store.save_team(edited) == "payments-sre"
    assert store.team_yaml("payments-sre") == edited
    assert store.team_names() == ["payments-sre"]  # one team row, drafted and published


def test_an_invalid_team_file_stores_nothing(store):
    with pytest.raises(TeamFileError):
        store.save_team(TEAM_YAML.replace("timezone: Europe/Berlin", "timezone: Mars/Base"))
    assert store.team_names() == []


def test_the_newest_solve_comes_back_with_its_report(store, team):
    report = SolveReport("optimal", 1.5, 0.2, 3.0, 3.0, 0,
                         [FairnessLine("shifts", "shifts", 4.0, 4.0, 6.0)],
                         {"alice": {"shifts": 4.0}})
    store.save_schedule("payments-sre", TEAM_YAML, schedule_csv(round_robin(team)), None)
    store.save_schedule("payments-sre", TEAM_YAML, schedule_csv(round_robin(team, 1)), report)
    solved = store.latest_schedule("payments-sre")
    assert solved is not None
    assert solved.schedule_csv == schedule_csv(round_robin(team, 1))
    assert solved.report == report
    assert solved.solved_at.tzinfo is not None
    assert store.latest_schedule("other-team") is None


def test_an_unreadable_schedule_is_never_stored(store):
    with pytest.raises(Exception, match="schedule"):
        store.save_schedule("payments-sre", TEAM_YAML, "start,end\n", None)
    assert store.latest_schedule("payments-sre") is None


def test_reimporting_an_overlapping_file_counts_each_incident_once(store):
    first = _import(store, "a,2027-03-26T10:00:00+01:00,alice\n"
                           "b,2027-03-26T11:00:00+01:00,bob\n")
    assert (first["added"], first["already_stored"]) == (2, 0)
    second = _import(store, "b,2027-03-26T11:00:00+01:00,bob\n"
                            "c,2027-03-26T12:00:00+01:00,chen\n", "later.csv")
    assert (second["added"], second["already_stored"]) == (1, 1)
    frame = store.incidents("payments-sre")
    assert list(frame["id"]) == ["a", "b", "c"]
    assert str(frame["created"].dt.tz) == "UTC"
    assert store.incident_count("payments-sre") == 3
    assert list(store.imports("payments-sre")["added"]) == [2, 1]


def test_an_earlier_copy_of_a_stored_incident_replaces_it(store):
    _import(store, "a,2027-03-26T10:00:00+01:00,alice\n")
    again = _import(store, "a,2027-03-26T09:00:00+01:00,bob\n")
    assert again["already_stored"] == 1
    frame = store.incidents("payments-sre")
    assert len(frame) == 1
    assert frame["acknowledged_by"].iloc[0] == "bob"
    assert frame["created"].iloc[0].hour == 8  # 09:00 CET is 08:00 UTC


def test_rejected_rows_are_kept_with_their_import(store):
    counts = _import(store, "a,2027-03-26T10:00:00+01:00,alice\nb,not-a-time,bob\n")
    assert store.rejected_csv(counts["import_id"]).splitlines()[0] == "line,reason"
    assert "3," in store.rejected_csv(counts["import_id"])


def test_a_store_from_the_old_two_schema_layout_is_refused(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE app_team_drafts (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="older Rota"):
        Store(f"sqlite:///{path}")


def test_a_database_failure_is_one_store_error_line(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/rota.db")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE incidents")
    with pytest.raises(StoreError, match=r"^ROTA_DB sqlite:///.*incidents"):
        store.incident_count("payments-sre")
