"""Busy elsewhere from the store: the newest published schedule of every other team, as the
time their members are away when this team is solved (contract section 7)."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler import BusyRow, Team, parse_busy
from service.store import Store


@dataclass(frozen=True)
class BusySources:
    rows: list[BusyRow]
    teams: list[tuple[str, int]]  # (team name, version) whose schedules were read

    def note(self, team: Team) -> str:
        """One line for the user: which schedules count as busy time, and for whom."""
        if not self.teams:
            return "No other team has a published schedule, so nobody is busy elsewhere."
        names = ", ".join(f"{name} v{version}" for name, version in self.teams)
        ids = {m.id for m in team.members}
        who = sorted({r.person for r in self.rows} & ids)
        whom = f"{len(who)} member(s) of {team.name} ({', '.join(who)})" if who else \
            f"no member of {team.name}"
        return f"Solving with the published schedules of {names} as busy time: {whom} hold rows there."


def published_busy(store: Store, team_name: str) -> BusySources:
    rows: list[BusyRow] = []
    used: list[tuple[str, int]] = []
    for other in store.team_names():
        if other == team_name:
            continue
        publication = store.publication(other)
        if publication is None:
            continue
        rows += parse_busy(publication.schedule_csv, f"{other} v{publication.version}")
        used.append((other, publication.version))
    return BusySources(rows, used)
