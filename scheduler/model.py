"""The CP-SAT model: one named list of rules, hard then soft, and the builder that runs them.

    HARD_RULES  availability, coverage, one role per shift, no overlap + min rest,
                max shifts per week, fixed holders, required skills, shadows
    SOFT_RULES  uncovered (only with gaps allowed), fairness, spread, preferences,
                shadow spread

`build_model(problem, spec)` runs every rule in list order on one `ModelVars` and returns it:
the CP-SAT model, the assignment variables `x[(slot, member)]`, `works[(shift, member)]`,
the gap literals, the fairness tops, the hint book, and the penalty terms each soft rule
added (`costs`, keyed by rule name). The objective is the sum of all soft terms.

Adding a rule (the extension points):
- A hard rule is `def my_rule(mv: ModelVars) -> list[Penalty]` that adds constraints to
  `mv.model` using `mv.x` / `mv.works` and returns `[]`; register it with
  `register(Rule("my rule", my_rule), hard=True)`. Rules run in list order, after the ones
  already there, so variables made by earlier rules (x, works, gaps) are ready.
- A soft rule returns penalty terms `(variable, integer cost)`; register it with
  `register(Rule("my rule", fn, phases=("balance",)))`. Its cost is reported by name.
  Every auxiliary variable a rule makes needs a `mv.book.add(var, value_fn)` entry, so a
  starting schedule can be handed to CP-SAT as a complete hint (see constraints.HintBook).
- `mv.spec` says which phase is being built: "gaps" (fewest uncovered slots only), "core"
  (max weighted shifts and hours only) or "balance" (everything).
- Data a rule needs belongs on the Problem (problem.py), computed once from the team. Two
  hooks are there already, empty by default: `problem.preload[quantity][member]` (load carried
  in, e.g. from history; the fairness rule adds it to each member's load) and
  `problem.fixed[slot] = member` (the "fixed holders" rule keeps that holder, e.g. for a
  replan). Greedy start, bounds and report do not look at either yet.
- A new balanced load (say, expected pages) is a new Quantity in scheduler/loads.py; the
  fairness rule, the bounds and the report then cover it.

Rule order is part of behaviour: CP-SAT's search depends on the order variables and
constraints were added, so new rules go at the end of their section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from . import balance, shadow_rules, skill_rules
from . import constraints as rules
from .problem import Problem

# How much one shift's worth of range (largest minus smallest weighted load) costs, per load:
# the documented order is shifts and hours (first held at their bound by phase "core"), then
# night and weekend, then primary, then holiday; spacing and preferences come after fairness.
IMPORTANCE = {"shifts": 20.0, "hours": 20.0, "night": 10.0, "weekend": 10.0, "primary": 6.0,
              "holiday": 4.0, "pages": 8.0,
              "sleep_pages": 4.0}
SCALE = 1000
SPREAD_WEIGHT = 2 * SCALE
PREFERENCE_WEIGHT = SCALE // 2
CORE_LOADS = ("shifts", "hours")  # balanced alone first, then capped at what that reached

PHASES = ("gaps", "core", "balance")


@dataclass(frozen=True)
class ModelSpec:
    """Which model to build. `max_gaps` caps the uncovered slots (found by the "gaps" phase);
    `caps` holds the core loads' tops at what phase "core" reached."""

    phase: str = "balance"
    allow_gaps: bool = False
    max_gaps: int | None = None
    bounds: dict[str, float] | None = None
    caps: dict[str, int] | None = None


