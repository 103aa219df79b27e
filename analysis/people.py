"""Match responder names in an export to team members (contract section 4).

A name matches a member's `id`, then `name`, then `email`, ignoring case, after trimming.
A name that matches nobody is still a person: names differing only in case are one person,
shown as first written (earliest line of the file).
Matching runs on the distinct names only; the frame is then mapped through their codes.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from scheduler.domain import Team


class Roster:
    """Who is who: member lookups by id, name and email, and each person's own zone."""

    def __init__(self, team: Team) -> None:
        self.team = team
        self.members = [m.id for m in team.members]
        self._lookups: list[dict[str, str]] = [
            {m.id.strip().lower(): m.id for m in team.members},
            {m.name.strip().lower(): m.id for m in team.members},
            {m.email.strip().lower(): m.id for m in team.members if m.email},
        ]
        self._zones = {m.id: m.timezone for m in team.members}

    def lookup(self, name: str) -> str | None:
        key = name.strip().lower()
        for table in self._lookups:
            if key in table:
                return table[key]
        return None

    def zone(self, person: str) -> ZoneInfo:
        """A member's own zone; the team zone for an unmatched responder."""
        return self._zones.get(person, self.team.timezone)

    def match(self, names: pd.Series, lines: pd.Series | None = None) -> pd.Series:
        """Person for each name: a member id, else the name as first written; NA stays NA."""
        trimmed = names.astype("str").str.strip()
        trimmed = trimmed.where(trimmed != "")
        codes, uniques = pd.factorize(trimmed.str.lower())
        if not len(uniques):
            return pd.Series(pd.NA, index=names.index, dtype="str")
        order = np.asarray(lines if lines is not None else np.arange(len(names)))
        valid = codes >= 0
        # The first-written spelling of each lower-cased name: its row with the smallest line.
        first_row = (pd.Series(order[valid]).groupby(codes[valid]).idxmin()
                     .reindex(range(len(uniques))).to_numpy())
        written = trimmed.to_numpy(dtype=object)[valid][first_row]
        people = [self.lookup(w) or w for w in written]
        table = np.array([*people, None], dtype=object)
        return pd.Series(table[codes], index=names.index, dtype="str")
