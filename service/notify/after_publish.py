"""The one call the publish paths make: send the change messages of the version just published.

A failed delivery must not undo or block a publish, so this never raises for delivery; the
failures are in the result (and in the delivery log), and `rota notify` retries them.
"""

from __future__ import annotations

from service.notify.run import NotifyResult, notify_team
from service.store import Store
from service.store.base import now


def send_change_notices(store: Store, team_name: str, app_url: str | None = None
                        ) -> NotifyResult:
    """Change messages only (reminders and handoffs are the timer's job)."""
    newest = store.publication(team_name)
    if newest is None or newest.team.notify is None:
        return NotifyResult()
    return notify_team(store, team_name, now(), app_url=app_url, kinds=("change",))
