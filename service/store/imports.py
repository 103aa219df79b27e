"""Paging exports loaded on the Load page, and their incidents, one row per (team, incident id).
Re-importing an overlapping file therefore never counts an incident twice: the earliest creation
time wins, as contract section 4 says for duplicates within one file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, select

from service.store.base import StoreBase, now, utc
from service.store.schema import imports, incidents, teams

INCIDENT_FIELDS = ("line", "id", "created", "acknowledged_by", "assigned_to", "resolved_by",
                   "urgency", "ack_seconds", "resolve_seconds")
CHUNK = 500  # ids per IN (...) query; well under every database's parameter limit


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return str(value)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def _incident_row(record: Any, team_id: int, import_id: int) -> dict[str, Any]:
    return {"team_id": team_id, "incident_id": str(record.id), "import_id": import_id,
            "line": int(record.line), "created": pd.Timestamp(record.created).to_pydatetime(),
            "acknowledged_by": _text(record.acknowledged_by),
            "assigned_to": _text(record.assigned_to),
            "resolved_by": _text(getattr(record, "resolved_by", None)),
            "urgency": _text(record.urgency),
            "ack_seconds": _number(record.ack_seconds),
            "resolve_seconds": _number(record.resolve_seconds)}


class ImportsMixin(StoreBase):
    def import_pages(self, team_name: str, filename: str, fmt: str, rows: int,
                     frame: pd.DataFrame, rejected: pd.DataFrame, duplicates: int,
                     identities: Mapping[str, tuple[str, ...]] | None = None
                     ) -> dict[str, int]:
        """Store a parsed export's incidents; ids already stored for the team are skipped
        unless this copy is earlier (then it replaces the stored one). Returns counts."""
        with self._begin() as conn:
            team_id = self._team_id(conn, team_name, create=True)
            assert team_id is not None
            inserted = conn.execute(imports.insert().values(
                team_id=team_id, filename=filename, format=fmt, rows=rows, added=0,
                already_stored=0, duplicates=duplicates,
                rejected_csv=rejected.to_csv(index=False),
                identities_json=json.dumps({k: list(v) for k, v in (identities or {}).items()}),
                imported_at=now())
            ).inserted_primary_key
            assert inserted is not None  # an insert always has its key
            import_id = inserted[0]
            candidates = [_incident_row(r, team_id, import_id)
                          for r in frame.itertuples(index=False)]
            known = self._known_incidents(conn, team_id, [r["incident_id"] for r in candidates])
            new_rows = [r for r in candidates if r["incident_id"] not in known]
            replaced = [r for r in candidates if r["incident_id"] in known
                        and r["created"] < known[r["incident_id"]]]
            if new_rows:
                conn.execute(incidents.insert(), new_rows)
            for row in replaced:
                conn.execute(delete(incidents).where(incidents.c.team_id == team_id,
                                                     incidents.c.incident_id == row["incident_id"]))
                conn.execute(incidents.insert().values(**row))
            counts = {"added": len(new_rows), "already_stored": len(candidates) - len(new_rows)}
            conn.execute(imports.update().where(imports.c.id == import_id).values(**counts))
        return {"import_id": import_id, **counts}

    @staticmethod
    def _known_incidents(conn: Connection, team_id: int, ids: list[str]) -> dict[str, Any]:
        """Stored creation time per incident id among `ids`."""
        known = {}
        for start in range(0, len(ids), CHUNK):
            known.update({r.incident_id: utc(r.created) for r in conn.execute(
                select(incidents.c.incident_id, incidents.c.created)
                .where(incidents.c.team_id == team_id,
                       incidents.c.incident_id.in_(ids[start:start + CHUNK])))})
        return known

    def incidents(self, team_name: str) -> pd.DataFrame:
        """Every stored incident of a team as the normalised frame analysis.load expects."""
        with self._connect() as conn:
            rows = conn.execute(
                select(incidents.c.line, incidents.c.incident_id.label("id"), incidents.c.created,
                       incidents.c.acknowledged_by, incidents.c.assigned_to,
                       incidents.c.resolved_by, incidents.c.urgency,
                       incidents.c.ack_seconds, incidents.c.resolve_seconds,
                       incidents.c.import_id)
                .join(teams).where(teams.c.name == team_name)
                .order_by(incidents.c.created)).all()
        frame = pd.DataFrame(rows, columns=[*INCIDENT_FIELDS, "import_id"])
        frame["created"] = pd.to_datetime(frame["created"], utc=True)
        for column in ("id", "acknowledged_by", "assigned_to", "resolved_by", "urgency"):
            frame[column] = frame[column].astype("str")
        for column in ("ack_seconds", "resolve_seconds"):
            frame[column] = frame[column].astype("float64")
        frame["line"] = frame["line"].astype("int64")
        frame["import_id"] = frame["import_id"].astype("int64")
        return frame.reset_index(drop=True)

    def imports(self, team_name: str) -> pd.DataFrame:
        with self._connect() as conn:
            rows = conn.execute(
                select(imports.c.id, imports.c.filename, imports.c.format, imports.c.rows,
                       imports.c.added, imports.c.already_stored, imports.c.duplicates,
                       imports.c.imported_at)
                .join(teams).where(teams.c.name == team_name).order_by(imports.c.id)).all()
        return pd.DataFrame(rows, columns=["import", "file", "format", "rows", "added",
                                           "already stored", "duplicates", "imported at"])

    def identities(self, team_name: str) -> dict[str, tuple[str, ...]]:
        """Every import's other handles per name, merged (analysis.analyze_pages' identities)."""
        with self._connect() as conn:
            rows = conn.execute(select(imports.c.identities_json).join(teams)
                                .where(teams.c.name == team_name)
                                .order_by(imports.c.id)).scalars().all()
        merged: dict[str, tuple[str, ...]] = {}
        for row in rows:
            for name, handles in json.loads(row or "{}").items():
                merged[name] = tuple(dict.fromkeys([*merged.get(name, ()), *handles]))
        return merged

    def rejected_csv(self, import_id: int) -> str:
        with self._connect() as conn:
            return conn.execute(select(imports.c.rejected_csv)
                                .where(imports.c.id == import_id)).scalar() or "line,reason\n"

    def incident_count(self, team_name: str) -> int:
        with self._connect() as conn:
            return conn.execute(select(func.count()).select_from(incidents).join(teams)
                                .where(teams.c.name == team_name)).scalar() or 0