@dataclass
class ModelVars:
    """The model and its variables, filled in by the rules in list order."""

    problem: Problem
    spec: ModelSpec
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    book: rules.HintBook = field(default_factory=rules.HintBook)
    x: rules.X = field(default_factory=dict)
    works: rules.Works = field(default_factory=dict)
    gaps: list[rules.Penalty] = field(default_factory=list)
    tops: dict[str, cp_model.IntVar] = field(default_factory=dict)
    costs: dict[str, list[rules.Penalty]] = field(default_factory=dict)
    # shadow[(shift, trainee)]: the trainee holds that shift's shadow row (section 7)
    shadow: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)

    def hint(self, holders: list[int | None]) -> None:
        """Hint a full starting schedule, auxiliary variables included."""
        self.book.apply(self.model, self.problem, self.x, holders)

    @property
    def assignment(self) -> dict[tuple[int, int], int]:
        """(slot, member) -> variable index, for the LNS."""
        return {key: var.index for key, var in self.x.items()}


RuleFn = Callable[[ModelVars], list[rules.Penalty]]


@dataclass(frozen=True)
class Rule:
    name: str
    build: RuleFn
    phases: tuple[str, ...] = PHASES


# ------------------------------------------------------------------ hard rules

def availability(mv: ModelVars) -> list[rules.Penalty]:
    """A member can hold a slot only where eligible (role, site, joins/leaves, time off,
    unavailable): x[(slot, member)] exists only for those pairs."""
    mv.x = rules.new_assignment_vars(mv.model, mv.problem)
    return []


def coverage(mv: ModelVars) -> list[rules.Penalty]:
    mv.gaps = rules.coverage(mv.model, mv.problem, mv.x, mv.spec.allow_gaps, mv.book)
    return []


def one_role_per_shift(mv: ModelVars) -> list[rules.Penalty]:
    mv.works = rules.one_role_per_shift(mv.model, mv.problem, mv.x, mv.book)
    return []


def no_overlap_and_min_rest(mv: ModelVars) -> list[rules.Penalty]:
    rules.no_overlap_and_min_rest(mv.model, mv.problem, mv.works)
    return []


def max_shifts_per_week(mv: ModelVars) -> list[rules.Penalty]:
    rules.max_shifts_per_week(mv.model, mv.problem, mv.works)
    return []


def fixed_holders(mv: ModelVars) -> list[rules.Penalty]:
    """Slots the Problem fixes to a holder keep that holder (empty unless a caller sets it)."""
    for slot, m in sorted(mv.problem.fixed.items()):
        var = mv.x.get((slot, m))
        if var is None:
            raise ValueError(f"slot {slot} is fixed to {mv.problem.members[m]}, "
                             "who is not eligible for it")
        mv.model.add(var == 1)
    return []


def required_skills(mv: ModelVars) -> list[rules.Penalty]:
    """Every shift has a role holder with each required skill (section 7). With gaps allowed,
    the shifts where nobody free has a skill are left out (the report names them)."""
    skip = skill_rules.unmeetable(mv.problem) if mv.spec.allow_gaps else None
    skill_rules.required_skills(mv.model, mv.problem, mv.x, skip)
    return []


def shadows(mv: ModelVars) -> list[rules.Penalty]:
    """Each trainee's exactly N shadow rows next to a primary without shadow_shifts, with
    their rest, overlap, time off and site (section 7)."""
    found = shadow_rules.shadows(mv.model, mv.problem, mv.x, mv.works, mv.book)
    mv.shadow = found.shadow
    return []


# ------------------------------------------------------------------ soft rules

def uncovered(mv: ModelVars) -> list[rules.Penalty]:
    """With gaps allowed, each uncovered slot costs 1 until the fewest is known; after that
    the count is held at that fewest."""
    if not mv.spec.allow_gaps:
        return []
    if mv.spec.max_gaps is not None:
        mv.model.add(sum(g for g, _ in mv.gaps) <= mv.spec.max_gaps)
        return []
    return list(mv.gaps)


