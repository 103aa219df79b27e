"""The Rule record: one rule with everything about it. Light to import: checks and
explanations run without OR-Tools (`rota cover`, `rota override`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scheduler.domain import Schedule
from scheduler.problem.slots import Problem

if TYPE_CHECKING:
    from scheduler.solver.builders import Penalty
    from scheduler.solver.model_vars import ModelVars

PHASES = ("gaps", "core", "balance")


RuleFn = Callable[["ModelVars"], list["Penalty"]]
CheckFn = Callable[[Schedule], list[str]]
ExplainFn = Callable[[Problem], list[str]]


def _nothing(_: object) -> list[str]:
    return []


@dataclass(frozen=True)
class Rule:
    """One rule with everything about it.

    build:    adds it to the CP-SAT model (a soft rule returns its penalty terms);
    check:    finds its violations in a written schedule, independently of the model, one line
              each; `rota cover`, `rota override`, cover requests and the tests use it;
    explain:  why no plan can keep it, judged before any search (cheap);
    diagnose: why it failed once a plan is proven infeasible (may solve small models);
    gappable: --allow-gaps may leave a shift out of it instead of failing."""

    name: str
    build: RuleFn
    phases: tuple[str, ...] = PHASES
    check: CheckFn = _nothing
    explain: ExplainFn = _nothing
    diagnose: ExplainFn = _nothing
    gappable: bool = True
