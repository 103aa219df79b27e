"""Contract section 1: every documented key is accepted; anything else is a one-line error."""

from datetime import date, time
from pathlib import Path

import pytest

from scheduler.errors import TeamFileError
from scheduler.teamfile.parse import load_team, parse_team

CONTRACT_EXAMPLE = """\
team: payments-sre
timezone: Europe/Berlin
start: 2027-01-04
end: 2027-04-05
roles: [primary, secondary]
holidays: [2027-01-01, 2027-04-02]
shifts:
  - {name: day,   start: "09:00", end: "21:00"}
  - {name: night, start: "21:00", end: "09:00"}
rules:
  min_rest_hours: 12
  max_shifts_per_week: 4
  max_incidents_per_shift: 2
members:
  - id: alice
    name: Alice Example
    email: alice@example.com
    timezone: Europe/Berlin
    site: emea
    roles: [primary, secondary]
    weight: 1.0
    time_off:
      - {start: 2027-02-01, end: 2027-02-07}
"""


def with_site(text: str) -> str:
    # The example's member names site emea, so a shift must name it too.
    return text.replace('end: "09:00"}', 'end: "09:00", site: emea}').replace(
        'end: "21:00"}', 'end: "21:00", site: emea}')


def error(text: str) -> str:
    with pytest.raises(TeamFileError) as info:
        parse_team(text, "team.yaml")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_contract_example_is_accepted():
    team = parse_team(with_site(CONTRACT_EXAMPLE), "team.yaml")
    assert team.name == "payments-sre"
    assert [s.name for s in team.shifts] == ["day", "night"]
    assert team.rules.min_rest_hours == 12 and team.rules.max_shifts_per_week == 4
    alice = team.member("alice")
    assert alice.time_off[0].start == date(2027, 2, 1)
    assert team.holidays == {date(2027, 1, 1), date(2027, 4, 2)}


def test_defaults():
    team = parse_team("team: t\ntimezone: UTC\nstart: 2027-01-04\nend: 2027-01-05\n"
                      "shifts: [{name: all, start: '00:00', end: '00:00'}]\nmembers: [{id: a}]\n")
    assert team.roles == ("primary", "secondary")
    assert team.rules.min_rest_hours == 0 and team.rules.max_shifts_per_week is None
    assert team.rules.max_incidents_per_shift == 2
    assert team.members[0].weight == 1.0 and team.members[0].timezone.key == "UTC"


def test_unquoted_times_arrive_as_sexagesimal_and_still_mean_the_clock():
    text = CONTRACT_EXAMPLE.replace('"09:00"', "09:00").replace('"21:00"', "21:00")
    team = parse_team(with_site(text))
    assert team.shifts[1].start.clock == time(21, 0)


def test_unknown_key_is_named_with_its_line():
    text = with_site(CONTRACT_EXAMPLE).replace("    weight: 1.0", "    wieght: 1.0")
    assert error(text) == "team.yaml:21: members[0].wieght: unknown key 'wieght'"


def test_unknown_time_zone_names_key_and_line():
    text = with_site(CONTRACT_EXAMPLE).replace("    timezone: Europe/Berlin", "    timezone: Europe/Berln")
    assert error(text) == "team.yaml:18: members[0].timezone: unknown time zone 'Europe/Berln'"


def test_duplicate_member_ids():
    text = with_site(CONTRACT_EXAMPLE) + "  - {id: alice, site: emea}\n"
    assert "duplicate member id 'alice'" in error(text)


@pytest.mark.parametrize("shifts, words", [
    ('[{name: a, start: "09:00", end: "20:00"}, {name: b, start: "21:00", end: "09:00"}]',
     "gap 20:00-21:00"),
    ('[{name: a, start: "09:00", end: "22:00"}, {name: b, start: "21:00", end: "09:00"}]',
     "overlap at 21:00"),
    ('[{name: w, start: "Mon 10:00", end: "Sun 10:00"}]', "gap Sun 10:00-Mon 10:00"),
])
def test_templates_must_tile(shifts, words):
    text = f"team: t\ntimezone: UTC\nstart: 2027-01-04\nend: 2027-01-05\nshifts: {shifts}\nmembers: [{{id: a}}]\n"
    message = error(text)
    assert words in message and "shifts" in message


def test_member_site_must_be_named_by_a_shift():
    text = with_site(CONTRACT_EXAMPLE).replace("    site: emea", "    site: apac")
    assert "members[0].site: no shift names site 'apac' (sites: emea)" in error(text)


def test_contract_example_verbatim_is_accepted_site_is_a_label_without_site_shifts():
    team = parse_team(CONTRACT_EXAMPLE)
    assert team.member("alice").site == "emea"


def test_time_off_end_before_start():
    text = with_site(CONTRACT_EXAMPLE).replace("end: 2027-02-07}", "end: 2027-01-07}")
    assert "members[0].time_off[0].end: end 2027-01-07 is before start 2027-02-01" in error(text)


def test_holiday_country_code_with_subdivision():
    text = with_site(CONTRACT_EXAMPLE).replace("holidays: [2027-01-01, 2027-04-02]", "holidays: DE-BY")
    team = parse_team(text)
    assert date(2027, 1, 6) in team.holidays  # Epiphany is a holiday in Bavaria only
    assert "unknown holiday" in error(text.replace("DE-BY", "XX"))


def test_extensions_unavailability_preferences_join_leave():
    text = with_site(CONTRACT_EXAMPLE) + (
        "    unavailable: [{start: '00:00', end: '06:00'}, {days: [Sat]}]\n"
        "    prefer_days: [Mon]\n    avoid_days: [Fri]\n    joins: 2027-01-11\n    leaves: 2027-03-01\n"
    )
    alice = parse_team(text).member("alice")
    assert alice.unavailable[0].start == time(0) and alice.unavailable[1].days == {5}
    assert alice.prefer_days == {0} and alice.avoid_days == {4}
    assert alice.joins == date(2027, 1, 11)


@pytest.mark.parametrize("text, key", [
    ("", ""),
    ("team: [unclosed\n", ""),
    ("team: t\n", "timezone"),
])
def test_malformed_files_are_one_line_errors(text, key):
    assert key in error(text)


def test_missing_file(tmp_path: Path):
    with pytest.raises(TeamFileError, match="cannot read file"):
        load_team(tmp_path / "nope.yaml")


def test_demo_teams_load():
    for name in ("team", "weekly", "follow-the-sun"):
        assert load_team(f"data/demo/{name}.yaml").members
