"""The invariant behind contract section 11: after any sequence of publishing, overrides,
re-plans and pushes, with "now" moving on, the local PagerDuty pages at every instant from now
to the end of the plan exactly the holder Rota's newest version names (it works out who is paged
from its overrides, the newest covering override winning, as PagerDuty does)."""

from __future__ import annotations

import random

import pytest

from scheduler import Schedule
from scheduler.living.overrides import Override, apply_override
from service.pager.pagerduty import PagerDutyClient
from service.pager.push import PushTarget, push
from service.pager.wanted import tool_user, wanted_overrides
from service.store import Store
from tests.pager.conftest import HOUR, MONDAY_9, PLAN, TEAM, USERS, schedule
from tests.pager.servers.pagerduty_server import TOKEN, FakePagerDuty, running

END = MONDAY_9 + 48 * HOUR
WHERE = PushTarget("pagerduty", "PSCHED1", "primary", TEAM.name, "test", TEAM.timezone)
PEOPLE = ("alice", "bob", "carol")


def holder(plan: Schedule, at) -> str | None:  # type: ignore[no-untyped-def]
    person = next((a.person for a in plan.assignments if a.start <= at < a.end), None)
    return tool_user(plan, person, "pagerduty") if person else None


def next_version(plan: Schedule, rng: random.Random, now) -> Schedule:  # type: ignore[no-untyped-def]
    if rng.random() < 0.3:  # a re-plan: new holders for the whole horizon
        return schedule(*(rng.choice(PEOPLE) for _ in PLAN))
    start = MONDAY_9 + rng.randrange(0, 47) * HOUR
    end = min(start + rng.randrange(1, 14) * HOUR, END)
    covered = {a.person for a in plan.assignments if a.start < end and start < a.end}
    person = rng.choice([p for p in PEOPLE if p not in covered] or list(PEOPLE))
    return apply_override(plan, Override("primary", person, start, end)).schedule


@pytest.mark.parametrize("seed", range(6))
def test_the_tool_pages_rotas_newest_holder_at_every_instant_from_now_on(seed, tmp_path):
    rng = random.Random(seed)
    store = Store(f"sqlite:///{tmp_path / 'rota.db'}")
    fake = FakePagerDuty(USERS, now=MONDAY_9 - HOUR)
    plan = schedule()
    with running(fake):
        client = PagerDutyClient(TOKEN, fake.url, batch=3)
        now = MONDAY_9 - HOUR
        for _ in range(6):
            plan = next_version(plan, rng, now)
            if rng.random() < 0.5:
                now = min(now + rng.randrange(0, 10) * HOUR, END - HOUR)
            fake.now = now
            wanted = wanted_overrides(plan, "pagerduty", "primary", now, END)
            push(client, store, WHERE, wanted, now, END, now)
            instants = [now + k * HOUR / 2 for k in range(int((END - now) / HOUR) * 2)]
            assert [fake.paged("PSCHED1", t) for t in instants] == \
                   [holder(plan, t) for t in instants], f"seed {seed}"
            again = push(client, store, WHERE, wanted, now, END, now)
            assert (again.created, again.deleted) == (0, 0)
    assert fake.invalid == []
