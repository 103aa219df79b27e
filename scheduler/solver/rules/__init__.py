"""Every rule of the plan, listed once: HARD then SOFT, in the order the model builds them.

Each hard rule is a module here with everything about it: `build` (how it constrains the
CP-SAT model), `check` (how an independent reading of a written schedule finds a violation),
`explain` (why no plan can keep it, before any search) and, where useful, `diagnose` (why a
plan proved infeasible). Every path that writes or changes a schedule uses this one list
(contract section 10): `solve` and `replan` build their models from HARD; `override`, `cover`,
cover requests and the app's edits refuse a change that `broken_by_change` finds; the tests'
validator is `violations`. A rule added to HARD therefore holds on every path at once.

Rule order is part of behaviour: CP-SAT's search depends on the order variables and
constraints were added, so new rules go at the end of their list (`scheduler.solver.model.register`).
"""

from __future__ import annotations

from scheduler.domain import Schedule
from scheduler.problem.slots import Problem
from scheduler.solver.rule import Rule
from scheduler.solver.rules import (
    availability,
    coverage,
    fixed_holders,
    one_role,
    required_skills,
    rest,
    shadows,
    soft,
    weekly_cap,
)

HARD: list[Rule] = [
    Rule(availability.NAME, availability.build, check=availability.check),
    Rule(coverage.NAME, coverage.build, check=coverage.check, explain=coverage.explain),
    Rule(one_role.NAME, one_role.build, check=one_role.check),
    Rule(rest.NAME, rest.build, check=rest.check),
    Rule(weekly_cap.NAME, weekly_cap.build, check=weekly_cap.check),
    Rule(fixed_holders.NAME, fixed_holders.build),
    Rule(required_skills.NAME, required_skills.build, check=required_skills.check,
         explain=required_skills.explain, diagnose=required_skills.diagnose),
    Rule(shadows.NAME, shadows.build, check=shadows.check, explain=shadows.explain,
         gappable=False),
]
SOFT: list[Rule] = [
    Rule("uncovered", soft.uncovered),
    Rule("fairness", soft.fairness, phases=("core", "balance")),
    Rule("spread", soft.spread, phases=("balance",)),
    Rule("preferences", soft.preferences, phases=("balance",)),
    Rule("shadow spread", soft.shadow_spread, phases=("balance",)),
]
# For an override a short rest or a weekly cap is a warning, not a refusal (section 6).
WARN_ONLY_FOR_OVERRIDES = (rest.NAME, weekly_cap.NAME)


def violations(schedule: Schedule) -> list[str]:
    """Every hard rule's independent check of a written schedule, one line per violation."""
    return [line for rule in HARD for line in rule.check(schedule)]


Found = dict[str, set[str]]


def found_in(schedule: Schedule, *, skip: tuple[str, ...] = ()) -> Found:
    """rule name -> its violations in `schedule` (to compare changes of it against)."""
    return {rule.name: set(rule.check(schedule)) for rule in HARD if rule.name not in skip}


def broken_by_change(before: Schedule | Found, after: Schedule, *,
                     skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(rule, line) for each violation `after` has that `before` had not: what a change (an
    override, a cover, an edit) breaks, leaving alone what was already so. `before` may be
    `found_in(before)`, computed once for many changes of one schedule."""
    old = before if isinstance(before, dict) else found_in(before, skip=skip)
    return [(rule.name, line) for rule in HARD if rule.name not in skip
            for line in rule.check(after) if line not in old.get(rule.name, set())]


def explain(problem: Problem, *, gappable: bool | None = None) -> list[str]:
    """Every hard rule's cheap explanation (only the rules --allow-gaps may or may not skip,
    when `gappable` is given), in list order."""
    return [line for rule in HARD if gappable is None or rule.gappable == gappable
            for line in rule.explain(problem)]


def diagnose(problem: Problem) -> list[str]:
    """Every hard rule's explanation of a plan proven infeasible, explain's and diagnose's."""
    return explain(problem) + [line for rule in HARD for line in rule.diagnose(problem)]


__all__ = ["HARD", "SOFT", "WARN_ONLY_FOR_OVERRIDES", "Found", "broken_by_change", "diagnose",
           "explain", "found_in", "violations"]
