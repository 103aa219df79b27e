"""What a rule builds on: the spec of the model being built and the variables the rules fill
in list order."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.problem.slots import Problem
from scheduler.solver import builders as constraints


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
    book: constraints.HintBook = field(default_factory=constraints.HintBook)
    x: constraints.X = field(default_factory=dict)
    works: constraints.Works = field(default_factory=dict)
    # One gap literal per slot that may stay empty (with gaps allowed; none on kept history),
    # in slot order; `gap_slots` names the slot of each.
    gaps: list[constraints.Penalty] = field(default_factory=list)
    gap_slots: list[int] = field(default_factory=list)
    tops: dict[str, cp_model.IntVar] = field(default_factory=dict)
    costs: dict[str, list[constraints.Penalty]] = field(default_factory=dict)
    # shadow[(shift, trainee)]: the trainee holds that shift's shadow row (section 7)
    shadow: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)

    def hint(self, holders: list[int | None]) -> None:
        """Hint a full starting schedule, auxiliary variables included."""
        self.book.apply(self.model, self.problem, self.x, holders)

    @property
    def assignment(self) -> dict[tuple[int, int], int]:
        """(slot, member) -> variable index, for the LNS."""
        return {key: var.index for key, var in self.x.items()}
