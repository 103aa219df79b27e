"""Lower bounds on tiny teams whose answers can be worked out by hand.

The team: one role, 12-hour day (09-21) and night (21-09) shifts in Berlin for the week of
Monday 2027-01-04, so 14 slots and 168 hours. Weekend hours (team zone): Friday night 9 +
Saturday 24 + Sunday day 12 + Sunday night 3 = 48. Night hours (22-08 local): 10 per night
shift, 70 in all. Counts are bounded by an integral flow, hours by the LP relaxation raised to
a value a member's load can take: loads come in whole slots, so where every slot carries the
same amount (12 h of hours, 10 h of night) the count bound on those slots times that amount,
else the next multiple of the slot amounts' common step (weekend: 9, 12, 3 -> 3 h)."""

from __future__ import annotations

from scheduler import solve
from scheduler.problem.slots import build_problem
from scheduler.solver.bounds.fairness import lower_bounds
from tests.harness.teams import make_team


def _bounds(members, **kwargs) -> dict[str, float]:
    return lower_bounds(build_problem(make_team(members, roles=["primary"], **kwargs)))


def test_two_equal_members_split_everything_in_half():
    # 7 night shifts between two: someone holds 4 of them, 40 h (the LP's 35 h is no load).
    assert _bounds(2) == {"shifts": 7.0, "hours": 84.0, "weekend": 24.0, "holiday": 0.0,
                          "night": 40.0, "primary": 7.0}


def test_three_members_round_counts_and_whole_slot_hours_up():
    bounds = _bounds(3)
    assert bounds["shifts"] == 5.0  # 14 slots: someone holds ceil(14 / 3)
    assert bounds["hours"] == 60.0  # ... and so 5 x 12 h, not the LP's 56 h
    assert bounds["weekend"] == 18.0  # LP 16 h, raised to a multiple of 3 h
    assert bounds["night"] == 30.0  # 7 nights: someone holds 3, not 70 / 3 h


def test_a_half_time_member_counts_as_half():
    # Weighted load is load / factor: T = L_full = 2 L_half, and L_full + L_half = total.
    bounds = _bounds([{"id": "half", "weight": 0.5}, {"id": "full"}])
    # Counts: the least T with floor(T / 2) + floor(T) >= 14 slots is 10 (9 gives 4 + 9).
    assert bounds["shifts"] == 10.0
    # Hours and nights come in whole shifts too: 10 x 12 h (LP 168 / 1.5 = 112 h), and the
    # least T with floor(T / 2) + floor(T) >= 7 nights is 5, so 50 h (LP 70 / 1.5 = 46.7 h).
    assert bounds["hours"] == 120.0
    assert bounds["night"] == 50.0
    # Weekend: LP 48 / 1.5 = 32 h; the full member's load is a multiple of 3 h (33), the
    # half member's raw load at least 16 h, so 18 h, weighted 36 h: the bound is 33 h.
    assert bounds["weekend"] == 33.0


def test_holiday_hours_are_the_hours_on_the_holiday_date():
    # Wednesday: 9 h of Tuesday's night, the 12 h day and 3 h of Wednesday's night.
    assert _bounds(2, holidays=["2027-01-06"])["holiday"] == 12.0


def test_the_solver_reaches_a_count_bound_it_can_reach():
    schedule = solve(make_team(2, roles=["primary"]), time_limit=2, seed=0)
    counts = [sum(a.person == m for a in schedule.assignments) for m in ("m0", "m1")]
    assert max(counts) == 7
