"""Properties of any override, stacked or not: it either refuses with one named rule, or the
final schedule still covers exactly the same time per role, the person holds the role for the
whole interval, nothing outside the interval changes, and the CSV reads back unchanged."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from overrides_fixtures import alternating, make_team

from scheduler.domain import Schedule
from scheduler.errors import HardRuleError
from scheduler.formats.csvfile import parse_schedule, schedule_csv
from scheduler.living.overrides import Override, apply_override

TEAM = make_team([{"id": "m0"}, {"id": "m1"}, {"id": "m2", "roles": ["secondary"]},
                  {"id": "m3", "time_off": [{"start": "2027-01-06", "end": "2027-01-06"}]},
                  {"id": "m4"}])
PLAN = alternating(TEAM)
FIRST = min(a.start for a in PLAN.assignments)
LAST = max(a.end for a in PLAN.assignments)
QUARTER_HOURS = int((LAST - FIRST) / timedelta(minutes=15))

overrides = st.tuples(st.sampled_from(["primary", "secondary"]),
                      st.sampled_from([m.id for m in TEAM.members]),
                      st.integers(0, QUARTER_HOURS - 1), st.integers(1, 96))


def holder_at(schedule: Schedule, role: str, instant) -> tuple[str | None, ...]:
    return tuple(a.person for a in schedule.assignments
                 if a.role == role and a.start <= instant < a.end)


def covered(schedule: Schedule, role: str) -> timedelta:
    return sum((a.end - a.start for a in schedule.assignments if a.role == role), timedelta())


@settings(max_examples=60, deadline=None)
@given(st.lists(overrides, min_size=1, max_size=4))
def test_any_stack_of_overrides_keeps_coverage_and_changes_only_its_interval(stack):
    schedule = PLAN
    for role, person, offset, length in stack:
        start = FIRST + offset * timedelta(minutes=15)
        end = min(start + length * timedelta(minutes=15), LAST)
        try:
            result = apply_override(schedule, Override(role, person, start, end))
        except HardRuleError as exc:
            assert "rule: " in str(exc) and "\n" not in str(exc)
            continue
        final = result.schedule
        for r in TEAM.roles:
            assert covered(final, r) == covered(schedule, r)
        probes = [start, end - timedelta(seconds=1), start + (end - start) / 2]
        assert all(holder_at(final, role, t) == (person,) for t in probes)
        for t in (start - timedelta(minutes=1), end):
            if FIRST <= t < LAST:
                assert holder_at(final, role, t) == holder_at(schedule, role, t)
        text = schedule_csv(final)
        assert schedule_csv(parse_schedule(text, TEAM, "final.csv")) == text
        schedule = parse_schedule(text, TEAM, "final.csv")


RESTED = make_team(5, rules={"min_rest_hours": 12, "max_shifts_per_week": 5})
RESTED_PLAN = alternating(RESTED)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, len(RESTED_PLAN.assignments) - 1))
def test_every_cover_candidate_can_take_the_row_by_override_without_a_warning(index):
    from scheduler.living.cover import cover_row

    row = RESTED_PLAN.assignments[index]
    candidates = cover_row(RESTED_PLAN, row)
    eligible = set()
    for member in RESTED.members:
        if member.id == row.person:
            continue
        try:
            result = apply_override(RESTED_PLAN, Override(row.role, member.id, row.start,
                                                          row.end))
        except HardRuleError:
            continue
        if not result.warnings:
            eligible.add(member.id)
    assert {c.candidate for c in candidates} == eligible
    assert [c.rank for c in candidates] == list(range(1, len(candidates) + 1))
