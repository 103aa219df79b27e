"""A lead pushes the team's newest version to its paging tools again (the Schedule page's
button), gated and audited like publish: the tool then pages whom the plan names."""

from __future__ import annotations

from service.access import Actor, state_changing
from service.actions.changes import require_lead_of_stored
from service.pager.after_publish import after_publish
from service.pager.run import TargetResult
from service.store import Store


@state_changing
def push_again(store: Store, actor: Actor, team_name: str) -> list[TargetResult]:
    require_lead_of_stored(store, actor, team_name, "push to the paging tools")
    return after_publish(store, actor, store.latest_publication(team_name))
