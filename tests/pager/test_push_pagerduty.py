"""Contract section 11 against a local PagerDuty that checks each request against PagerDuty's
own OpenAPI document: push makes the schedule page the plan, writes only the difference, and
never touches what a person made."""

from __future__ import annotations

from datetime import datetime

import pytest

from scheduler.formats.csvfile import parse_schedule
from scheduler.living.overrides import Override, apply_override
from scheduler.teamfile.parse import parse_team
from service.pager.base import PagerError
from service.pager.pagerduty import PagerDutyClient
from service.pager.push import PushTarget, push
from service.pager.wanted import MissingAliasError, wanted_overrides
from service.store import pushes
from tests.pager.conftest import HOUR, MONDAY_9, PLAN, TEAM, TEAM_YAML, schedule, schedule_csv
from tests.pager.servers.pagerduty_server import TOKEN

WHERE = PushTarget("pagerduty", "PSCHED1", "primary", TEAM.name, "test", TEAM.timezone)
END = MONDAY_9 + 48 * HOUR


def run(fake, store, plan, now: datetime, *, dry_run=False, client=None, sleeps=None):
    fake.now = now
    client = client or PagerDutyClient(TOKEN, fake.url,
                                       sleep=(sleeps if sleeps is not None else []).append)
    wanted = wanted_overrides(plan, "pagerduty", "primary", now, END)
    return push(client, store, WHERE, wanted, now, END, now, dry_run=dry_run)


def paged_users(fake, start: datetime) -> list[str | None]:
    """Who PagerDuty pages at the middle of each 12-hour row from `start` on."""
    count = int((END - start) / (12 * HOUR))
    return [fake.paged("PSCHED1", start + (12 * i + 6) * HOUR) for i in range(count)]


def test_first_push_creates_one_override_per_row_and_pages_the_plan(pagerduty, store):
    outcome = run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    assert outcome.summary() == "created 4, deleted 0, unchanged 0, kept 0 made by others"
    assert paged_users(pagerduty, MONDAY_9) == ["PALICE1", "PBOB002", "PCAROL3", "PALICE1"]
    assert [r.created for r in pushes.last_runs(store, TEAM.name)] == [4]


def test_second_push_writes_nothing_even_once_now_is_inside_a_shift(pagerduty, store):
    run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    writes = pagerduty.writes
    again = run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    later = run(pagerduty, store, schedule(), MONDAY_9 + 15 * HOUR)  # in bob's night shift
    assert pagerduty.writes == writes
    assert again.summary() == "created 0, deleted 0, unchanged 4, kept 0 made by others"
    assert later.summary() == "created 0, deleted 0, unchanged 3, kept 0 made by others"


def test_push_after_an_override_writes_only_that_rows_pieces(pagerduty, store):
    run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    # carol takes 00:00-03:00 of bob's night (Berlin): bob's row splits in three.
    final = apply_override(schedule(), Override("primary", "carol", MONDAY_9 + 15 * HOUR,
                                                MONDAY_9 + 18 * HOUR)).schedule
    outcome = run(pagerduty, store, final, MONDAY_9 - HOUR)
    assert outcome.summary() == "created 3, deleted 1, unchanged 3, kept 0 made by others"
    assert pagerduty.paged("PSCHED1", MONDAY_9 + 16 * HOUR) == "PCAROL3"
    assert pagerduty.paged("PSCHED1", MONDAY_9 + 13 * HOUR) == "PBOB002"
    assert pagerduty.paged("PSCHED1", MONDAY_9 + 20 * HOUR) == "PBOB002"


def test_push_after_a_replan_writes_only_the_changed_rows(pagerduty, store):
    run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    outcome = run(pagerduty, store, schedule("alice", "bob", "bob", "carol"), MONDAY_9 - HOUR)
    assert outcome.summary() == "created 2, deleted 2, unchanged 2, kept 0 made by others"
    assert paged_users(pagerduty, MONDAY_9) == ["PALICE1", "PBOB002", "PBOB002", "PCAROL3"]


def test_an_override_made_by_a_person_survives_and_is_reported(pagerduty, store):
    run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    theirs = pagerduty.add("PSCHED1", MONDAY_9 + 2 * HOUR, MONDAY_9 + 4 * HOUR, "PCAROL3")
    outcome = run(pagerduty, store, schedule("bob", "bob", "carol", "alice"), MONDAY_9 - HOUR)
    assert outcome.summary() == "created 1, deleted 1, unchanged 3, kept 1 made by others"
    assert outcome.lines == [f"kept 2027-01-04 11:00-13:00 PCAROL3 (override {theirs}, made by "
                             "others)"]
    assert theirs in {h.id for h in pagerduty.held("PSCHED1")}


