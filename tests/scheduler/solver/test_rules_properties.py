"""Property (contract section 10): for random small teams with skills, a trainee, busy time
elsewhere and time off, every path writes a schedule that the rulebook's independent check
(`scheduler.solver.rules.violations`) finds nothing wrong with: solve, replan after random
changes, each cover candidate applied, and an override (rest and the weekly cap may only be
broken by an override that warned about them). Small and bounded: a few examples, pinned
solver limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scheduler.domain import SHADOW, Team, TimeOff
from scheduler.errors import HardRuleError, InfeasibleError
from scheduler.living.cover import cover
from scheduler.living.overrides import Override, apply_override
from scheduler.replan.plan import replan
from scheduler.solver.rules import WARN_ONLY_FOR_OVERRIDES, broken_by_change, violations
from scheduler.solver.solve import solve
from scheduler.teamfile.busy import BusyRow, with_busy
from tests.harness.teams import make_team

BERLIN = ZoneInfo("Europe/Berlin")
START = date(2027, 1, 4)
FROM = datetime(2027, 1, 6, tzinfo=BERLIN)
PLAN = {"start": "2027-01-04", "end": "2027-01-09"}  # 5 days, 10 day/night shifts
LIMITS = {"time_limit": 2, "seed": 1}
SKILLS = ("failover", "rollback")


@st.composite
def teams(draw) -> Team:
    n = draw(st.integers(5, 7))
    members: list[dict] = []
    for i in range(n):
        member: dict = {"id": f"m{i}",
                        "skills": draw(st.lists(st.sampled_from(SKILLS), unique=True))}
        if draw(st.booleans()):
            day = START + timedelta(days=draw(st.integers(0, 4)))
            member["time_off"] = [{"start": day.isoformat(), "end": day.isoformat()}]
        members.append(member)
    # Each skill has a holder with both and one more; the rest is chance.
    members[0]["skills"] = list(SKILLS)
    for i, skill in enumerate(SKILLS, start=1):
        members[i]["skills"] = sorted({*members[i]["skills"], skill})
    if draw(st.booleans()):
        members.append({"id": "tina", "shadow_shifts": draw(st.integers(1, 2)),
                        "roles": ["secondary"]})
    rules = {"required_skills": list(SKILLS), "min_rest_hours": draw(st.sampled_from([0, 12])),
             "max_shifts_per_week": draw(st.sampled_from([4, 5, None]))}
    team = make_team(members, rules={k: v for k, v in rules.items() if v is not None}, **PLAN)
    hour = draw(st.integers(0, 24 * 5 - 2))
    busy_at = datetime(2027, 1, 4, tzinfo=BERLIN) + timedelta(hours=hour)
    who = f"m{draw(st.integers(0, n - 1))}"
    return with_busy(team, [BusyRow(who, busy_at, busy_at + timedelta(hours=2), "other.csv:2")])


def with_time_off(team: Team, who: str, day: date) -> Team:
    member = team.member(who)
    member = replace(member, time_off=(*member.time_off, TimeOff(day, day)))
    return replace(team, members=tuple(member if m.id == who else m for m in team.members))


@settings(max_examples=7, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(teams(), st.integers(0, 4), st.integers(2, 4), st.integers(0, 200))
def test_every_path_keeps_every_hard_rule(team, who, away_day, pick):
    try:
        schedule = solve(team, **LIMITS)
    except InfeasibleError as err:
        event("infeasible team")
        assert str(err)  # an infeasible team is explained, never silently wrong
        return
    assert violations(schedule) == []

    # replan after a change: someone is away on a day after --from
    changed = with_time_off(team, team.members[who].id, START + timedelta(days=away_day))
    try:
        result = replan(changed, schedule, replan_from=FROM, **LIMITS)
        assert violations(result.schedule) == []
        event("re-planned")
    except InfeasibleError as err:
        event("re-plan infeasible")
        assert str(err)

    # each cover candidate applied
    rows = [a for a in schedule.assignments if a.role != SHADOW]
    row = rows[pick % len(rows)]
    assert row.person is not None
    for got, candidates in cover(schedule, row.person, row.start, row.end):
        for c in candidates:
            taken = apply_override(schedule, Override(got.role, c.candidate, got.start, got.end))
            assert taken.warnings == []
            assert violations(taken.schedule) == []

    # an override of a random row by a random member: refused, or keeps every rule it did not
    # warn about
    member = team.members[pick % len(team.members)].id
    try:
        done = apply_override(schedule, Override(row.role, member, row.start, row.end))
    except HardRuleError:
        event("override refused")
        return
    assert broken_by_change(schedule, done.schedule, skip=WARN_ONLY_FOR_OVERRIDES) == []
    if not done.warnings:
        assert violations(done.schedule) == []
