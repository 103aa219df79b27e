"""Independent checks for re-plans, for tests. Shares no code with scheduler.replan.plan or
scheduler.living.diff: rows are compared by (start, end, role), rules are read from the Team.

- `changed_rows` counts rows at or after `replan_from` whose person changed (an empty row
  filled is not a change);
- `replan_violations` checks section 1's hard rules (hard_rules.violations) plus joins and
  leaves, and that every row before `replan_from` is exactly as it was;
- `fewest_changes` is a plain CP-SAT model, written separately from Rota's, of the least
  number of changed rows that keeps every hard rule.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ortools.sat.python import cp_model

from scheduler.domain import Member, Schedule, Team
from tests.harness.hard_rules import violations

INSTANT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d[+-]\d\d:\d\d)?")


def _rows(schedule: Schedule) -> dict[tuple, str | None]:
    return {(a.shift.start, a.shift.end, a.role): a.person for a in schedule.assignments}


def changed_rows(old: Schedule, new: Schedule, replan_from: datetime) -> int:
    before = _rows(old)
    return sum(1 for key, person in _rows(new).items()
               if key[0] >= replan_from and before.get(key) is not None and before[key] != person)


def _midnight(day, zone) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def _away(member: Member, start: datetime, end: datetime,
          rest: timedelta = timedelta(0)) -> bool:
    """Time off, before joining, after leaving, or busy elsewhere (with rest either side)."""
    spans = [(lo - rest, hi + rest) for lo, hi in member.busy] + [(_midnight(o.start, member.timezone), _midnight(o.end + timedelta(days=1),
                                                              member.timezone))
             for o in member.time_off]
    if member.joins:
        spans.append((datetime(1970, 1, 1, tzinfo=UTC), _midnight(member.joins, member.timezone)))
    if member.leaves:
        spans.append((_midnight(member.leaves, member.timezone), datetime(9999, 1, 1, tzinfo=UTC)))
    return any(start < hi and lo < end for lo, hi in spans)


def replan_violations(old: Schedule, new: Schedule, replan_from: datetime) -> list[str]:
    before, after = _rows(old), _rows(new)
    found = [f"kept row {k} changed" for k, p in before.items()
             if k[0] < replan_from and after.get(k, "<missing>") != p]
    members = {m.id: m for m in new.team.members}
    for (start, end, role), person in after.items():
        member = members.get(person or "")
        rest = timedelta(hours=new.team.rules.min_rest_hours)
        if start >= replan_from and member and _away(member, start, end, rest):
            found.append(f"{person} away (joins/leaves/time off) at {start} {role}")
    # Hard rules over the re-planned part, plus kept rows as context for rest and caps.
    later = [v for v in violations(new)
             if not _only_kept(v, replan_from, new.team) and " starts " not in v]
    return found + later + _weekly_caps(new, replan_from)


def _weekly_caps(new: Schedule, replan_from: datetime) -> list[str]:
    """A 7-day window with a re-planned row holds at most max(cap, kept rows in it)."""
    team, cap = new.team, new.team.rules.max_shifts_per_week
    if not cap:
        return []
    found = []
    for person in {a.person for a in new.assignments if a.person}:
        starts = sorted({a.shift.start for a in new.assignments if a.person == person})
        for first in starts:
            local = first.astimezone(team.timezone).replace(tzinfo=None) + timedelta(days=7)
            limit = local.replace(tzinfo=team.timezone).astimezone(UTC)
            window = [s for s in starts if first <= s < limit]
            kept = sum(1 for s in window if s < replan_from)
            if kept < len(window) and len(window) > max(cap, kept):
                found.append(f"{person} starts {len(window)} shifts in the week from {first}")
    return found


def _only_kept(message: str, replan_from: datetime, team: Team) -> bool:
    # violations() names the instant of the later row (in the team zone when it has no
    # offset); a message about a kept row is history.
    found = INSTANT.search(message)
    if found is None:
        return False
    instant = datetime.fromisoformat(found.group())
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=team.timezone)
    return instant < replan_from


def _eligible(team: Team, member: Member, start: datetime, end: datetime, role: str,
              site: str | None) -> bool:
    if role not in member.roles or (site is not None and member.site != site):
        return False
    return not _away(member, start, end, timedelta(hours=team.rules.min_rest_hours))


def fewest_changes(team: Team, old: Schedule, replan_from: datetime,
                   time_limit: float = 10.0) -> int | None:
    """The least number of changed rows over every schedule keeping the hard rules (None if
    there is none); a plain model: one Boolean per (row, eligible member)."""
    model = cp_model.CpModel()
    rows = sorted(((a.shift.start, a.shift.end, a.role, a.shift.site), a.person)
                  for a in old.assignments)
    x: dict[tuple[int, str], object] = {}
    cost = []
    for r, ((start, end, role, site), person) in enumerate(rows):
        if start < replan_from:
            if person in {m.id for m in team.members}:
                x[(r, person)] = 1
            continue
        options = []
        for member in team.members:
            if _eligible(team, member, start, end, role, site):
                x[(r, member.id)] = var = model.new_bool_var(f"x{r}_{member.id}")
                options.append(var)
        model.add_exactly_one(options)
        if person is not None:
            cost.append(1 - x[(r, person)] if (r, person) in x else 1)
    _rules(model, team, rows, x, replan_from)
    model.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL, "reference model did not prove its minimum"
    return round(solver.objective_value)


def _rules(model: cp_model.CpModel, team: Team, rows: list, x: dict, replan_from: datetime) -> None:
    rest = timedelta(hours=team.rules.min_rest_hours)
    cap = team.rules.max_shifts_per_week
    for member in team.members:
        mine = [(rows[r][0][0], rows[r][0][1], v) for (r, m), v in x.items() if m == member.id]
        mine.sort(key=lambda t: (t[0], t[1]))
        for i, (s1, e1, v1) in enumerate(mine):
            for s2, e2, v2 in mine[i + 1:]:
                if isinstance(v1, int) and isinstance(v2, int):
                    continue  # two kept rows: history
                clash = (s2 < e1 + rest and s1 < e2 + rest) or (s1, e1) == (s2, e2)
                if clash:
                    model.add(v1 + v2 <= 1)
            if cap:
                local = s1.astimezone(team.timezone).replace(tzinfo=None) + timedelta(days=7)
                limit = local.replace(tzinfo=team.timezone).astimezone(UTC)
                # One member holds at most one role of a shift, so vars sum to shifts held.
                window = [v for s, _, v in mine if s1 <= s < limit]
                if any(not isinstance(v, int) for v in window):
                    kept = sum(1 for v in window if isinstance(v, int))
                    model.add(sum(window) <= max(cap, kept))
