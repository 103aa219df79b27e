"""Provable lower bounds for the fairness objectives (the metrics themselves: metrics.py).

The balanced measure for each load is the *maximum weighted load*: max over members of
load / fair-share factor. No schedule can do better than a relaxation of the problem that
drops the rest and weekly-cap rules, so:

- for counts (shifts, primary) the relaxation is a b-matching, whose flow polytope is
  integral: the smallest T for which every slot can be routed to an eligible member with
  member capacity floor(T x factor) is an exact bound of the relaxation (max-flow / Hall);
- for hours, slots have different lengths, so we solve the LP relaxation (HiGHS) instead.

Both hold for any schedule, so "achieved == bound" proves optimality for that measure.
"""

from __future__ import annotations

import bisect
import math

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import maximum_flow

from scheduler.problem.loads import Quantity, per_unit
from scheduler.problem.metrics import EPS
from scheduler.problem.slots import Problem
from scheduler.solver.skill_model import skill_bounds


def _count_slots(problem: Problem, quantity: str) -> list[int]:
    return [i for i, col in enumerate(problem.load[quantity]) if col and max(col.values()) > 0]


class _FlowNetwork:
    """source -> slot -> (shift, member) -> member -> sink, built once; only the member
    capacities change between the feasibility checks of the binary search."""

    def __init__(self, problem: Problem, slot_ids: list[int]) -> None:
        n_members = len(problem.members)
        pair_index: dict[tuple[int, int], int] = {}
        rows: list[int] = []
        cols: list[int] = []
        first_slot = 1
        first_pair = first_slot + len(slot_ids)
        slot_pair_edges: list[tuple[int, int]] = []
        for k, slot_index in enumerate(slot_ids):
            rows.append(0)
            cols.append(first_slot + k)
            shift = problem.slots[slot_index].shift.index
            for m in problem.load["shifts"][slot_index]:
                p = pair_index.setdefault((shift, m), len(pair_index))
                slot_pair_edges.append((first_slot + k, first_pair + p))
        first_member = first_pair + len(pair_index)
        self.sink = first_member + n_members
        rows += [a for a, _ in slot_pair_edges]
        cols += [b for _, b in slot_pair_edges]
        rows += [first_pair + p for p in pair_index.values()]
        cols += [first_member + m for (_, m) in pair_index]
        self.fixed = len(rows)
        rows += [first_member + m for m in range(n_members)]
        cols += [self.sink] * n_members
        self.rows, self.cols = np.array(rows), np.array(cols)
        self.need = len(slot_ids)

    def feasible(self, caps: list[int]) -> bool:
        data = np.ones(len(self.rows), dtype=np.int32)
        data[self.fixed:] = np.maximum(0, np.array(caps, dtype=np.int32))
        graph = sparse.csr_array((data, (self.rows, self.cols)), shape=(self.sink + 1, self.sink + 1))
        return maximum_flow(graph, 0, self.sink).flow_value >= self.need


def count_bound(problem: Problem, quantity: str, floor: float = 0.0) -> float:
    """Exact min-max weighted count of the flow relaxation (binary search over T).

    `floor` is a known lower bound (the LP's) that narrows the search."""
    slot_ids = _count_slots(problem, quantity)
    if not slot_ids:
        return 0.0
    factors = problem.factor[quantity]
    n = len(slot_ids)
    candidates = sorted({k / f for f in factors if f > EPS for k in range(n + 1)})
    network = _FlowNetwork(problem, slot_ids)

    def feasible(t: float) -> bool:
        return network.feasible([math.floor(t * f + EPS) if f > EPS else 0 for f in factors])

    lo = max(0, bisect.bisect_left(candidates, floor - 1e-6) - 1)
    hi = len(candidates) - 1
    if not feasible(candidates[hi]):
        return float("nan")  # some slot has nobody eligible: no bound on full coverage
    while lo < hi:
        mid = (lo + hi) // 2
        if feasible(candidates[mid]):
            hi = mid
        else:
            lo = mid + 1
    return candidates[lo]


