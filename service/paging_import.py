"""Import a paging export into the store: read it once (analysis.read_pages), then keep its
incidents per team, so overlapping files never double-count."""

from __future__ import annotations

from typing import Any

from analysis import read_pages
from scheduler.domain import Team

from .access import Actor, require_lead
from .store import Store


def import_export(store: Store, team: Team, data: bytes, filename: str, actor: Actor
                  ) -> dict[str, Any]:
    """Parse and store one export; returns the counts and the rejected rows. Raises
    PagesFileError (nothing stored) if the file cannot be read at all."""
    require_lead(actor, team, "import paging history")
    pages = read_pages(data, team.timezone)
    counts = store.import_pages(team.name, filename, pages.format, pages.rows, pages.incidents,
                                pages.rejected, pages.duplicates, pages.identities)
    return {**counts, "format": pages.format, "rows": pages.rows,
            "duplicates": pages.duplicates, "rejected": pages.rejected}
