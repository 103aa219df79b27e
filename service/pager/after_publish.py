"""The app's hook: after every publish, push the new version to the team's `pager:` targets.

Called once at the end of each publish path (publish, override and cover approval, re-plan),
after the version is stored and audited. A push failure never undoes or fails the publish: the
plan is what Rota promised, and the failure is recorded per target (push_runs) for the Schedule
page, where a lead can push again. Credentials come from the server's environment;
`ROTA_<TOOL>_API_URL` (e.g. ROTA_PAGERDUTY_API_URL) replaces a tool's public address.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from scheduler import InputError
from service.access import Actor
from service.pager.run import TargetResult, push_schedule
from service.store import Publication, Store, audit, pushes


def api_url_variable(tool: str) -> str:
    return f"ROTA_{tool.upper().replace('-', '_')}_API_URL"


def after_publish(store: Store, actor: Actor, publication: Publication, *,
                  env: Mapping[str, str] | None = None,
                  now: datetime | None = None) -> list[TargetResult]:
    """Push `publication` to every target its team file lists; [] when it lists none."""
    targets = publication.team.pager
    if not targets:
        return []
    env = os.environ if env is None else env
    now = now or datetime.now(UTC)
    results: list[TargetResult] = []
    for tool in dict.fromkeys(t.tool for t in targets):
        mine = [t for t in targets if t.tool == tool]
        try:
            results += push_schedule(publication.schedule, mine, store, env=env,
                                     by=actor.label, since=now, now=now,
                                     api_url=env.get(api_url_variable(tool)) or None)
        except InputError as error:  # an alias or credential missing: nothing was sent
            results += [TargetResult(t, None, str(error)) for t in mine]
            for t in mine:
                pushes.record_run(store, pushes.PushRun(
                    at=now, team=publication.team_name, tool=t.tool, target=t.target,
                    role=t.role, created=0, deleted=0, unchanged=0, kept=0,
                    failure=str(error), actor=actor.label))
    audit.record(store, actor, "push", publication.team_name,
                 f"version {publication.version}: " + "; ".join(_line(r) for r in results))
    return results


def _line(result: TargetResult) -> str:
    if result.outcome is None:
        return f"{result.label()} failed: {result.failure}"
    return f"{result.label()}: {result.outcome.summary()}"
