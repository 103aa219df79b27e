"""Rota's LNS: it keeps feasibility, improves a poor start, and repeats exactly."""

import threading
import time

import pytest
from ortools.sat.python import cp_model

from scheduler.solver import lns

SLOTS, MEMBERS = 12, 3


def toy_model():
    """Each slot needs one member; minimise the largest load (balanced optimum: 4 each)."""
    model = cp_model.CpModel()
    x = {(s, m): model.new_bool_var(f"x{s}{m}") for s in range(SLOTS) for m in range(MEMBERS)}
    for s in range(SLOTS):
        model.add_exactly_one(x[(s, m)] for m in range(MEMBERS))
    top = model.new_int_var(0, SLOTS, "top")
    for m in range(MEMBERS):
        model.add(sum(x[(s, m)] for s in range(SLOTS)) <= top)
    model.minimize(top)
    # The worst start: member 0 holds everything.
    values = [0] * len(model.proto.variables)
    for s in range(SLOTS):
        values[x[(s, 0)].index] = 1
    values[top.index] = SLOTS
    return model, x, values


def run(seed: int):
    model, x, values = toy_model()
    return lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)), values,
                       float(SLOTS), budget=2.0, seed=seed, deadline=time.monotonic() + 60,
                       stop=threading.Event())


def test_improves_a_poor_start_and_stays_feasible():
    result = run(seed=3)
    assert result.objective < SLOTS
    _model, x, _ = toy_model()
    loads = [sum(result.values[x[(s, m)].index] for s in range(SLOTS)) for m in range(MEMBERS)]
    assert sum(loads) == SLOTS  # every slot still held exactly once
    assert max(loads) == result.objective


def test_same_seed_same_result():
    assert run(seed=5).values == run(seed=5).values


def test_stop_event_ends_the_search_at_once():
    model, x, values = toy_model()
    stop = threading.Event()
    stop.set()
    result = lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)), values,
                         float(SLOTS), budget=100.0, seed=1, deadline=time.monotonic() + 60, stop=stop)
    assert result.rounds == 0 and result.values == values


def test_patience_stops_early_and_says_what_it_spent():
    model, x, values = toy_model()
    result = lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)), values,
                         float(SLOTS), budget=50.0, seed=2, deadline=time.monotonic() + 60,
                         stop=threading.Event(), patience=4)
    assert result.objective == 4  # the balanced optimum
    assert result.used < 50.0  # stopped after 4 rounds without a better schedule
    assert result.rounds - result.improvements >= 4


def test_pair_rounds_free_the_named_pair_and_move_load_between_them():
    # Member 0 holds everything. The first round is a pair round over members 0 and 1: it
    # rebalances all of their slots at once, 6 and 6, member 2 still none (only the pair was
    # freed). Later rounds of other kinds reach the optimum, 4 each.
    model, x, values = toy_model()
    assert lns.PATTERN_WITH_PAIRS.startswith("P")
    asked: list[list[int]] = []
    found: list[float] = []

    def extremes(current):
        asked.append(current)
        return [(0, 1)]

    result = lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)), values,
                         float(SLOTS), budget=2.0, seed=2, deadline=time.monotonic() + 60,
                         stop=threading.Event(), extremes=extremes,
                         on_improve=lambda objective, _n: found.append(objective))
    assert asked[0] == values  # asked about the starting schedule
    assert found[0] == 6 and result.objective == 4


def test_a_tried_pair_is_not_freed_again_until_something_improves(monkeypatch):
    monkeypatch.setattr(lns, "PATTERN_WITH_PAIRS", "P")  # pair rounds only
    # Minimise the range (largest minus smallest load), starting at 6, 6, 0. The named pair
    # (0, 1) cannot narrow it, so after one try the pair rounds fall back to two random
    # members; (0, 2) or (1, 2) can. Freeing the same pair again and again stays at 6.
    model = cp_model.CpModel()
    x = {(s, m): model.new_bool_var(f"x{s}{m}") for s in range(SLOTS) for m in range(MEMBERS)}
    top, low = model.new_int_var(0, SLOTS, "top"), model.new_int_var(0, SLOTS, "low")
    for s in range(SLOTS):
        model.add_exactly_one(x[(s, m)] for m in range(MEMBERS))
    for m in range(MEMBERS):
        load = sum(x[(s, m)] for s in range(SLOTS))
        model.add(load <= top)
        model.add(load >= low)
    model.minimize(top - low)
    values = [0] * len(model.proto.variables)
    for s in range(SLOTS):
        values[x[(s, 0 if s < SLOTS // 2 else 1)].index] = 1
    values[top.index], values[low.index] = 6, 0
    pairs_asked = []
    result = lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)), values,
                         6.0, budget=1.0, seed=4, deadline=time.monotonic() + 60,
                         stop=threading.Event(),
                         extremes=lambda current: pairs_asked.append(1) or [(0, 1)])
    assert len(pairs_asked) > 1 and result.objective < 6


def test_the_callers_model_is_left_as_it_was():
    # Rounds fix and release variables on a private copy; the model a caller passes in (and
    # searches again later, as solve's phases do) keeps its domains and hint.
    model, x, values = toy_model()
    before = [list(v.domain) for v in model.proto.variables]
    hint = list(model.proto.solution_hint.values)
    run_result = lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)),
                             values, float(SLOTS), budget=0.5, seed=1,
                             deadline=time.monotonic() + 60, stop=threading.Event())
    assert run_result.rounds > 0
    assert [list(v.domain) for v in model.proto.variables] == before
    assert list(model.proto.solution_hint.values) == hint


@pytest.mark.parametrize(("members", "kinds"), [(3, "PWPPMP"), (21, "PWMPWM")])
def test_pairs_get_four_rounds_in_six_on_small_teams_and_one_in_three_on_large(
        monkeypatch, members, kinds):
    seen: list[str] = []
    original = lns._Neighbourhoods.pick

    def pick(self, kind, hot, pair, rng):
        seen.append(kind)
        return original(self, kind, hot, pair, rng)

    monkeypatch.setattr(lns._Neighbourhoods, "pick", pick)
    model = cp_model.CpModel()
    x = {(s, m): model.new_bool_var(f"x{s}_{m}") for s in range(SLOTS) for m in range(members)}
    for s in range(SLOTS):
        model.add_exactly_one(x[(s, m)] for m in range(members))
    values = [0] * len(model.proto.variables)
    for s in range(SLOTS):
        values[x[(s, 0)].index] = 1
    # Pairs never run out (each round names a new one), so every P round frees a pair.
    pairs = [(0, m) for m in range(1, members)] + [(m, 0) for m in range(1, members)]
    lns.improve(model, {k: v.index for k, v in x.items()}, list(range(SLOTS)), values, 0.0,
                budget=10.0, seed=1, deadline=time.monotonic() + 60, stop=threading.Event(),
                extremes=lambda current: pairs, patience=6)
    assert "".join(seen[:6]) == kinds
