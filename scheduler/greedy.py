"""Rule-respecting greedy schedules: a fairness-aware one (the solver's starting hint) and the
round-robin baseline that today's tools produce (the benchmark's point of comparison).

Both walk slots in start order and respect coverage eligibility; the greedy one also keeps
the rest and weekly-cap rules, while round-robin only skips people who are away (a human's
override), as PagerDuty or GoAlert layers do.
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime, timedelta

from .problem import Problem
from .skill_rules import needed_from
from .timeutil import same_clock_days_later


def fair_greedy(problem: Problem) -> list[int | None]:
    """Holder (member index) per slot; None where no one could take it under the rules."""
    rest = timedelta(hours=problem.team.rules.min_rest_hours)
    cap = problem.team.rules.max_shifts_per_week
    factors = problem.factor["shifts"]
    hour_factors = problem.factor["hours"]
    count = [0] * len(problem.members)
    minutes = [0] * len(problem.members)
    last_end: dict[int, datetime] = {}
    recent: dict[int, deque[datetime]] = defaultdict(deque)
    taken_in_shift: dict[int, set[int]] = defaultdict(set)
    holders: list[int | None] = []
    roles = len(problem.team.roles)
    for slot_index, slot in enumerate(problem.slots):
        shift = slot.shift
        week_start = same_clock_days_later(shift.start, -7, problem.team.timezone) if cap else None
        # Required skills: when the slots left in this shift are no more than the skills still
        # missing, this slot goes to someone who brings one, if anyone free does.
        need = needed_from(problem, shift, sorted(taken_in_shift[shift.index]),
                           roles - slot_index % roles)
        choice = None
        for restrict in ((True, False) if need else (False,)):
            best: tuple[float, float, datetime] | None = None
            for m in problem.load["shifts"][slot_index]:
                if m in taken_in_shift[shift.index]:
                    continue
                if restrict and not need & problem.team.members[m].skills:
                    continue
                if m in last_end and last_end[m] + rest > shift.start:
                    continue
                if cap is not None and week_start is not None:
                    window = recent[m]
                    while window and window[0] <= week_start:
                        window.popleft()
                    if len(window) >= cap:
                        continue
                key = (
                    (count[m] + 1) / max(factors[m], 1e-6),
                    (minutes[m] + 1) / max(hour_factors[m], 1e-6),
                    last_end.get(m, datetime.min.replace(tzinfo=shift.start.tzinfo)),
                )
                if best is None or key < best:
                    best, choice = key, m
            if choice is not None:
                break
        holders.append(choice)
        if choice is not None:
            count[choice] += 1
            minutes[choice] += problem.shift_loads[shift.index].minutes
            recent[choice].append(shift.start)
            taken_in_shift[shift.index].add(choice)
            last_end[choice] = shift.end
    return holders


def round_robin(problem: Problem) -> list[int | None]:
    """A layer per (site, role) hands off every shift to the next person in team order; when
    that person is away or already holds the other role, the next one in order covers."""
    pointer: dict[tuple[str | None, str], int] = defaultdict(int)
    roster: dict[tuple[str | None, str], list[int]] = {}
    for role in problem.team.roles:
        for site in {s.site for s in problem.shifts}:
            roster[(site, role)] = [
                m for m, member in enumerate(problem.team.members)
                if role in member.roles and (site is None or member.site == site)
            ]
    holders: list[int | None] = []
    held_by_shift: dict[int, set[int]] = defaultdict(set)
    for slot_index, slot in enumerate(problem.slots):
        key = (slot.shift.site, slot.role)
        people = roster[key]
        eligible = problem.load["shifts"][slot_index]
        choice = None
        # Secondary layers start half a rotation later, so the pair changes every handoff.
        offset = len(people) // 2 if slot.role != problem.team.roles[0] else 0
        for step in range(len(people)):
            m = people[(pointer[key] + offset + step) % len(people)]
            if m in eligible and m not in held_by_shift[slot.shift.index]:
                choice = m
                break
        pointer[key] += 1
        holders.append(choice)
        if choice is not None:
            held_by_shift[slot.shift.index].add(choice)
    return holders
