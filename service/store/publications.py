"""Published schedule versions.

A publication is one numbered version of a team's schedule, with the team file it was solved
for. Versions count up from 1 and older ones are kept. `sequences` carries, per event UID, the
iCalendar SEQUENCE and the fingerprint it was computed from, from one publication to the next
(see scheduler.formats.ical.next_sequences).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import Connection, func, select

from scheduler import Schedule, Team, fingerprints, next_sequences, parse_schedule, parse_team
from service.store.base import StoreBase, utc
from service.store.base import now as current_time
from service.store.errors import StoreError, UnknownTeamError
from service.store.schema import publications, teams
from service.store.tokens import TokensMixin


@dataclass(frozen=True)
class Publication:
    team_name: str
    version: int
    published_at: datetime
    team_yaml: str
    schedule_csv: str
    sequences: dict[str, tuple[int, str]]

    @cached_property
    def team(self) -> Team:
        return parse_team(self.team_yaml, f"{self.team_name} v{self.version} team.yaml")

    @cached_property
    def schedule(self) -> Schedule:
        return parse_schedule(self.schedule_csv, self.team, f"{self.team_name} v{self.version}")


AlsoWrite = Callable[[Connection, int, int], None]  # (connection, team id, new version)


def _sequences(text: str) -> dict[str, tuple[int, str]]:
    return {uid: (s, f) for uid, (s, f) in json.loads(text).items()}


class PublicationsMixin(TokensMixin, StoreBase):
    def publish(self, team_yaml: str, schedule_csv: str, *, team_source: str = "team.yaml",
                schedule_source: str = "schedule.csv", now: datetime | None = None,
                based_on: int | None = None, also: AlsoWrite | None = None) -> Publication:
        """Store a schedule as its team's newest version and make sure every member and the
        team have a feed token. Bad files raise InputError before anything is written.
        `based_on`: the version this schedule was made from; if another was published since,
        StoreError and nothing is written (two leads' changes must not undo each other).
        `also(conn, team_id, version)` writes its own rows in the same transaction, so they
        and the version stand or fall together."""
        team = parse_team(team_yaml, team_source)
        schedule = parse_schedule(schedule_csv, team, schedule_source)
        published_at = utc(now or current_time()).replace(microsecond=0)
        with self._begin() as conn:
            team_id = self._team_id(conn, team.name, create=True)
            assert team_id is not None
            previous = conn.execute(
                select(publications.c.version, publications.c.sequences)
                .where(publications.c.team_id == team_id)
                .order_by(publications.c.version.desc()).limit(1)).first()
            version = previous.version + 1 if previous else 1
            if based_on is not None and version != based_on + 1:
                raise StoreError(f"team {team.name!r}: version {version - 1} was published "
                                 f"after version {based_on}, which this change was made "
                                 "from; reload and try again")
            old = _sequences(previous.sequences) if previous else {}
            sequences = next_sequences(old, fingerprints(schedule))
            conn.execute(publications.insert().values(
                team_id=team_id, version=version, published_at=published_at,
                team_yaml=team_yaml, schedule_csv=schedule_csv,
                sequences=json.dumps(sequences, sort_keys=True, separators=(",", ":"))))
            self._ensure_tokens(conn, team_id, [None, *(m.id for m in team.members)])
            if also is not None:
                also(conn, team_id, version)
        return Publication(team.name, version, published_at, team_yaml, schedule_csv, sequences)

    def latest_version(self, team_name: str) -> int | None:
        """The newest version number; cheap, so a feed can check it on every request."""
        with self._connect() as conn:
            return conn.execute(
                select(func.max(publications.c.version)).join(teams)
                .where(teams.c.name == team_name)).scalar()

    def publication(self, team_name: str, version: int | None = None) -> Publication | None:
        """One version of a team's schedule; the newest when `version` is None."""
        query = (select(publications, teams.c.name).join(teams)
                 .where(teams.c.name == team_name))
        query = (query.where(publications.c.version == version) if version is not None
                 else query.order_by(publications.c.version.desc()).limit(1))
        with self._connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Publication(row.name, row.version, utc(row.published_at), row.team_yaml,
                           row.schedule_csv, _sequences(row.sequences))

    def latest_publication(self, team_name: str) -> Publication:
        """The newest version, for a command or change that needs one: UnknownTeamError
        (exit 2) naming the teams the store knows when nothing is published."""
        publication = self.publication(team_name)
        if publication is None:
            known = ", ".join(self.team_names()) or "none"
            raise UnknownTeamError(f"team {team_name!r}: no published schedule (teams in the "
                                   f"store: {known})")
        return publication

    def versions(self, team_name: str) -> list[tuple[int, datetime]]:
        with self._connect() as conn:
            rows = conn.execute(
                select(publications.c.version, publications.c.published_at).join(teams)
                .where(teams.c.name == team_name).order_by(publications.c.version)).all()
        return [(r.version, utc(r.published_at)) for r in rows]
