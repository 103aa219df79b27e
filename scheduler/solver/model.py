"""The CP-SAT model: the rules of scheduler/solver/rules, hard then soft, and the builder that
runs them.

    HARD_RULES  availability, coverage, one role per shift, no overlap + min rest,
                max shifts per week, fixed holders, required skills, shadows
    SOFT_RULES  uncovered (only with gaps allowed), fairness, spread, preferences,
                shadow spread

Each hard rule is one module of scheduler/solver/rules with its builder, its independent check
and its explanation; `solve`, `replan`, `override`, `cover`, cover requests and the app all use
that one list. `build_model(problem, spec)` runs every rule in list order on one `ModelVars`
and returns it: the CP-SAT model, the assignment variables `x[(slot, member)]`,
`works[(shift, member)]`, the gap literals, the fairness tops, the hint book, and the penalty
terms each soft rule added (`costs`, keyed by rule name). The objective is the sum of all soft
terms. `build_hard` runs the hard rules only (the re-plan adds its own objectives).

Adding a rule (the extension points):
- A hard rule is a module in scheduler/solver/rules with `build(mv: ModelVars) -> list[Penalty]`
  that adds constraints to `mv.model` using `mv.x` / `mv.works` and returns `[]`, and a
  `check(schedule) -> list[str]` that finds its violations in a written schedule without the
  model; list it in rules.HARD, or `register(Rule("my rule", build, check=check), hard=True)`.
  Rules run in list order, after the ones already there, so variables made by earlier rules
  (x, works, gaps) are ready. Kept history (`problem.frozen`) must stay as it was.
- A soft rule returns penalty terms `(variable, integer cost)`; register it with
  `register(Rule("my rule", fn, phases=("balance",)))`. Its cost is reported by name.
  Every auxiliary variable a rule makes needs a `mv.book.add(var, value_fn)` entry, so a
  starting schedule can be handed to CP-SAT as a complete hint (see constraints.HintBook).
- `mv.spec` says which phase is being built: "gaps" (fewest uncovered slots only), "core"
  (max weighted shifts and hours only) or "balance" (everything).
- Data a rule needs belongs on the Problem (problem.py), computed once from the team. Hooks
  there, empty by default: `problem.preload[quantity][member]` (load carried in, e.g. from
  history; the fairness rule adds it to each member's load), `problem.fixed[slot] = member`
  (the "fixed holders" rule keeps that holder) and `problem.frozen` / `problem.kept_shadows`
  (a re-plan's kept rows). Greedy start, bounds and report do not look at them yet.
- A new balanced load (say, expected pages) is a new Quantity in scheduler/problem/loads.py; the
  fairness rule, the bounds and the report then cover it.

Rule order is part of behaviour: CP-SAT's search depends on the order variables and
constraints were added, so new rules go at the end of their section.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem.slots import Problem
from scheduler.solver.builders import Penalty
from scheduler.solver.model_vars import ModelSpec, ModelVars
from scheduler.solver.rule import PHASES, Rule, RuleFn
from scheduler.solver.rules import HARD, SOFT
from scheduler.solver.rules.weights import (
    CORE_LOADS,
    IMPORTANCE,
    PREFERENCE_WEIGHT,
    SCALE,
    SPREAD_WEIGHT,
)

HARD_RULES: list[Rule] = HARD
SOFT_RULES: list[Rule] = SOFT


def register(rule: Rule, *, hard: bool = False) -> None:
    """Add a rule at the end of its section (see the module docstring)."""
    (HARD_RULES if hard else SOFT_RULES).append(rule)


def build_hard(problem: Problem, spec: ModelSpec) -> ModelVars:
    """Run every hard rule of the spec's phase, in list order."""
    if spec.phase not in PHASES:
        raise ValueError(f"unknown phase {spec.phase!r}")
    mv = ModelVars(problem, spec)
    for rule in HARD_RULES:
        if spec.phase in rule.phases:
            rule.build(mv)
    return mv


def build_model(problem: Problem, spec: ModelSpec) -> ModelVars:
    """Run every rule of the spec's phase, hard then soft; minimise the soft terms."""
    mv = build_hard(problem, spec)
    terms: list[Penalty] = []
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
    "CORE_LOADS",
    "HARD_RULES",
    "IMPORTANCE",
    "PHASES",
    "PREFERENCE_WEIGHT",
    "SCALE",
    "SOFT_RULES",
    "SPREAD_WEIGHT",
    "ModelSpec",
    "ModelVars",
    "Rule",
    "RuleFn",
    "build_hard",
    "build_model",
    "register",
    "rule_costs",
]
