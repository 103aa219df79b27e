"""Corpus: one file per format in tests/analysis/real/, shaped like the vendors' published
examples (sources in tests/analysis/real/README.md), analysed end to end for the corpus team."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import analyze
from scheduler.teamfile.parse import load_team

REAL = Path(__file__).parent / "real"
NO_RESPONDER = "no responder (no acknowledger, assignee or resolver)"

# file -> (format, {person: incidents}, duplicates, rejected rows, first incident in UTC)
EXPECTED = {
    "pagerduty-rest-incidents.json": (
        "pagerduty-json", {"earline": 1}, 0, [], "2015-10-06T21:30:42"),
    "pagerduty-analytics-raw-incidents.json": (
        "pagerduty-analytics", {"john": 1, "sally": 1}, 0, [], "2023-05-31T10:00:00"),
    "pagerduty-web-incidents.csv": (
        "pagerduty-web", {"alice": 1, "bob": 2}, 0,
        [(5, "bad timestamp in Created At: 'yesterday'")], "2027-01-05T02:12:44"),
    "pagerduty-rest-dump.csv": (
        "pagerduty-rest-csv", {"earline": 2}, 0, [(4, NO_RESPONDER)], "2015-10-06T21:30:42"),
    "pagerduty-report.csv": (
        "pagerduty", {"alice": 1, "bob": 1}, 1, [(6, "missing created_on")],
        "2027-01-05T02:12:44"),
    "opsgenie-alerts-api.json": (
        "opsgenie-json", {"smith": 1}, 1, [], "2017-03-21T20:32:52.353"),
    "opsgenie-export.csv": (
        "opsgenie", {"alice": 1, "bob": 1}, 0, [], "2027-01-05T02:12:44.353"),
    "grafana-oncall-alert-groups.json": (
        "grafana-oncall", {"oncall-lead": 1}, 0, [], "2020-05-19T12:37:01.430444"),
    "grafana-oncall-alert-group.json": (
        "grafana-oncall", {"oncall-lead": 1}, 0, [], "2020-05-19T12:37:01.430444"),
    "grafana-oncall-webhook.json": (
        "grafana-oncall-webhook", {"gadmin": 1}, 0, [], "2023-04-19T21:53:48.231148"),
    "splunk-oncall-incidents.json": (
        "splunk-oncall", {"roman": 2}, 0, [], "2021-11-02T16:22:04"),
    "splunk-oncall-reporting-v2.json": (
        "splunk-oncall", {}, 0, [(1, NO_RESPONDER)], "NaT"),
    "generic.csv": ("generic", {"bob": 1, "carol": 1}, 0, [(4, NO_RESPONDER)],
                    "2027-01-05T09:00:00"),
}


@pytest.fixture(scope="module")
def team():
    return load_team(REAL / "team.yaml")


def test_every_corpus_file_has_an_expectation():
    files = {p.name for p in REAL.iterdir() if p.suffix in (".csv", ".json")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_as_expected(team, name):
    fmt, counts, duplicates, rejected, first = EXPECTED[name]
    result = analyze(REAL / name, team)
    assert result.format == fmt
    people = result.people.set_index("person")["incidents"]
    assert people[people > 0].to_dict() == counts
    assert result.summary["duplicates"] == duplicates
    assert list(result.rejected[["line", "reason"]].itertuples(index=False, name=None)) == rejected
    assert str(result.incidents["created"].min()) == str(pd.Timestamp(first, tz="UTC"))


def test_resolved_rest_incident_counts_for_the_last_status_changer_by_pagerduty_id(team):
    # assignments and acknowledgements are empty once resolved; PXPGF42 is earline's alias.
    result = analyze(REAL / "pagerduty-rest-incidents.json", team)
    assert result.incidents["resolve_seconds"].tolist() == [461.0]  # 21:30:42 -> 21:38:23


def test_analytics_times_are_read_in_the_files_own_zone(team):
    # created_at has no offset and time_zone is Etc/UTC; the team zone (Berlin) would be 2 h off.
    result = analyze(REAL / "pagerduty-analytics-raw-incidents.json", team)
    assert sorted(result.incidents["ack_seconds"]) == [5.0, 48.0]


def test_opsgenie_api_times_are_milliseconds_and_the_earliest_copy_wins(team):
    result = analyze(REAL / "opsgenie-alerts-api.json", team)
    assert result.incidents["ack_seconds"].tolist() == [15.702]
    assert result.incidents["resolve_seconds"].tolist() == [60.503]
