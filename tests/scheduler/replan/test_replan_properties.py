"""Property: after random time-off changes, `replan` never changes more rows than the minimum
that a plain, separately written CP-SAT model finds (replan_check.fewest_changes)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.errors import InfeasibleError
from scheduler.replan.plan import replan
from scheduler.solver.solve import solve
from tests.harness.replan_check import changed_rows, fewest_changes, replan_violations
from tests.harness.teams import make_team

BERLIN = ZoneInfo("Europe/Berlin")
FROM = datetime(2027, 1, 6, 12, tzinfo=BERLIN)
PLAN = {"start": "2027-01-04", "end": "2027-01-11"}
RULES = {"min_rest_hours": 12, "max_shifts_per_week": 6}


def members(time_off: dict[int, tuple[int, int]]) -> list[dict]:
    out = []
    for i in range(5):
        member: dict = {"id": f"m{i}"}
        if i in time_off:
            first, length = time_off[i]
            member["time_off"] = [{"start": f"2027-01-{first:02d}",
                                   "end": f"2027-01-{first + length:02d}"}]
        out.append(member)
    return out


@pytest.fixture(scope="module")
def previous():
    return solve(make_team(members({}), rules=RULES, **PLAN), time_limit=2, seed=2)


time_off_changes = st.dictionaries(
    st.integers(0, 4), st.tuples(st.integers(5, 10), st.integers(0, 2)), min_size=1, max_size=2)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(time_off_changes)
def test_replan_changes_no_more_rows_than_a_plain_model(previous, changes):
    team = make_team(members(changes), rules=RULES, **PLAN)
    least = fewest_changes(team, previous, FROM)
    try:
        result = replan(team, previous, replan_from=FROM, time_limit=3)
    except InfeasibleError as exc:
        assert least is None and exc.reasons
        return
    assert least is not None
    assert replan_violations(previous, result.schedule, FROM) == []
    assert changed_rows(previous, result.schedule, FROM) == result.changed
    assert result.changed <= least
    if result.proven:
        assert result.changed == least