def lp_bound(problem: Problem, quantity: Quantity) -> float:
    """LP relaxation: min T s.t. slots fractionally covered, one role per shift per member,
    and load_m <= T x factor_m. Returns T in the quantity's unit."""
    name = quantity.name
    factors = problem.factor[name]
    var_slot: list[int] = []
    var_member: list[int] = []
    var_load: list[float] = []
    for slot_index, col in enumerate(problem.load["shifts"]):
        for m in col:
            var_slot.append(slot_index)
            var_member.append(m)
            var_load.append(problem.load[name][slot_index].get(m, 0) / per_unit(quantity))
    n_vars = len(var_slot) + 1  # the last variable is T
    if len(var_slot) == 0:
        return 0.0
    t_col = n_vars - 1
    v = np.arange(len(var_slot))
    members = np.array(var_member)
    loads = np.array(var_load)
    covered = sorted(set(var_slot))
    slot_row = {s: i for i, s in enumerate(covered)}
    a_eq = sparse.csr_array(
        (np.ones(len(v)), (np.array([slot_row[s] for s in var_slot]), v)),
        shape=(len(covered), n_vars),
    )
    b_eq = np.ones(len(covered))
    # load_m - T f_m <= 0
    rows_cap = members
    cap = sparse.coo_array((loads, (rows_cap, v)), shape=(len(problem.members), n_vars)).tocsr()
    t_column = sparse.csr_array(
        (-np.array(factors), (np.arange(len(problem.members)), np.full(len(problem.members), t_col))),
        shape=(len(problem.members), n_vars),
    )
    a_cap = cap + t_column
    # one role per (shift, member)
    shift_of = np.array([problem.slots[s].shift.index for s in var_slot])
    pair_keys = shift_of * len(problem.members) + members
    _, pair_rows = np.unique(pair_keys, return_inverse=True)
    a_pair = sparse.csr_array(
        (np.ones(len(v)), (pair_rows, v)), shape=(int(pair_rows.max()) + 1, n_vars)
    )
    a_ub = sparse.vstack([a_cap, a_pair]).tocsr()
    b_ub = np.concatenate([np.zeros(len(problem.members)), np.ones(a_pair.shape[0])])
    cost = np.zeros(n_vars)
    cost[t_col] = 1.0
    bounds = [(0, 1)] * (n_vars - 1) + [(0, None)]
    # Members with factor 0 must carry none of this load.
    zero = [m for m, f in enumerate(factors) if f <= EPS]
    for k in np.flatnonzero(np.isin(members, zero) & (loads > 0)):
        bounds[k] = (0, 0)
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                     method="highs")
    if result.status != 0:
        return float("nan")
    return float(result.x[t_col])


def lower_bounds(problem: Problem) -> dict[str, float]:
    """A lower bound on the maximum weighted load, per balanced quantity."""
    out: dict[str, float] = {}
    for quantity in problem.quantities:
        bound = lp_bound(problem, quantity)
        step = _whole_step(problem, quantity.name)
        if quantity.unit == "shifts" or step is not None:
            # Counts, or hours that every slot carries in one size (e.g. 10 night hours a
            # night shift): the flow bound on those slots, times that size, is exact.
            size = 1 if step is None else step / per_unit(quantity)
            floor = 0.0 if math.isnan(bound) else bound / size
            exact = count_bound(problem, quantity.name, floor)
            if not math.isnan(exact):
                bound = max(bound, exact * size) if not math.isnan(bound) else exact * size
        elif not math.isnan(bound):
            bound = _round_up_to_loads(problem, quantity, bound)
        out[quantity.name] = bound
    # Required skills (section 7) make their holders carry every shift between them.
    for name, forced in skill_bounds(problem).items():
        out[name] = forced if math.isnan(out[name]) else max(out[name], forced)
    return out


def _amounts(problem: Problem, quantity: str) -> set[int]:
    return {a for col in problem.load[quantity] for a in col.values() if a > 0}


def _whole_step(problem: Problem, quantity: str) -> int | None:
    """The one size the load has on every slot that carries it, for every eligible member
    (so routing such a slot to anyone adds exactly that much), if there is one."""
    sizes = _amounts(problem, quantity)
    if len(sizes) != 1:
        return None
    step = next(iter(sizes))
    for col in problem.load[quantity]:
        if any(col.values()) and set(col.values()) != {step}:
            return None
    return step


def _round_up_to_loads(problem: Problem, quantity: Quantity, bound: float) -> float:
    """Loads come in whole slots: a member's raw load is a multiple of the gcd of the slot
    amounts. Some member's weighted load reaches `bound`, so the smallest value at or above
    it that any member's load can take is still a bound."""
    step = math.gcd(*_amounts(problem, quantity.name))
    if step == 0:
        return bound
    unit = per_unit(quantity)
    best = math.inf
    for f in problem.factor[quantity.name]:
        if f > EPS:
            raw = math.ceil(bound * f * unit / step - 1e-7) * step
            best = min(best, raw / unit / f)
    return bound if best == math.inf else max(bound, best)
