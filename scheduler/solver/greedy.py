"""Rule-respecting greedy schedules: a fairness-aware one (the solver's starting hint) and the
round-robin baseline that today's tools produce (the benchmark's point of comparison).

Both walk slots in start order and respect coverage eligibility; the greedy one also keeps
the rest and weekly-cap rules, while round-robin only skips people who are away (a human's
override), as PagerDuty or GoAlert layers do.
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime, timedelta

from scheduler.domain import Shift
from scheduler.problem.slots import Problem
from scheduler.shifts.wallclock import same_clock_days_later
from scheduler.solver.skill_model import missing_skills


class _Greedy:
    """The state of the fairness-aware greedy walk: loads so far, last shift ends, recent
    starts (for the weekly cap) and who already holds a role of each shift."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.rest = timedelta(hours=problem.team.rules.min_rest_hours)
        self.cap = problem.team.rules.max_shifts_per_week
        self.count = [0] * len(problem.members)
        self.minutes = [0] * len(problem.members)
        self.last_end: dict[int, datetime] = {}
        self.recent: dict[int, deque[datetime]] = defaultdict(deque)
        self.taken: dict[int, set[int]] = defaultdict(set)

    def free(self, slot_index: int) -> list[int]:
        """Members eligible for the slot whom the rules leave free, fairest first."""
        shift = self.problem.slots[slot_index].shift
        week_start = (same_clock_days_later(shift.start, -7, self.problem.team.timezone)
                      if self.cap else None)
        out = []
        for m in self.problem.load["shifts"][slot_index]:
            if m in self.taken[shift.index]:
                continue
            if m in self.last_end and self.last_end[m] + self.rest > shift.start:
                continue
            if self.cap is not None and week_start is not None:
                window = self.recent[m]
                while window and window[0] <= week_start:
                    window.popleft()
                if len(window) >= self.cap:
                    continue
            out.append(m)
        return sorted(out, key=lambda m: self._key(m, shift))

    def _key(self, m: int, shift: Shift) -> tuple[float, float, datetime]:
        factors, hour_factors = self.problem.factor["shifts"], self.problem.factor["hours"]
        return ((self.count[m] + 1) / max(factors[m], 1e-6),
                (self.minutes[m] + 1) / max(hour_factors[m], 1e-6),
                self.last_end.get(m, datetime.min.replace(tzinfo=shift.start.tzinfo)))

    def take(self, slot_index: int, m: int) -> None:
        shift = self.problem.slots[slot_index].shift
        self.count[m] += 1
        self.minutes[m] += self.problem.shift_loads[shift.index].minutes
        self.recent[m].append(shift.start)
        self.taken[shift.index].add(m)
        self.last_end[m] = shift.end

    def choose(self, slot_index: int) -> int | None:
        """The fairest free member who leaves the shift's required skills coverable."""
        candidates = self.free(slot_index)
        if not candidates or not self.problem.team.rules.required_skills:
            return candidates[0] if candidates else None
        members = self.problem.team.members
        shift = self.problem.slots[slot_index].shift
        roles = len(self.problem.team.roles)
        left = roles - 1 - slot_index % roles  # slots of this shift after this one
        missing = missing_skills(self.problem, sorted(self.taken[shift.index]))
        after = self.free(slot_index + 1) if left else []
        # One step of look-ahead: the next slot can bring enough of what is still missing. Of
        # the members who pass, take the one whose pair with the fairest such partner has the
        # smaller heavier load, so the few who hold several skills are not always the partner.
        best: tuple[tuple[float, float, datetime], int] | None = None
        for m in candidates:
            still = missing - members[m].skills
            if not still:
                partner_key = self._key(m, shift)
            else:
                partner = next((n for n in after if n != m
                                and len(still - members[n].skills) < left), None)
                if partner is None:
                    continue
                partner_key = max(self._key(m, shift), self._key(partner, shift))
            if best is None or partner_key < best[0]:
                best = (partner_key, m)
        return best[1] if best else candidates[0]  # nobody can complete the skills


def fair_greedy(problem: Problem) -> list[int | None]:
    """Holder (member index) per slot; None where no one could take it under the rules."""
    walk = _Greedy(problem)
    holders: list[int | None] = []
    for slot_index in range(len(problem.slots)):
        choice = walk.choose(slot_index)
        holders.append(choice)
        if choice is not None:
            walk.take(slot_index, choice)
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
