"""The solve report: per load the achieved maximum weighted load beside its provable bound
and the round-robin figure, each member's load and pro-rata target, what each soft rule cost,
and whether the wall clock cut the search short."""

from __future__ import annotations

import math

from scheduler.domain import Assignment, FairnessLine, Schedule, SolveReport
from scheduler.formats.csvfile import row_order
from scheduler.problem.loads import per_unit
from scheduler.problem.metrics import balance_score, load_range, max_weighted, weighted_loads
from scheduler.problem.slots import Problem
from scheduler.solver.bounds.fairness import lower_bounds
from scheduler.solver.greedy import round_robin

WALL_CAPPED_NOTE = ("a safety cap (CPU or wall clock) cut the search short before its "
                    "deterministic budget was spent (the machine was slow or very busy); another "
                    "run with the same inputs may give a different schedule")


def fill_fairness(report: SolveReport, problem: Problem, holders: list[int | None],
                  bounds: dict[str, float] | None = None) -> None:
    """Achieved versus bound per quantity, plus each member's raw load and pro-rata target."""
    bounds = bounds if bounds is not None else lower_bounds(problem)
    baseline = round_robin(problem)
    for quantity in problem.quantities:
        raw = weighted_loads(problem, holders, quantity.name)
        rr_raw = weighted_loads(problem, baseline, quantity.name)
        report.fairness.append(FairnessLine(
            quantity=quantity.name,
            unit=quantity.unit,
            achieved=max_weighted(problem, quantity, raw),
            bound=bounds[quantity.name],
            round_robin=max_weighted(problem, quantity, rr_raw),
            range=load_range(problem, quantity, raw),
            balance=balance_score(problem, quantity, raw),
        ))
        unit = per_unit(quantity)
        total = sum(raw) / unit
        factors = problem.factor[quantity.name]
        total_f = sum(factors) or 1.0
        for m, member in enumerate(problem.members):
            report.loads.setdefault(member, {})[quantity.name] = raw[m] / unit
            report.targets.setdefault(member, {})[quantity.name] = total * factors[m] / total_f


def mark_wall_capped(report: SolveReport) -> None:
    report.wall_capped = True
    report.notes.append(WALL_CAPPED_NOTE)


def to_schedule(problem: Problem, holders: list[int | None], report: SolveReport | None,
                shadows: list[Assignment] | None = None) -> Schedule:
    """Rows in CSV order; `shadows` (section 7) come right after their shift's roles."""
    assignments = [
        Assignment(slot.shift, slot.role, problem.members[h] if h is not None else None)
        for slot, h in zip(problem.slots, holders, strict=True)
    ]
    if shadows:
        assignments = sorted([*assignments, *shadows], key=row_order(problem.team))
    return Schedule(problem.team, problem.shifts, assignments, report)


def fairness_table(report: SolveReport) -> str:
    """A plain-text table: per load the largest weighted load (achieved) beside its bound,
    the range (largest minus smallest) and balance score, the round-robin figure and a
    verdict; then what each soft rule cost and the report's notes."""
    lines = [f"{'load':<10}{'achieved':>10}{'bound':>10}{'range':>9}{'balance':>9}"
             f"{'round-robin':>13}  verdict"]
    for line in report.fairness:
        if math.isnan(line.bound):
            verdict = "no bound (gaps)"
        elif line.gap <= 1e-6:
            verdict = "optimal"
        else:
            verdict = f"within {line.gap:.2f} {line.unit} of the bound"
        rr = f"{line.round_robin:.2f}" if line.round_robin is not None else "-"
        spread = f"{line.range:.2f}" if line.range is not None else "-"
        balance = f"{line.balance:.3f}" if line.balance is not None else "-"
        lines.append(f"{line.quantity:<10}{line.achieved:>10.2f}{line.bound:>10.2f}{spread:>9}"
                     f"{balance:>9}{rr:>13}  {verdict}")
    if report.costs:
        paid = ", ".join(f"{name} {cost:,}" for name, cost in report.costs.items())
        lines.append(f"soft-rule cost (objective points): {paid}")
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(lines)
