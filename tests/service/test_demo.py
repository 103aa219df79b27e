"""The demo a fresh install opens with, and the shipped schedule it is seeded from.

data/demo/schedule.csv is solver output kept as data, so the app's first start needs no solve.
When the solver's output changes, regenerate it with exactly:

    python -m service.cli solve data/demo/team.yaml --seed 1 --time-limit 10 --out data/demo/schedule.csv
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from scheduler import Solver, load_team, read_schedule
from scheduler.formats.csvfile import schedule_csv
from service.access import ANONYMOUS, CLI_ACTOR, AccessDenied
from service.actions.demo import DEMO_DIR, seed_demo
from tests.harness.hard_rules import violations

REPO = Path(__file__).resolve().parents[2]
WEEK = timedelta(weeks=1)
SHIPPED = DEMO_DIR / "schedule.csv"
REGENERATE = ("python -m service.cli solve data/demo/team.yaml --seed 1 --time-limit 10 "
              "--out data/demo/schedule.csv")


def test_the_shipped_schedule_keeps_every_hard_rule():
    team = load_team(DEMO_DIR / "team.yaml")
    assert violations(read_schedule(SHIPPED, team)) == []


@pytest.mark.regenerate
def test_the_shipped_schedule_is_what_the_solver_writes():
    """If this fails, the solver's output changed: regenerate the file (REGENERATE)."""
    team = load_team(DEMO_DIR / "team.yaml")
    schedule = Solver(team, time_limit=10, seed=1).solve()
    assert schedule.report is not None
    if schedule.report.wall_capped:
        pytest.skip("the machine was too busy for a repeatable run (wall-clock cap)")
    assert schedule_csv(schedule) == SHIPPED.read_text(encoding="utf-8"), \
        f"data/demo/schedule.csv is stale; regenerate it with: {REGENERATE}"


def test_seeding_stores_the_shipped_schedule_without_solving(tmp_path):
    # In a fresh interpreter: OR-Tools (the solver) must not even be imported.
    script = (
        "import sys\n"
        "from service.access import CLI_ACTOR\n"
        "from service.actions.demo import seed_demo\n"
        "from service.store import Store\n"
        f"store = Store('sqlite:///{tmp_path}/rota.db')\n"
        "seed_demo(store, CLI_ACTOR)\n"
        "assert not any(name.startswith('ortools') for name in sys.modules), 'solver loaded'\n"
        "print(store.team_names(), store.latest_version('payments-sre'))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'payments-sre'" in done.stdout and done.stdout.strip().endswith(" 1")


def test_the_seeded_schedule_is_the_shipped_one_with_its_fairness(store):
    seed_demo(store, CLI_ACTOR)
    solved = store.latest_schedule("payments-sre")
    assert solved is not None and solved.schedule_csv == SHIPPED.read_text(encoding="utf-8")
    assert solved.report is not None and solved.report.status == "assessed"
    assert [line.quantity for line in solved.report.fairness] == [
        "shifts", "hours", "weekend", "holiday", "night", "primary"]
    assert store.publication("payments-sre").schedule_csv == solved.schedule_csv
    assert store.incident_count("payments-sre") > 0


def test_only_a_lead_may_seed(store):
    with pytest.raises(AccessDenied):
        seed_demo(store, ANONYMOUS)
    assert store.team_names() == []


# ------------------------------------------------------------------ the demo lives in the present

def _seed_on(tmp_path, today):
    from service.store import Store

    store = Store(f"sqlite:///{tmp_path}/moved.db")
    return store, seed_demo(store, CLI_ACTOR, today=today)


def test_a_plan_that_covers_today_is_seeded_as_shipped(tmp_path):
    store, weeks = _seed_on(tmp_path, date(2026, 12, 7))
    assert weeks == 0
    assert store.publication("payments-sre").schedule_csv == SHIPPED.read_text(encoding="utf-8")


@pytest.mark.parametrize("today", [date(2027, 3, 20), date(2027, 7, 1), date(2026, 2, 3)])
def test_the_demo_moves_by_whole_weeks_so_its_plan_covers_today(tmp_path, today):
    from scheduler.formats.csvfile import parse_schedule

    template_team = load_team(DEMO_DIR / "team.yaml")
    template = read_schedule(SHIPPED, template_team)
    store, weeks = _seed_on(tmp_path, today)
    publication = store.publication("payments-sre")
    team = publication.team
    moved = WEEK * weeks
    assert team.start <= today < team.end
    assert (team.start, team.end) == (template_team.start + moved, template_team.end + moved)
    assert team.start.weekday() == template_team.start.weekday() == 0  # weekdays hold
    # Today is past the paging history (the plan's first 7 weeks) where the plan allows it.
    assert (today - team.start).days >= 7 * 7
    alice = team.member("alice")
    assert alice.time_off[0].start == template_team.member("alice").time_off[0].start + moved
    assert store.team_yaml("global-sre") is not None  # the other demo teams came along
    schedule = parse_schedule(publication.schedule_csv, team)
    assert violations(schedule) == []
    # Same holders shift by shift, on the moved team's own shift times (DST lengths included).
    assert [(a.shift.index, a.role, a.person) for a in schedule.assignments] == [
        (a.shift.index, a.role, a.person) for a in template.assignments]
    zone = team.timezone
    for a, b in zip(schedule.assignments, template.assignments, strict=True):
        assert a.start.astimezone(zone).time() == b.start.astimezone(zone).time()
        assert a.start.astimezone(zone).date() == b.start.astimezone(zone).date() + moved
    # The paging history moved with it: same count, first incident 'weeks' later.
    incidents = store.incidents("payments-sre")
    assert len(incidents) == store_incidents_as_shipped(tmp_path)
    first = incidents["created"].min().to_pydatetime().astimezone(zone)
    assert first.date() == date(2026, 10, 5) + moved


def store_incidents_as_shipped(tmp_path) -> int:
    store, _ = _seed_on(tmp_path / "shipped", date(2026, 12, 7))
    return len(store.incidents("payments-sre"))
