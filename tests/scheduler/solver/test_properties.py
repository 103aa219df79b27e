"""Property: for random small teams, every schedule the solver returns keeps every hard rule
(checked by the independent validator), and fairness never beats its proven bound."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import solve
from scheduler.errors import InfeasibleError
from tests.harness.hard_rules import violations
from tests.harness.teams import make_team

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]


@st.composite
def small_teams(draw):
    n = draw(st.integers(min_value=2, max_value=6))
    roles = draw(st.sampled_from([["primary", "secondary"], ["primary"]]))
    members = []
    for i in range(n):
        member = {"id": f"m{i}", "timezone": draw(st.sampled_from(ZONES)),
                  "weight": draw(st.sampled_from([0.5, 1.0, 1.0]))}
        if draw(st.booleans()):
            day = draw(st.integers(min_value=4, max_value=8))
            member["time_off"] = [{"start": f"2027-03-{day + 20:02d}", "end": f"2027-03-{day + 21:02d}"}]
        if draw(st.integers(0, 4)) == 0:
            member["roles"] = [draw(st.sampled_from(roles))]
        members.append(member)
    rules = {"min_rest_hours": draw(st.sampled_from([0, 8, 12])),
             "max_shifts_per_week": draw(st.sampled_from([None, 4, 6]))}
    rules = {k: v for k, v in rules.items() if v is not None}
    # The week around Europe's spring-forward change.
    return make_team(members, rules=rules, start="2027-03-24", end="2027-03-31",
                     roles=roles)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_teams())
def test_every_produced_schedule_keeps_every_hard_rule(team):
    try:
        schedule = solve(team, time_limit=1.5)  # the default, repeatable path
    except InfeasibleError as exc:
        assert exc.reasons  # an infeasible team is always explained
        return
    assert violations(schedule) == []
    for line in schedule.report.fairness:
        if not math.isnan(line.bound):
            assert line.achieved >= line.bound - 1e-6, line
