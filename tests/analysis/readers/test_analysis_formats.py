"""Import: one test per format and its quirks (contract section 4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from analysis import PagesFileError
from analysis.readers.pages import read_pages
from tests.harness.pages import pd_csv


def utc(*args: int) -> pd.Timestamp:
    return pd.Timestamp(datetime(*args, tzinfo=UTC))


def test_pagerduty_multiline_descriptions_keep_physical_lines(team):
    data = pd_csv(
        'P1,1,"disk full,\nsecond line",2027-01-05T03:12:44+01:00,"Alice Wagner, Bob",Bob,high,60',
        "",
        "P2,2,plain,not a time,Alice Wagner,,low,",
        'P3,3,"x\n\ny",2027-01-05T04:00:00+01:00,,bob@example.com,high,',
    )
    pages = read_pages(data, team.timezone)
    assert pages.format == "pagerduty"
    assert pages.incidents["line"].tolist() == [2, 6]
    assert pages.incidents["acknowledged_by"].tolist()[0] == "Alice Wagner"
    assert pages.rejected.to_dict("records") == [
        {"line": 5, "reason": "bad timestamp in created_on: 'not a time'"}]
    assert pages.incidents["ack_seconds"].tolist()[0] == 60


def test_duplicates_count_once_at_earliest_readable_copy(team):
    data = pd_csv(
        "P1,1,late copy,2027-01-05T10:00:00+01:00,Bob,,high,",
        "P1,1,early copy,2027-01-05T09:30:00+01:00,Alice Wagner,,high,",
        "P1,1,bad copy,garbage,Bob,,high,",
    )
    pages = read_pages(data, team.timezone)
    assert pages.duplicates == 1
    assert len(pages.incidents) == 1
    assert pages.incidents.loc[0, "acknowledged_by"] == "Alice Wagner"
    assert pages.incidents.loc[0, "created"] == utc(2027, 1, 5, 8, 30)
    assert pages.rejected["line"].tolist() == [4]


def test_mixed_offsets_and_no_offset_in_team_zone(team):
    data = pd_csv(
        "A,1,x,2027-01-05T03:00:00+01:00,Bob,,high,",
        "B,2,x,2027-01-05 02:00:00Z,Bob,,high,",
        "C,3,x,2027-01-05T03:00:00,Bob,,high,",
        "D,4,x,2026-03-29 02:30:00,Bob,,high,",  # in the spring-forward gap: 03:00 CEST
    )
    created = read_pages(data, team.timezone).incidents.set_index("id")["created"]
    assert created["A"] == created["B"] == created["C"] == utc(2027, 1, 5, 2)
    assert created["D"] == utc(2026, 3, 29, 1)


def test_opsgenie_export_with_millisecond_utc_and_count_ignored(team):
    data = (b"TinyId,Message,Created At,Count,Owner,Acknowledged By,Priority\n"
            b"7,db down,2027-01-05T02:12:44.353Z,40,bob@example.com,,P1\n"
            b"8,db down,2027-01-05T02:20:00.000Z,1,,ALICE,P3\n")
    pages = read_pages(data, team.timezone)
    assert pages.format == "opsgenie"
    assert len(pages.incidents) == 2
    assert pages.incidents["urgency"].tolist() == ["p1", "p3"]
    assert pages.incidents["created"].tolist()[0] == pd.Timestamp("2027-01-05 02:12:44.353Z")


def test_generic_with_semicolon_lists_and_empty_first_entry(team):
    data = b"id,created_at,responder,severity\n1,2027-01-05T10:00:00+01:00, ;Bob Schmidt; Alice,SEV1\n"
    pages = read_pages(data, team.timezone)
    assert pages.format == "generic"
    assert pages.incidents["acknowledged_by"].tolist() == ["Bob Schmidt"]


def test_pagerduty_rest_json_uses_log_entries_when_lists_are_empty(team):
    doc = {"incidents": [
        {"id": "Q1", "incident_number": 1, "created_at": "2027-01-05T02:00:00Z", "urgency": "high",
         "acknowledgements": [{"at": "2027-01-05T02:03:00Z",
                               "acknowledger": {"summary": "Alice Wagner"}}],
         "assignments": []},
        {"id": "Q2", "created_at": "2027-01-05T03:00:00Z", "urgency": "low",
         "acknowledgements": [], "assignments": [],
         "log_entries": [{"type": "assign_log_entry", "assignees": [{"summary": "Bob"}]}]},
    ]}
    pages = read_pages(json.dumps(doc).encode(), team.timezone)
    assert pages.format == "pagerduty-json"
    assert pages.incidents["acknowledged_by"].tolist()[0] == "Alice Wagner"
    assert pages.incidents["ack_seconds"].tolist()[0] == 180
    assert pages.incidents["assigned_to"].tolist()[1] == "Bob"


def test_grafana_oncall_alert_groups(team):
    doc = {"count": 1, "results": [
        {"id": "I1", "created_at": "2027-01-05T02:00:00Z", "alerts_count": 3,
         "acknowledged_by": None, "resolved_by": "U123", "resolved_at": "2027-01-05T03:00:00Z"}]}
    pages = read_pages(json.dumps(doc).encode(), team.timezone)
    assert pages.format == "grafana-oncall"
    assert pages.incidents["resolved_by"].tolist() == ["U123"]
    assert pages.incidents["resolve_seconds"].tolist() == [3600]


def test_header_only_file_has_no_incidents(team):
    pages = read_pages(pd_csv(), team.timezone)
    assert pages.incidents.empty and pages.rejected.empty


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty file"),
    (b"when,who\n1,2\n", "unknown header"),
    (b"id,created_on,assigned_to_user_names\n", "missing column 'acknowledged_by_user_names'"),
    (b"createdAt,owner\n", "missing column 'acknowledgedBy'"),
    (b"{not json", "unreadable JSON"),
])
def test_bad_files_raise_one_line_errors(team, data, message):
    with pytest.raises(PagesFileError, match=message) as info:
        read_pages(data, team.timezone)
    assert "\n" not in str(info.value)


def test_rows_with_too_many_cells_are_rejected_with_their_line(team):
    data = pd_csv("A,1,x,2027-01-05T03:00:00+01:00,Bob,,high,", "B,2,y,2027-01-05T04:00:00+01:00,Bob,,high,,extra")
    pages = read_pages(data, team.timezone)
    assert len(pages.incidents) == 1
    assert pages.rejected.to_dict("records") == [{"line": 3, "reason": "expected 8 columns, got 9"}]


def test_short_rows_leave_trailing_cells_empty(team):
    # Spreadsheets drop trailing empty cells; the row still has every required value.
    data = pd_csv("A,1,x,2027-01-05T03:00:00+01:00,Bob,,high,", "B,2,y,2027-01-05T04:00:00+01:00,Bob",
                  "C,3,z")
    pages = read_pages(data, team.timezone)
    assert list(pages.incidents["id"]) == ["A", "B"]
    assert list(pages.incidents["urgency"].astype(str)) == ["high", "unspecified"]
    assert pages.rejected.to_dict("records") == [{"line": 4, "reason": "missing created_on"}]
