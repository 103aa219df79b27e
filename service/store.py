"""The publication store: teams, published schedule versions and secret feed tokens.

A SQLAlchemy URL in `ROTA_DB` picks the database; the default is SQLite at `data/rota.db`
(relative to the working directory). Only portable column types are used, so the same code runs
on PostgreSQL.

Terms:
- publication: one numbered version of a team's schedule, with the team file it was solved
  for. Versions count up from 1 and older ones are kept.
- sequences: per event UID, the iCalendar SEQUENCE and the fingerprint it was computed from,
  carried from one publication to the next (see scheduler.ical.next_sequences).
- feed token: the secret in `/feeds/<token>.ics`. One per member and one per team (person
  NULL). Lookups go through a SHA-256 of the token, so the index never sees the secret itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from scheduler.domain import Schedule, Team
from scheduler.errors import StoreError, UnknownMemberError, UnknownTeamError
from scheduler.ical import fingerprints, next_sequences
from scheduler.io import parse_schedule
from scheduler.team import parse_team

DEFAULT_URL = "sqlite:///data/rota.db"
TOKEN_BYTES = 24  # 192 bits from secrets.token_urlsafe

metadata = MetaData()

teams = Table(
    "teams", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("team_yaml", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

publications = Table(
    "publications", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("team_yaml", Text, nullable=False),
    Column("schedule_csv", Text, nullable=False),
    Column("sequences", Text, nullable=False),  # JSON {uid: [sequence, fingerprint]}
    UniqueConstraint("team_id", "version"),
)

feed_tokens = Table(
    "feed_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("person", String(200), nullable=True),  # NULL = the team feed
    Column("token", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


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


@dataclass(frozen=True)
class FeedToken:
    """A live feed: whose calendar it serves. `person` None is the team feed."""

    team_name: str
    person: str | None
    token: str


class Store:
    """All database access. Thread-safe: each call runs in its own connection."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            parsed = make_url(url)
            if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "",
                                                                                 ":memory:"):
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url)
            metadata.create_all(self.engine)
        except (ArgumentError, SQLAlchemyError, OSError, ImportError) as exc:
            raise StoreError(f"ROTA_DB {_safe(url)}: cannot open store: {_first_line(exc)}") \
                from None

    # ------------------------------------------------------------ publishing

    def publish(self, team_yaml: str, schedule_csv: str, *, team_source: str = "team.yaml",
                schedule_source: str = "schedule.csv", now: datetime | None = None
                ) -> Publication:
        """Store a schedule as its team's newest version and make sure every member and the
        team have a feed token. Bad files raise InputError before anything is written."""
        team = parse_team(team_yaml, team_source)
        schedule = parse_schedule(schedule_csv, team, schedule_source)
        published_at = _utc(now or _now()).replace(microsecond=0)
        with self._begin() as conn:
            team_id = conn.execute(select(teams.c.id).where(teams.c.name == team.name)).scalar()
            if team_id is None:
                inserted = conn.execute(teams.insert().values(
                    name=team.name, team_yaml=team_yaml, updated_at=published_at))
                team_id = inserted.inserted_primary_key[0]
            else:
                conn.execute(teams.update().where(teams.c.id == team_id).values(
                    team_yaml=team_yaml, updated_at=published_at))
            previous = conn.execute(
                select(publications.c.version, publications.c.sequences)
                .where(publications.c.team_id == team_id)
                .order_by(publications.c.version.desc()).limit(1)).first()
            version = previous.version + 1 if previous else 1
            old = {uid: (s, f) for uid, (s, f) in json.loads(previous.sequences).items()} \
                if previous else {}
            sequences = next_sequences(old, fingerprints(schedule))
            conn.execute(publications.insert().values(
                team_id=team_id, version=version, published_at=published_at,
                team_yaml=team_yaml, schedule_csv=schedule_csv,
                sequences=json.dumps(sequences, sort_keys=True, separators=(",", ":"))))
            self._ensure_tokens(conn, team_id, [None, *(m.id for m in team.members)])
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
        sequences = {uid: (s, f) for uid, (s, f) in json.loads(row.sequences).items()}
        return Publication(row.name, row.version, _utc(row.published_at), row.team_yaml,
                           row.schedule_csv, sequences)

    def versions(self, team_name: str) -> list[tuple[int, datetime]]:
        with self._connect() as conn:
            rows = conn.execute(
                select(publications.c.version, publications.c.published_at).join(teams)
                .where(teams.c.name == team_name).order_by(publications.c.version)).all()
        return [(r.version, _utc(r.published_at)) for r in rows]

    def team_names(self) -> list[str]:
        with self._connect() as conn:
            return list(conn.execute(select(teams.c.name).order_by(teams.c.name)).scalars())

    # ------------------------------------------------------------ feed tokens

    def feed_tokens(self, team_name: str) -> list[tuple[str | None, str | None]]:
        """(person, token) for each member of the latest team file, then (None, team token).
        A revoked feed has token None until it is rotated."""
        team = self._latest_team(team_name)
        with self._connect() as conn:
            live = {r.person: r.token for r in conn.execute(
                select(feed_tokens.c.person, feed_tokens.c.token).join(teams)
                .where(teams.c.name == team_name, feed_tokens.c.revoked_at.is_(None)))}
        people: list[str | None] = [m.id for m in team.members]
        return [(p, live.get(p)) for p in [*people, None]]

    def feed_token(self, team_name: str, person: str | None = None) -> str | None:
        """The live token of one member's feed (or the team feed), None when revoked."""
        return dict(self.feed_tokens(team_name)).get(person)

    def rotate_token(self, team_name: str, person: str | None = None) -> str:
        """Revoke the feed's current token (if any) and issue a new one."""
        team_id = self._checked(team_name, person)
        with self._begin() as conn:
            self._revoke(conn, team_id, person)
            return self._issue(conn, team_id, person)

    def revoke_token(self, team_name: str, person: str | None = None) -> bool:
        """Revoke the feed's token; its URL answers 404 from now on. False if none was live."""
        team_id = self._checked(team_name, person)
        with self._begin() as conn:
            return self._revoke(conn, team_id, person) > 0

    def resolve_token(self, token: str) -> FeedToken | None:
        """The live feed a token opens, or None. Looked up by hash, then compared in constant
        time, so response timing says nothing about how much of a guess was right."""
        with self._connect() as conn:
            row = conn.execute(
                select(feed_tokens.c.token, feed_tokens.c.person, teams.c.name).join(teams)
                .where(feed_tokens.c.token_hash == token_hash(token),
                       feed_tokens.c.revoked_at.is_(None))).first()
        if row is None or not hmac.compare_digest(row.token.encode(), token.encode()):
            return None
        return FeedToken(row.name, row.person, row.token)

    # ------------------------------------------------------------ internals

    def _latest_team(self, team_name: str) -> Team:
        publication = self.publication(team_name)
        if publication is None:
            raise UnknownTeamError(
                f"team {team_name!r}: unknown team; publish it first with `rota publish`")
        return publication.team

    def _checked(self, team_name: str, person: str | None) -> int:
        team = self._latest_team(team_name)
        if person is not None and person not in {m.id for m in team.members}:
            raise UnknownMemberError(f"--person: {person!r} is not a member of {team_name!r}")
        with self._connect() as conn:
            return conn.execute(select(teams.c.id).where(teams.c.name == team_name)).scalar_one()

    def _ensure_tokens(self, conn: Connection, team_id: int, people: list[str | None]) -> None:
        # Only people who never had a token get one: a revoked feed stays revoked until rotated.
        known = {r.person for r in conn.execute(
            select(feed_tokens.c.person).where(feed_tokens.c.team_id == team_id))}
        for person in people:
            if person not in known:
                self._issue(conn, team_id, person)

    @staticmethod
    def _issue(conn: Connection, team_id: int, person: str | None) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        conn.execute(feed_tokens.insert().values(
            team_id=team_id, person=person, token=token, token_hash=token_hash(token),
            created_at=_now()))
        return token

    @staticmethod
    def _revoke(conn: Connection, team_id: int, person: str | None) -> int:
        who = (feed_tokens.c.person.is_(None) if person is None
               else feed_tokens.c.person == person)
        result = conn.execute(feed_tokens.update()
                              .where(feed_tokens.c.team_id == team_id, who,
                                     feed_tokens.c.revoked_at.is_(None))
                              .values(revoked_at=_now()))
        return result.rowcount

    def _connect(self) -> AbstractContextManager[Connection]:
        return self._guarded(self.engine.connect)

    def _begin(self) -> AbstractContextManager[Connection]:
        return self._guarded(self.engine.begin)

    @contextmanager
    def _guarded(self, opener: Callable[[], AbstractContextManager[Connection]]
                 ) -> Iterator[Connection]:
        # Database failures reach the user as one line naming the store, never a traceback.
        try:
            with opener() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"ROTA_DB {_safe(self.url)}: {_first_line(exc)}") from None


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def database_url() -> str:
    return os.environ.get("ROTA_DB") or DEFAULT_URL


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store for `url` (default: ROTA_DB, else data/rota.db), one engine per URL."""
    url = url or database_url()
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]
