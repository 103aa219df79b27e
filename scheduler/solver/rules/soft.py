"""The soft rules: each returns penalty terms (variable, integer cost) that the model sums
into one objective; their costs are reported by rule name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.solver.rules.weights import (
    CORE_LOADS,
    IMPORTANCE,
    PREFERENCE_WEIGHT,
    SCALE,
    SPREAD_WEIGHT,
)

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars


def uncovered(mv: ModelVars) -> list[Penalty]:
    """With gaps allowed, each uncovered slot costs 1 until the fewest is known; after that
    the count is held at that fewest."""
    if not mv.spec.allow_gaps:
        return []
    if mv.spec.max_gaps is not None:
        mv.model.add(sum(g for g, _ in mv.gaps) <= mv.spec.max_gaps)
        return []
    return list(mv.gaps)


def fairness(mv: ModelVars) -> list[Penalty]:
    """Phase "core": the team-wide max weighted shifts and hours. Phase "balance": those held
    at the core's caps, the range of every weighted load per site (balance.py)."""
    from scheduler.solver import balance

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
        core_terms: list[Penalty] = [(mv.tops["shifts"], minutes), (mv.tops["hours"], 100)]
        if "pages" in mv.tops:
            pages = mv.problem.average_shift_pages
            core_terms.append((mv.tops["pages"], max(1, round(100 * minutes / pages))))
        return core_terms
    for name, cap in (spec.caps or {}).items():
        mv.model.add(mv.tops[name] <= cap)
    return terms


def spread(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver import builders as constraints

    return constraints.spread(mv.model, mv.problem, mv.works, SPREAD_WEIGHT, mv.book)


def preferences(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver import builders as constraints

    return constraints.preferences(mv.problem, mv.works, PREFERENCE_WEIGHT)


def shadow_spread(mv: ModelVars) -> list[Penalty]:
    from scheduler.solver import shadow_model as shadow_rules

    return shadow_rules.spread(mv.model, mv.problem, mv.shadow, mv.book, SPREAD_WEIGHT)
