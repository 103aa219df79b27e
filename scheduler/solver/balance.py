"""The fairness rule: per load and per pool of members who share it (a site), the largest
and the smallest weighted load, so the objective can close the range between them.

Weighted load = load / fair-share factor. For members with factor f (in thousandths F),
`FACTOR_SCALE * res * load <= top * F` makes `top / res` an upper bound on the weighted load
in load units (counts, or minutes for hours), and `low * F <= FACTOR_SCALE * res * load` makes
`low / res` a lower bound. Costs are per "one shift's worth" of each load (see `shift_worth`),
so ten night hours weigh like one night shift, not like ten shifts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.problem.loads import Quantity, per_unit
from scheduler.problem.metrics import member_pools
from scheduler.problem.slots import Problem
from scheduler.solver.builders import HintBook, HintState, Penalty, X

FACTOR_SCALE = 1000  # fair-share factors become integers in thousandths
TOP_SHARE = 1.25  # the largest load costs a little more than the smallest earns: range first, then max
# Each member's weighted load above their pro-rata target costs this share of the range cost.
# The range alone is flat while several members tie at the top; the targets give every move
# that evens two members out a reward, so the search can see it.
TARGET_SHARE = 0.5
TARGETLESS = ("shifts", "hours")  # already held at their bound by phase "core"


def shift_worth(problem: Problem, quantity: Quantity) -> float:
    """One shift's worth of a load, in its integer unit: 1 for counts, else the mean amount
    of the slots that carry it (a night shift's night minutes, a weekend shift's weekend
    minutes)."""
    if quantity.unit == "shifts":
        return 1.0
    amounts = [max(col.values()) for col in problem.load[quantity.name] if col and max(col.values()) > 0]
    return sum(amounts) / len(amounts) if amounts else float(problem.average_shift_minutes)


@dataclass
class _Load:
    """One quantity's member load variables and its weighted-load resolution."""

    name: str
    res: int  # 1/100 shift for counts, 1 minute for hours
    var: dict[int, cp_model.IntVar]  # member -> load (preload included)
    big_f: dict[int, int]  # member -> factor in thousandths
    upper: int
    least: int = 0  # negative when a history excess below fair share is preloaded

    def weighted(self, st: HintState, m: int, up: bool) -> int:
        scaled = FACTOR_SCALE * self.res * st.load(self.name, m)
        return -(-scaled // self.big_f[m]) if up else scaled // self.big_f[m]


def _member_loads(model: cp_model.CpModel, problem: Problem, x: X, quantity: Quantity,
                  book: HintBook) -> _Load:
    q = quantity.name
    res = 100 if quantity.unit == "shifts" else 1
    terms: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    for (slot_index, m), var in x.items():
        amount = problem.load[q][slot_index].get(m, 0)
        if amount:
            terms.setdefault(m, []).append((var, amount))
    factors = problem.factor[q]
    preload = problem.preload.get(q) or [0] * len(problem.members)
    total = sum(a for mine in terms.values() for _, a in mine) + sum(abs(p) for p in preload)
    load = _Load(q, res, {}, {}, int(FACTOR_SCALE * res * total) + 1)
    if min(preload, default=0) < 0:
        load.least = -load.upper
    # One variable per member's load, so the bounds below share one long sum.
    for m in sorted(terms):
        if factors[m] <= 1e-9:
            continue
        mine = terms[m]
        var = model.new_int_var(min(0, preload[m]), sum(a for _, a in mine) + max(0, preload[m]),
                                f"load[{q},{problem.members[m]}]")
        planned = sum(v * amount for v, amount in mine)
        model.add(var == (planned + preload[m] if preload[m] else planned))
        book.add(var, lambda st, q=q, m=m: st.load(q, m))
        load.var[m] = var
        load.big_f[m] = max(1, round(factors[m] * FACTOR_SCALE))
    return load


def _team_top(model: cp_model.CpModel, load: _Load, bound: float | None,
              quantity: Quantity, book: HintBook) -> cp_model.IntVar:
    """The largest weighted load over the whole team, floored at its provable bound."""
    top = model.new_int_var(load.least, load.upper, f"max_weighted[{load.name}]")
    floor_value = 0
    if bound is not None and bound == bound and bound > 0:  # NaN-safe
        floor_value = int(0.999 * load.res * bound * per_unit(quantity))
        model.add(top >= floor_value)
    everyone = list(load.var)
    book.add(top, lambda st: max([floor_value, *(load.weighted(st, m, True) for m in everyone)]))
    for m, var in load.var.items():
        model.add(FACTOR_SCALE * load.res * var <= top * load.big_f[m])
    return top


def _pool_extremes(model: cp_model.CpModel, load: _Load, active: list[int], tag: str,
                   book: HintBook) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    top = model.new_int_var(load.least, load.upper, f"max_weighted[{tag}]")
    low = model.new_int_var(load.least, load.upper, f"min_weighted[{tag}]")
    for m in active:
        scaled = FACTOR_SCALE * load.res * load.var[m]
        model.add(scaled <= top * load.big_f[m])
        model.add(low * load.big_f[m] <= scaled)
    book.add(top, lambda st: max(load.weighted(st, m, True) for m in active))
    book.add(low, lambda st: min(load.weighted(st, m, False) for m in active))
    return top, low


def _target_excess(model: cp_model.CpModel, problem: Problem, load: _Load, per_var: float,
                   book: HintBook) -> list[Penalty]:
    """Per member, the load above the pro-rata target (total x factor / sum of factors), in
    the load's resolution, costed as weighted load (divided by the factor)."""
    total = sum(max(col.values(), default=0) for col in problem.load[load.name])
    total += sum(problem.preload.get(load.name) or [])
    factor_sum = sum(load.big_f.values()) or 1
    penalties: list[Penalty] = []
    for m, var in load.var.items():
        target = round(load.res * total * load.big_f[m] / factor_sum)
        excess = model.new_int_var(0, load.res * (total + 1),
                                   f"over_target[{load.name},{problem.members[m]}]")
        model.add(excess >= load.res * var - target)
        book.add(excess, lambda st, m=m, t=target: max(0, load.res * st.load(load.name, m) - t))
        cost = TARGET_SHARE * per_var * FACTOR_SCALE / load.big_f[m]
        penalties.append((excess, max(1, round(cost))))
    return penalties


def fairness(model: cp_model.CpModel, problem: Problem, x: X, importance: dict[str, float],
             scale: float, book: HintBook, bounds: dict[str, float] | None = None,
             only: tuple[str, ...] | None = None,
             ) -> tuple[list[Penalty], dict[str, cp_model.IntVar]]:
    """Per quantity the team-wide top (returned, for caps) and per pool the range terms:
    importance x scale per one shift's worth of range, the top weighted TOP_SHARE times."""
    penalties: list[Penalty] = []
    tops: dict[str, cp_model.IntVar] = {}
    pools = member_pools(problem)
    for quantity in problem.quantities:
        if only is not None and quantity.name not in only:
            continue
        load = _member_loads(model, problem, x, quantity, book)
        tops[quantity.name] = _team_top(model, load, (bounds or {}).get(quantity.name),
                                        quantity, book)
        per_var = importance.get(quantity.name, 0.0) * scale / (
            shift_worth(problem, quantity) * load.res)
        for pool in pools:
            active = [m for m in pool if m in load.var]
            if not active:
                continue
            site = problem.team.members[active[0]].site
            top, low = _pool_extremes(model, load, active, f"{quantity.name}/{site or 'all'}", book)
            penalties.append((top, max(1, round(TOP_SHARE * per_var))))
            penalties.append((low, -max(1, round(per_var))))
        if only is None and quantity.name not in TARGETLESS:
            penalties += _target_excess(model, problem, load, per_var, book)
    return penalties, tops


def extreme_pairs(problem: Problem, weighted: Callable[[Quantity], list[float | None]],
                  worth: dict[str, float], depth: int = 3) -> list[tuple[int, int]]:
    """Pairs of members an LNS round should free together, widest first: per load and pool,
    one of the `depth` most loaded with one of the `depth` least loaded, ranked by the
    difference of their weighted loads in shifts' worth. Freeing both lets CP-SAT move load
    from one to the other (a night for a day of the same length, say)."""
    ranked: dict[tuple[int, int], float] = {}
    for quantity in problem.quantities:
        if worth[quantity.name] == float("inf"):
            continue
        values = weighted(quantity)
        for pool in member_pools(problem):
            share = sorted((values[m], m) for m in pool if values[m] is not None)
            if len(share) < 2:
                continue
            for lo_value, lo in share[:depth]:
                for hi_value, hi in share[-depth:]:
                    gap = (hi_value - lo_value) / worth[quantity.name]  # type: ignore[operator]
                    if hi != lo and gap > ranked.get((hi, lo), 0.0):
                        ranked[(hi, lo)] = gap
    return sorted(ranked, key=lambda pair: (-ranked[pair], pair))
