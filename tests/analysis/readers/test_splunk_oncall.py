"""Splunk On-Call (formerly VictorOps) reporting API incidents (contract section 4): created at
`startTime`; the responder is the `by` of the first acknowledged transition, else the first of
`pagedUsers`; phases in either spelling; the envelope or a bare list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import analyze, read_pages
from scheduler.teamfile.parse import load_team

REAL = Path(__file__).parents[1] / "real"
FILES = ("splunk-oncall-incidents.json", "splunk-oncall-reporting-v2.json")


@pytest.fixture(scope="module")
def team():
    return load_team(REAL / "team.yaml")


def incident(number: str, start: str, paged: list[str], *transitions: dict) -> dict:
    return {"incidentNumber": number, "startTime": start, "currentPhase": "RESOLVED",
            "pagedUsers": paged, "pagedTeams": ["team-x"], "pagedPolicies": [],
            "routingKey": "default", "service": "db", "transitions": list(transitions)}


def to(name: str, at: str, by: str | None = None) -> dict:
    return {"name": name, "at": at, **({"by": by} if by else {})}


@pytest.mark.parametrize("name", FILES)
def test_every_record_of_the_real_payloads_is_counted_or_rejected_with_a_reason(team, name):
    document = json.loads((REAL / name).read_text())
    items = document["incidents"] if isinstance(document, dict) else document
    pages = read_pages(REAL / name, team.timezone)
    assert pages.format == "splunk-oncall"
    assert pages.rows == len(items)
    result = analyze(REAL / name, team)
    assert len(result.incidents) + len(result.rejected) + result.summary["duplicates"] == len(items)
    assert all(result.rejected["reason"].str.len() > 0)


def test_the_acknowledger_counts_even_when_someone_else_was_paged_first(team):
    items = [incident("7", "2027-01-05T10:00:00Z", ["alice.w"],
                      to("triggered", "2027-01-05T10:00:00Z"),
                      to("ACKED", "2027-01-05T10:04:00Z", "bob.s"),
                      to("RESOLVED", "2027-01-05T10:30:00Z", "bob.s"))]
    result = analyze(json.dumps(items).encode(), team)
    assert result.incidents["person"].tolist() == ["bob.s"]  # no member: counted as written
    counted = result.incidents.iloc[0]
    assert counted["acknowledged_by"] == "bob.s"
    assert counted["ack_seconds"] == 240.0
    assert counted["resolve_seconds"] == 1800.0


def test_without_an_acknowledgement_the_first_paged_user_counts(team):
    items = [incident("8", "2027-01-05T10:00:00+01:00", ["roman.kyrnis", "alice"],
                      to("triggered", "2027-01-05T09:00:00Z"),
                      to("resolved", "2027-01-05T09:10:00Z"))]
    result = analyze(json.dumps(items).encode(), team)
    people = result.people.set_index("person")["incidents"]
    assert people[people > 0].to_dict() == {"roman": 1}
    assert result.incidents["created"].iloc[0].isoformat() == "2027-01-05T09:00:00+00:00"


def test_lower_and_upper_case_phases_read_the_same(team):
    lower = incident("9", "2027-01-05T10:00:00Z", [], to("acknowledged", "2027-01-05T10:01:00Z",
                                                         "roman.kyrnis"))
    upper = incident("9", "2027-01-05T10:00:00Z", [], to("ACKED", "2027-01-05T10:01:00Z",
                                                         "roman.kyrnis"))
    for item in (lower, upper):
        result = analyze(json.dumps([item]).encode(), team)
        assert result.incidents["acknowledged_by"].tolist() == ["roman.kyrnis"]
        assert result.incidents["ack_seconds"].tolist() == [60.0]


def test_the_envelope_and_a_bare_list_give_the_same_incidents(team):
    items = [incident(str(n), f"2027-01-05T1{n}:00:00Z", ["roman.kyrnis"]) for n in range(3)]
    envelope = {"offset": 0, "limit": 100, "total": 3, "incidents": items}
    bare = analyze(json.dumps(items).encode(), team).incidents
    wrapped = analyze(json.dumps(envelope).encode(), team).incidents
    assert wrapped[["id", "created", "person"]].equals(bare[["id", "created", "person"]])
    assert bare["id"].tolist() == ["0", "1", "2"]


def test_an_incident_without_start_time_is_rejected_naming_the_key(team):
    items = [incident("1", "2027-01-05T10:00:00Z", ["roman.kyrnis"]),
             {**incident("2", "", ["roman.kyrnis"])}]
    result = analyze(json.dumps(items).encode(), team)
    assert result.rejected[["line", "reason"]].values.tolist() == [[2, "missing startTime"]]
