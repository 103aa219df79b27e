"""Push one schedule to several paging-tool targets: everything checked first, then written.

Both the CLI (`rota push`) and the app's after-publish hook come through here, so the order the
contract asks for holds on every path: every holder's alias and every tool's credential is
checked before the first request that changes anything (exit 2 names what is missing), and a
target that fails does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduler import PagerTarget, Schedule
from service.pager.base import PagerClient, PagerError
from service.pager.push import PushOutcome, PushTarget, push
from service.pager.wanted import wanted_overrides
from service.store.base import StoreBase

ClientFactory = Callable[[str, str | None, Mapping[str, str]], PagerClient]


@dataclass(frozen=True)
class TargetResult:
    target: PagerTarget
    outcome: PushOutcome | None  # None when it failed
    failure: str | None = None

    def label(self) -> str:
        return f"{self.target.tool} {self.target.target} {self.target.role}"


def schedule_end(schedule: Schedule) -> datetime:
    return max(a.end for a in schedule.assignments)


def push_schedule(schedule: Schedule, targets: Sequence[PagerTarget], store: StoreBase, *,
                  env: Mapping[str, str], by: str, since: datetime,
                  until: datetime | None = None, now: datetime | None = None,
                  api_url: str | None = None, dry_run: bool = False,
                  make_client: ClientFactory | None = None) -> list[TargetResult]:
    """Push to each target in turn; InputError (alias, credential) before any request.
    `by` names who pushed, for the run record (an Actor's label; gates are the caller's)."""
    if make_client is None:
        from service.pager import make_client as registry

        make_client = registry
    until = until or schedule_end(schedule)
    now = now or since
    plans = [(t, wanted_overrides(schedule, t.tool, t.role, since, until)) for t in targets]
    clients: dict[str, PagerClient] = {}
    for t in targets:
        if t.tool not in clients:
            clients[t.tool] = make_client(t.tool, api_url, env)
    results = []
    for t, wanted in plans:
        where = PushTarget(t.tool, t.target, t.role, schedule.team.name, by,
                           schedule.team.timezone)
        try:
            outcome = push(clients[t.tool], store, where, wanted, since, until, now,
                           dry_run=dry_run)
        except PagerError as error:
            results.append(TargetResult(t, None, str(error)))
            continue
        results.append(TargetResult(t, outcome))
    return results