def fairness(mv: ModelVars) -> list[rules.Penalty]:
    """Phase "core": the team-wide max weighted shifts and hours. Phase "balance": those held
    at the core's caps, the range of every weighted load per site (balance.py)."""
    spec = mv.spec
    core = spec.phase == "core"
    # Expected pages (solve --pages) get the core's head start too: fair hours are not fair
    # load. They are not capped afterwards, so phase "balance" may trade a little of them.
    only = (*CORE_LOADS, "pages") if "pages" in mv.problem.load else CORE_LOADS
    terms, mv.tops = balance.fairness(mv.model, mv.problem, mv.x, IMPORTANCE, SCALE, mv.book,
                                      spec.bounds, only if core else None)
    if core:
        # One shift of imbalance weighs the same in each (counts are in 1/100 shift).
        minutes = mv.problem.average_shift_minutes
        core_terms: list[rules.Penalty] = [(mv.tops["shifts"], minutes), (mv.tops["hours"], 100)]
        if "pages" in mv.tops:
            pages = mv.problem.average_shift_pages
            core_terms.append((mv.tops["pages"], max(1, round(100 * minutes / pages))))
        return core_terms
    for name, cap in (spec.caps or {}).items():
        mv.model.add(mv.tops[name] <= cap)
    return terms


def spread(mv: ModelVars) -> list[rules.Penalty]:
    return rules.spread(mv.model, mv.problem, mv.works, SPREAD_WEIGHT, mv.book)


def preferences(mv: ModelVars) -> list[rules.Penalty]:
    return rules.preferences(mv.problem, mv.works, PREFERENCE_WEIGHT)


def shadow_spread(mv: ModelVars) -> list[rules.Penalty]:
    return shadow_rules.spread(mv.model, mv.problem, mv.shadow, mv.book, SPREAD_WEIGHT)


HARD_RULES: list[Rule] = [
    Rule("availability", availability),
    Rule("coverage", coverage),
    Rule("one role per shift", one_role_per_shift),
    Rule("no overlap + min rest", no_overlap_and_min_rest),
    Rule("max shifts per week", max_shifts_per_week),
    Rule("fixed holders", fixed_holders),
    Rule("required skills", required_skills),
    Rule("shadows", shadows),
]
SOFT_RULES: list[Rule] = [
    Rule("uncovered", uncovered),
    Rule("fairness", fairness, phases=("core", "balance")),
    Rule("spread", spread, phases=("balance",)),
    Rule("preferences", preferences, phases=("balance",)),
    Rule("shadow spread", shadow_spread, phases=("balance",)),
]


def register(rule: Rule, *, hard: bool = False) -> None:
    """Add a rule at the end of its section (see the module docstring)."""
    (HARD_RULES if hard else SOFT_RULES).append(rule)


def build_model(problem: Problem, spec: ModelSpec) -> ModelVars:
    """Run every rule of the spec's phase, hard then soft; minimise the soft terms."""
    if spec.phase not in PHASES:
        raise ValueError(f"unknown phase {spec.phase!r}")
    mv = ModelVars(problem, spec)
    for rule in HARD_RULES:
        if spec.phase in rule.phases:
            rule.build(mv)
    terms: list[rules.Penalty] = []
    for rule in SOFT_RULES:
        if spec.phase in rule.phases:
            mv.costs[rule.name] = rule.build(mv)
            terms += mv.costs[rule.name]
    if terms:
        mv.model.minimize(sum(var * coef for var, coef in terms))
    return mv


def rule_costs(mv: ModelVars, values: list[int]) -> dict[str, int]:
    """What each soft rule added to the objective in a solution (a full variable vector)."""
    out: dict[str, int] = {}
    for name, terms in mv.costs.items():
        if not terms:
            continue  # the rule added no cost terms in this phase
        total = 0
        for var, coef in terms:
            assert isinstance(var, cp_model.IntVar)
            total += coef * values[var.index]
        out[name] = total
    return out


__all__ = [
    "HARD_RULES",
    "SOFT_RULES",
    "ModelSpec",
    "ModelVars",
    "Rule",
    "build_model",
    "register",
    "rule_costs",
]
