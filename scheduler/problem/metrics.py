"""The fairness metrics: each member's raw load, the maximum weighted load, the range and
Grafana's balance score (within the pools of members who share a load).

The solver's rules, the bounds, the report and the history all measure loads with these, so
they live below all of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.problem.loads import Quantity, per_unit
from scheduler.problem.slots import Problem

EPS = 1e-9


def weighted_loads(problem: Problem, holders: Sequence[int | None], quantity: str) -> list[float]:
    """Raw load per member for `quantity` (whole counts or minutes, as floats), given the
    member index holding each slot."""
    totals = [0.0] * len(problem.members)
    column = problem.load[quantity]
    for slot_index, member in enumerate(holders):
        if member is not None:
            totals[member] += column[slot_index].get(member, 0)
    return totals


def max_weighted(problem: Problem, quantity: Quantity, raw: Sequence[float]) -> float:
    factors = problem.factor[quantity.name]
    unit = per_unit(quantity)
    values = [raw[m] / unit / f for m, f in enumerate(factors) if f > EPS]
    return max(values, default=0.0)


def member_pools(problem: Problem) -> list[list[int]]:
    """Members who share loads: one pool per site (sites share nothing), in team order."""
    pools: dict[str | None, list[int]] = {}
    for m, member in enumerate(problem.team.members):
        pools.setdefault(member.site, []).append(m)
    return list(pools.values())


def _weighted_by_pool(problem: Problem, quantity: Quantity,
                      raw: Sequence[float]) -> list[list[float]]:
    factors = problem.factor[quantity.name]
    unit = per_unit(quantity)
    return [[raw[m] / unit / factors[m] for m in pool if factors[m] > EPS]
            for pool in member_pools(problem)]


def load_range(problem: Problem, quantity: Quantity, raw: Sequence[float]) -> float:
    """Largest minus smallest weighted load among the members who share the load, the
    widest over pools (contract section 1)."""
    return max((max(v) - min(v) for v in _weighted_by_pool(problem, quantity, raw) if v),
               default=0.0)


def balance_score(problem: Problem, quantity: Quantity, raw: Sequence[float]) -> float:
    """Grafana's balance score: the mean over member pairs (within a pool) of the smaller
    weighted load over the larger; 1 is perfectly even. Two members with none count as 1."""
    total, pairs = 0.0, 0
    for values in _weighted_by_pool(problem, quantity, raw):
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                hi = max(a, b)
                total += min(a, b) / hi if hi > EPS else 1.0
                pairs += 1
    return total / pairs if pairs else 1.0
