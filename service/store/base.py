"""The store's engine, its guarded connections and the team lookup every topic module uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from service.store.errors import StoreError
from service.store.schema import metadata, teams

# Tables only the old two-schema layout had; a file holding them predates the one schema.
OLD_LAYOUT_TABLES = {"app_team_drafts", "app_solved_schedules", "app_imports", "app_incidents"}


def utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class StoreBase:
    """Opens the database, creates the schema, and hands out connections whose database
    failures surface as one-line StoreErrors. Thread-safe: each call runs in its own connection."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            parsed = make_url(url)
            if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "",
                                                                                 ":memory:"):
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url)
            existing = set(inspect(self.engine).get_table_names())
            metadata.create_all(self.engine)
        except (ArgumentError, SQLAlchemyError, OSError, ImportError) as exc:
            raise StoreError(f"ROTA_DB {safe_url(url)}: cannot open store: {first_line(exc)}") \
                from None
        if existing & OLD_LAYOUT_TABLES:
            raise StoreError(f"ROTA_DB {safe_url(url)}: written by an older Rota (two schemas); "
                             "move it aside and start again to seed a fresh store")

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
            raise StoreError(f"ROTA_DB {safe_url(self.url)}: {first_line(exc)}") from None

    @staticmethod
    def _team_id(conn: Connection, name: str, *, create: bool = False) -> int | None:
        """The id of the team called `name`; with `create`, a new team row if there is none."""
        team_id = conn.execute(select(teams.c.id).where(teams.c.name == name)).scalar()
        if team_id is None and create:
            inserted = conn.execute(teams.insert().values(name=name, created_at=now())
                                    ).inserted_primary_key
            assert inserted is not None  # an insert always has its key
            team_id = inserted[0]
        return team_id

    def team_names(self) -> list[str]:
        """Every team the store knows: drafted, solved or published."""
        with self._connect() as conn:
            return list(conn.execute(select(teams.c.name).order_by(teams.c.name)).scalars())


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
