"""Import a paging export into the store: read it once (analysis.read_pages), then keep its
incidents per team, so overlapping files never double-count."""

from __future__ import annotations

from typing import Any

from analysis import read_pages
from scheduler import Team
from service.access import Actor, state_changing
from service.actions.changes import require_lead_of_stored
from service.store import Store, audit


@state_changing
def import_export(store: Store, team: Team, data: bytes, filename: str, actor: Actor
                  ) -> dict[str, Any]:
    """Parse and store one export; returns the counts and the rejected rows. Raises
    PagesFileError (nothing stored) if the file cannot be read at all, and AccessDenied
    unless the actor leads the team as stored."""
    require_lead_of_stored(store, actor, team.name, "import paging history")
    pages = read_pages(data, team.timezone)
    counts = store.import_pages(team.name, filename, pages.format, pages.rows, pages.incidents,
                                pages.rejected, pages.duplicates, pages.identities)
    audit.record(store, actor, "import", team.name,
                 f"{filename} ({pages.format}): {counts['added']} new, "
                 f"{counts['already_stored']} already stored, {len(pages.rejected)} rejected")
    return {**counts, "format": pages.format, "rows": pages.rows,
            "duplicates": pages.duplicates, "rejected": pages.rejected}