def test_a_429_is_retried_after_the_tools_retry_after(pagerduty, store):
    pagerduty.fail_next("POST", 429, headers={"Retry-After": "7"},
                        body={"error": {"message": "Rate Limit Exceeded", "code": 2020}})
    sleeps: list[float] = []
    outcome = run(pagerduty, store, schedule(), MONDAY_9 - HOUR, sleeps=sleeps)
    assert sleeps == [7.0]
    assert outcome.created == 4


def test_a_5xx_is_retried_a_few_times_then_fails_with_one_line(pagerduty, store):
    for _ in range(4):
        pagerduty.fail_next("GET", 503, body={"error": {"message": "Service Unavailable"}})
    sleeps: list[float] = []
    with pytest.raises(PagerError) as info:
        run(pagerduty, store, schedule(), MONDAY_9 - HOUR, sleeps=sleeps)
    assert len(sleeps) == 3
    assert str(info.value) == ("HTTP 503: Service Unavailable from "
                               "/schedules/PSCHED1/overrides")


def test_a_wrong_token_is_a_401_line_and_nothing_changes(pagerduty, store):
    client = PagerDutyClient("wrong", pagerduty.url)
    with pytest.raises(PagerError) as info:
        run(pagerduty, store, schedule(), MONDAY_9 - HOUR, client=client)
    assert info.value.status == 401
    assert "HTTP 401: Unauthorized" in str(info.value) and "wrong" not in str(info.value)
    assert pagerduty.writes == 0


def test_a_rejected_override_in_a_bulk_answer_names_its_row_and_keeps_the_rest(pagerduty, store):
    pagerduty.users.discard("PCAROL3")  # carol's PagerDuty user is gone
    with pytest.raises(PagerError) as info:
        run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    assert str(info.value) == "HTTP 400: User not found (row 2027-01-05 09:00-21:00 primary carol)"
    assert len(info.value.created) == 3
    assert pushes.last_runs(store, TEAM.name)[0].failure == str(info.value)
    pagerduty.users.add("PCAROL3")
    outcome = run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    assert outcome.summary() == "created 1, deleted 0, unchanged 3, kept 0 made by others"


@pytest.mark.parametrize("answer_lost", [False, True])
def test_a_network_error_halfway_and_the_rerun_finishes_without_duplicates(
        pagerduty, store, answer_lost):
    client = PagerDutyClient(TOKEN, pagerduty.url, batch=2)
    # the first batch of two lands; the second is cut off, before or after PagerDuty acted
    pagerduty.drop_next("POST", after_processing=answer_lost, skip=1)
    with pytest.raises(PagerError, match="network error"):
        run(pagerduty, store, schedule(), MONDAY_9 - HOUR, client=client)
    outcome = run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    assert outcome.created == (0 if answer_lost else 2)
    assert len(pagerduty.held("PSCHED1")) == 4
    assert paged_users(pagerduty, MONDAY_9) == ["PALICE1", "PBOB002", "PCAROL3", "PALICE1"]


def test_a_holder_without_an_alias_is_refused_before_any_request(pagerduty, store):
    team = parse_team(TEAM_YAML.replace("{id: carol, aliases: {pagerduty: PCAROL3}}",
                                        "{id: carol}"), "team.yaml")
    plan = parse_schedule(schedule_csv(*PLAN), team, "schedule.csv")
    with pytest.raises(MissingAliasError) as info:
        wanted_overrides(plan, "pagerduty", "primary", MONDAY_9, END)
    assert str(info.value) == ("team.yaml: member 'carol' holds 2027-01-05 09:00-21:00 primary "
                               "carol but has no aliases.pagerduty: add it to the member in the "
                               "team file")


def test_dry_run_lists_what_would_change_and_changes_nothing(pagerduty, store):
    run(pagerduty, store, schedule(), MONDAY_9 - HOUR)
    writes = pagerduty.writes
    outcome = run(pagerduty, store, schedule("alice", "bob", "bob", "alice"), MONDAY_9 - HOUR,
                  dry_run=True)
    assert pagerduty.writes == writes
    assert outcome.summary() == "created 1, deleted 1, unchanged 3, kept 0 made by others"
    assert outcome.lines[0] == "would create 2027-01-05 09:00-21:00 primary bob (PBOB002)"
    assert outcome.lines[1].startswith("would delete 2027-01-05 09:00-21:00 PCAROL3 (override Q")
