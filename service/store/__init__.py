"""The store: every table Rota keeps, behind one entry point, `Store`.

A SQLAlchemy URL in `ROTA_DB` picks the database; the default is SQLite at `data/rota.db`
(relative to the working directory). The same code runs on PostgreSQL.

    schema.py        the one `metadata` and every table (teams by id; everything points at one)
    base.py          engine, guarded connections (a database failure is one StoreError line)
    drafts.py        team-file drafts and solved, unpublished schedules
    publications.py  published schedule versions
    tokens.py        secret feed tokens
    imports.py       paging exports and their incidents
    deliveries.py    messages delivered by `rota notify`, failures, reminder choices
    overrides.py     overrides entered in Rota (written inside the publish transaction)
    cover_requests.py  members' cover requests and their claim by a deciding lead

Every write validates its input first and runs in one transaction, so a failed action changes
nothing.
"""

from __future__ import annotations

import os
import threading

from service.store.deliveries import DeliveriesMixin, DeliveryRecord, MessageKey, ReminderChoice
from service.store.drafts import DraftsMixin, SolvedSchedule, report_from_json, report_json
from service.store.errors import StoreError, UnknownTeamError
from service.store.imports import INCIDENT_FIELDS, ImportsMixin
from service.store.publications import Publication, PublicationsMixin
from service.store.schema import metadata
from service.store.tokens import TOKEN_BYTES, FeedToken, token_hash

DEFAULT_URL = "sqlite:///data/rota.db"


class Store(PublicationsMixin, DraftsMixin, ImportsMixin, DeliveriesMixin):
    """All database access. Thread-safe: each call runs in its own connection."""


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


__all__ = [
    "DEFAULT_URL",
    "INCIDENT_FIELDS",
    "TOKEN_BYTES",
    "DeliveryRecord",
    "FeedToken",
    "MessageKey",
    "Publication",
    "ReminderChoice",
    "SolvedSchedule",
    "Store",
    "StoreError",
    "UnknownTeamError",
    "database_url",
    "metadata",
    "open_store",
    "report_from_json",
    "report_json",
    "token_hash",
]
