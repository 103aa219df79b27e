"""A provable lower bound on each load's range (largest minus smallest weighted load).

Loads come in whole slots, so an even split is often impossible: with 364 nights of 10 hours
and three half-time members among twelve, no schedule puts every weighted night load within
10 hours of the others. The bound makes the range's gap the real one.

Relaxation: group the slots that carry the load by the amount each member would get from
them (a 10-hour night, a 9-hour DST night, a 3-hour Sunday evening). A schedule gives each
member a count per group, at most the group's slots that member is eligible for, and the
counts of a group add up to its slots (at most, where other pools or gaps may take some).
The smallest range over all such counts, found by a small CP-SAT model, holds for every
schedule, since rest, overlap and weekly caps are dropped.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ortools.sat.python import cp_model

from scheduler.problem.loads import Quantity, per_unit
from scheduler.problem.metrics import EPS, member_pools
from scheduler.problem.slots import Problem

PRECISION = 1_000_000  # fair-share factors in millionths
RESOLUTION = 100_000  # the range is found in 1e-5 of the load's integer unit
# Deterministic time per load and pool: most are proven optimal in a few milliseconds; when
# one is cut short (weekend hours of a 40-person year), the part proven is still a bound.
SEARCH_LIMIT = 1.0


Group = tuple[tuple[int, int], ...]  # (member, amount) pairs, or ((-1, amount),) for all
_Groups = tuple[Counter[Group], dict[Group, Counter[int]], dict[Group, bool]]


def range_bounds(problem: Problem, covered: bool = True,
                 limit: float = SEARCH_LIMIT) -> dict[str, float]:
    """Per load, the least range any schedule can reach, in the load's unit (widest pool).
    `covered`: every slot is held (else a group's counts may fall short of its slots).
    `limit`: CP-SAT's deterministic time per load and pool."""
    return {q.name: max((_pool_bound(problem, q, pool, covered, limit)
                         for pool in member_pools(problem)), default=0.0)
            for q in problem.quantities}


def _pool_bound(problem: Problem, quantity: Quantity, pool: list[int], covered: bool,
                limit: float) -> float:
    factors = problem.factor[quantity.name]
    sharing = [m for m in pool if factors[m] > EPS]
    if len(sharing) < 2:
        return 0.0
    inside = set(sharing)
    groups: Counter[Group] = Counter()
    eligible: dict[Group, Counter[int]] = defaultdict(Counter)
    exact: dict[Group, bool] = defaultdict(lambda: covered)
    for column in problem.load[quantity.name]:
        mine = tuple(sorted((m, a) for m, a in column.items() if m in inside and a > 0))
        if not mine:
            continue
        signature = tuple(sorted({a for _, a in mine}))  # grouped by the amounts on offer
        key = tuple((m, a) for m, a in mine)
        group = _group_key(signature, key)
        groups[group] += 1
        for m, _ in mine:
            eligible[group][m] += 1
        if any(m not in inside for m in column) or len(column) != len(mine):
            exact[group] = False  # someone outside the pool, or with no load, may take it
    if not groups:
        return 0.0
    return _solve(problem, quantity, sharing, (groups, eligible, exact), limit)


def _group_key(signature: tuple[int, ...], key: Group) -> Group:
    """Slots whose members all get one amount group by that amount alone; others (night in
    each member's own zone) group by who gets what."""
    return ((-1, signature[0]),) if len(signature) == 1 else key


def _solve(problem: Problem, quantity: Quantity, sharing: list[int], grouped: _Groups,
           limit: float) -> float:
    """min top - low over integer counts per group and member, where top and low bound
    RESOLUTION x load / factor from above and below (factors in millionths)."""
    groups, eligible, exact = grouped
    model = cp_model.CpModel()
    loads: dict[int, list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
    for group, slots in groups.items():
        amounts = dict(group)
        counts = []
        for m in sharing:
            if cap := eligible[group][m]:
                count = model.new_int_var(0, cap, "")
                counts.append(count)
                loads[m].append((count, amounts.get(m, amounts.get(-1, 0))))
        model.add(sum(counts) == slots) if exact[group] else model.add(sum(counts) <= slots)
    factors = problem.factor[quantity.name]
    big_f = {m: max(1, round(factors[m] * PRECISION)) for m in sharing}
    total = sum(max(a for _, a in group) * n for group, n in groups.items())
    biggest = total * RESOLUTION * PRECISION // min(big_f.values()) + 1
    top = model.new_int_var(0, biggest, "top")
    low = model.new_int_var(0, biggest, "low")
    for m in sharing:
        load = sum(count * amount for count, amount in loads[m])
        model.add(RESOLUTION * PRECISION * load <= top * big_f[m])
        model.add(low * big_f[m] <= RESOLUTION * PRECISION * load)
    model.minimize(top - low)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = limit
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0.0
    # top and low are rounded outward by one unit each, the factors by half a millionth
    # (a relative error below 1e-6 on loads up to `total`).
    slack = 2 / RESOLUTION + 2e-6 * total / min(factors[m] for m in sharing)
    spread = solver.best_objective_bound / RESOLUTION
    return max(0.0, (spread - slack) / per_unit(quantity))
