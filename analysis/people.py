"""Match responder names in an export to team members (contract section 4).

A name matches a member's `id`, then `name`, then `email`, then any of the member's `aliases`
(ids other tools give them), ignoring case, after trimming. A name for which the export gave
other handles (a PagerDuty user id beside the name) also matches through those handles.
A name that matches nobody is still a person: names differing only in case are one person,
shown as first written (earliest line of the file).
Matching runs on the distinct names only; the frame is then mapped through their codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from scheduler import Team


class Roster:
    """Who is who: member lookups by id, name and email, and each person's own zone."""

    def __init__(self, team: Team, identities: Mapping[str, tuple[str, ...]] | None = None
                 ) -> None:
        self.team = team
        self.members = [m.id for m in team.members]
        self._lookups: list[dict[str, str]] = [
            {m.id.strip().lower(): m.id for m in team.members},
            {m.name.strip().lower(): m.id for m in team.members},
            {m.email.strip().lower(): m.id for m in team.members if m.email},
            {alias.strip().lower(): m.id for m in team.members for _, alias in m.aliases},
        ]
        self._zones = {m.id: m.timezone for m in team.members}
        self._handles = dict(identities or {})

    def lookup(self, name: str) -> str | None:
        """The member a name in an export stands for, or None."""
        for handle in (name, *self._handles.get(name.strip(), ())):
            key = handle.strip().lower()
            for table in self._lookups:
                if key in table:
                    return table[key]
        return None

    def zone(self, person: str) -> ZoneInfo:
        """A member's own zone; the team zone for an unmatched responder."""
        return self._zones.get(person, self.team.timezone)

    def match(self, names: pd.Series, lines: pd.Series | None = None) -> pd.Series:
        """Person for each name, as a categorical: a member id, else the name as first written
        (smallest line); NA stays NA. Works on the distinct names, then maps codes."""
        if isinstance(names.dtype, pd.CategoricalDtype):
            codes = names.cat.codes.to_numpy()
            written = [str(v).strip() for v in names.cat.categories]
        else:
            codes, uniques = pd.factorize(names)
            written = [str(v).strip() for v in uniques]
        order = np.asarray(lines if lines is not None else np.arange(len(names)))
        valid = codes >= 0
        first_line = (pd.Series(order[valid]).groupby(codes[valid]).min()
                      .reindex(range(len(written))).fillna(np.inf).to_numpy())
        # Unmatched spellings that differ only in case: the one seen first names them all.
        shown: dict[str, tuple[float, str]] = {}
        for form, line in zip(written, first_line, strict=True):
            key = form.lower()
            if form and (key not in shown or line < shown[key][0]):
                shown[key] = (line, form)
        people = [(self.lookup(f) or shown[f.lower()][1]) if f else None for f in written]
        person_codes, categories = pd.factorize(pd.Series(people, dtype=object))
        mapped = np.append(person_codes, -1)[codes]
        return pd.Series(pd.Categorical.from_codes(mapped, pd.Index(categories, dtype="str")),
                         index=names.index)
