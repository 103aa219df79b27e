"""Readers of vendor exports: who an incident counts for, zones, webhooks, and the errors a
file that matches no format gets (contract section 4, issue 10)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis import PagesFileError, analyze, analyze_pages, read_pages
from analysis.outputs import summary_text
from scheduler.errors import TeamFileError
from scheduler.teamfile.parse import parse_team
from tests.harness.pages import TEAM_YAML


def rest(**fields) -> dict:
    base = {"id": "Q1", "incident_number": 1, "created_at": "2027-01-05T02:00:00Z",
            "status": "resolved", "urgency": "high", "acknowledgements": [], "assignments": []}
    return {**base, **fields}


def user(name: str, ident: str = "PXPGF42") -> dict:
    return {"id": ident, "type": "user_reference", "summary": name}


def read(doc, team) -> pd.DataFrame:
    return read_pages(json.dumps(doc).encode(), team.timezone)


def test_resolved_rest_incident_counts_for_resolver_then_last_status_changer(team):
    pages = read({"incidents": [
        rest(id="A", resolved_by=user("Bob Schmidt"), last_status_change_by=user("Alice Wagner")),
        rest(id="B", last_status_change_by=user("Alice Wagner")),
        # An incident that resolved itself: the service is nobody.
        rest(id="C", last_status_change_by={"id": "PIJ90N7", "type": "service_reference",
                                            "summary": "My Mail Service"}),
    ]}, team)
    assert pages.incidents["resolved_by"].tolist()[:2] == ["Bob Schmidt", "Alice Wagner"]
    assert pd.isna(pages.incidents["resolved_by"].tolist()[2])


def test_people_order_is_acknowledger_assignee_resolver_last_status_change(team):
    header = "incident_number,created_at,id,acknowledgements,assignments,resolved_by,last_status_change_by\n"
    ack = '"[{""at"": ""2027-01-05T02:01:00Z"", ""acknowledger"": {""summary"": ""Alice Wagner""}}]"'
    assign = '"[{""at"": ""2027-01-05T02:00:00Z"", ""assignee"": {""summary"": ""Bob Schmidt""}}]"'
    change = '"{\'type\': \'user_reference\', \'summary\': \'Alice Wagner\'}"'
    resolver = '"{""type"": ""user_reference"", ""summary"": ""Bob Schmidt""}"'
    rows = [f"1,2027-01-05T02:00:00Z,A,{ack},{assign},{resolver},{change}",
            f"2,2027-01-05T02:10:00Z,B,[],{assign},{resolver},{change}",
            f"3,2027-01-05T02:20:00Z,C,[],[],{resolver},{change}",
            f"4,2027-01-05T02:30:00Z,D,[],[],,{change}",
            "5,2027-01-05T02:40:00Z,E,[],[],,"]
    result = analyze((header + "\n".join(rows) + "\n").encode(), team)
    assert result.format == "pagerduty-rest-csv"
    assert dict(zip(result.incidents["id"], result.incidents["person"].astype(str),
                    strict=True)) == {"A": "alice", "B": "bob", "C": "bob", "D": "alice"}
    assert result.rejected["line"].tolist() == [6]


def test_analytics_with_an_unknown_time_zone_is_one_line_error(team):
    with pytest.raises(PagesFileError, match="time_zone: unknown time zone 'Mars/Olympus'"):
        read({"data": [{"id": "A", "created_at": "2027-01-05T02:00:00",
                        "acknowledged_user_names": ["Bob"]}], "time_zone": "Mars/Olympus"},
             team)


def test_analytics_without_a_zone_reads_naive_times_in_the_team_zone(team):
    pages = read({"data": [{"id": "A", "created_at": "2027-01-05T03:00:00",
                            "assigned_user_names": ["Bob"], "incident_number": 1}]}, team)
    assert pages.incidents["created"].tolist() == [pd.Timestamp("2027-01-05T02:00:00Z")]


def test_webhook_events_of_one_alert_group_merge_into_one_incident(team):
    group = {"id": "IG1", "created_at": "2027-01-05T02:00:00Z", "acknowledged_at": None}
    firing = {"event": {"type": "alert group created"}, "alert_group": group,
              "alert_group_id": "IG1", "alert_group_acknowledged_by": None,
              "notified_users": [{"id": "U1", "username": "bob", "email": "bob@example.com"}]}
    acked = {"event": {"type": "acknowledge"}, "alert_group_id": "IG1",
             "user": {"id": "U9", "username": "alice", "email": "alice@example.com"},
             "alert_group": {**group, "acknowledged_at": "2027-01-05T02:05:00Z"}}
    lines = "\n".join(json.dumps(p) for p in (firing, acked)) + "\n"  # JSON Lines, as logged
    pages = read_pages(lines.encode(), team.timezone)
    assert pages.format == "grafana-oncall-webhook"
    assert (len(pages.incidents), pages.duplicates) == (1, 0)
    row = pages.incidents.iloc[0]
    assert (row["acknowledged_by"], row["assigned_to"], row["ack_seconds"]) == ("alice", "bob",
                                                                                 300.0)


def test_single_opsgenie_alert_response(team):
    pages = read({"data": {"id": "A1", "tinyId": "7", "createdAt": "2027-01-05T02:00:00Z",
                           "owner": "bob@example.com", "count": 3}, "took": 0.1}, team)
    assert pages.format == "opsgenie-json"
    assert pages.incidents["assigned_to"].tolist() == ["bob@example.com"]


@pytest.mark.parametrize(("data", "message"), [
    # A PagerDuty web CSV without its people column: named, with the format in good grammar.
    (b"Incident Number,Title,Status,Urgency,Created At\n1,x,resolved,high,2027-01-05\n",
     "missing column 'Assigned To' for the PagerDuty web incidents CSV, the closest known "
     "export"),
    (b"createdAt,message\n2027-01-05,x\n",
     "missing columns 'acknowledgedBy' and 'owner' for the Opsgenie alert export, the closest "
     "known export"),
    (b"when,who\n1,2\n", "unknown header: it matches none of the known exports"),
    # PagerDuty log entries look like incidents but have no created_at of their own.
    (json.dumps({"log_entries": [{"type": "acknowledge_log_entry", "urgency": "high",
                                  "incident_number": 1}]}).encode(),
     "missing key 'created_at' for the PagerDuty REST API incidents JSON, the closest known "
     "export"),
    (b'[{"name": "x"}]', "unknown JSON: its items match none of the known exports"),
])
def test_a_file_of_no_known_format_is_told_the_closest_one(team, data, message):
    with pytest.raises(PagesFileError) as info:
        read_pages(data, team.timezone)
    assert message in str(info.value)
    assert " a O" not in str(info.value) and "\n" not in str(info.value)


def test_member_aliases_match_tool_ids_ignoring_case(team):
    aliased = parse_team(TEAM_YAML.replace(
        "{id: alice, name: Alice Wagner, email: alice@example.com}",
        "{id: alice, name: Alice Wagner, aliases: {grafana: UCGEIXI1MR1NZ, pagerduty: [PA, PB]}}"),
        "tiny.yaml")
    pages = read({"results": [
        {"id": "I1", "created_at": "2027-01-05T02:00:00Z", "alerts_count": 1,
         "acknowledged_by": "ucgeixi1mr1nz", "resolved_by": None},
        {"id": "I2", "created_at": "2027-01-05T03:00:00Z", "alerts_count": 1,
         "acknowledged_by": "PB", "resolved_by": None}]}, aliased)
    result = analyze_pages(pages.incidents, aliased)
    assert result.people.set_index("person").loc["alice", "incidents"] == 2


@pytest.mark.parametrize(("aliases", "message"), [
    ("{pagerduty: }", "members[0].aliases.pagerduty: must be a non-empty text"),
    ("[PXPGF42]", "members[0].aliases: Input should be a valid dictionary"),
])
def test_bad_aliases_are_rejected_naming_the_key(aliases, message):
    text = TEAM_YAML.replace("email: alice@example.com}", f"aliases: {aliases}}}")
    with pytest.raises(TeamFileError, match=re.escape(message)):
        parse_team(text, "tiny.yaml")


def test_unknown_member_keys_are_still_rejected():
    with pytest.raises(TeamFileError, match="unknown key 'alias'"):
        parse_team(TEAM_YAML.replace("email: alice@example.com}", "alias: {x: y}}"), "t.yaml")


def test_rates_are_worded_as_rates_and_a_short_history_says_so(team):
    data = (b"id,created_at,responder\n"
            b"a,2027-01-05T03:00:00+01:00,alice\n"  # a sleep-hour incident
            b"b,2027-01-06T10:00:00+01:00,bob\n")  # a day and 7 hours later
    result = analyze(data, team)
    reasons = result.people.set_index("person").loc["alice", "reasons"]
    assert "about 4 sleep-hour incidents a month at this pace, from 1 in 1 day" in reasons
    assert result.summary["history_note"] == (
        "the history spans only 1 day, less than a week: rates are taken over a full week "
        "and are rough")
    assert "note: the history spans only 1 day" in summary_text(result)


def test_a_week_of_history_has_no_note(team):
    data = (b"id,created_at,responder\n"
            b"a,2027-01-04T10:00:00+01:00,alice\nb,2027-01-11T10:00:00+01:00,bob\n")
    assert analyze(data, team).summary["history_note"] is None


def test_analyze_pages_takes_a_stored_frame(team):
    stored = pd.DataFrame({
        "line": [2, 3, 4], "id": ["a", "b", "a"],
        "created": pd.to_datetime(["2027-01-05T09:00:00Z", "2027-01-05T10:00:00Z",
                                   "2027-01-05T11:00:00Z"], utc=True),
        "acknowledged_by": ["Alice Wagner", None, "Bob Schmidt"],
        "assigned_to": [None, "bob@example.com", None],
        "urgency": ["high", None, "low"], "ack_seconds": [60.0, None, None],
        "resolve_seconds": [None, None, None], "import_id": [1, 1, 2]})
    result = analyze_pages(stored, team)
    assert result.summary["duplicates"] == 1
    assert dict(zip(result.incidents["id"], result.incidents["person"].astype(str),
                    strict=True)) == {"a": "alice", "b": "bob"}
    assert result.incidents["import_id"].tolist() == [1, 1]
