"""The app's own state, kept next to the publication store (same engine, extra tables).

service.store keeps what the outside world sees (published versions, feed tokens). The app also
needs what a team lead is working on:
- draft: the team file as last saved in the editor (may be ahead of the published one);
- solved schedule: the newest solve of a team, with its report, not yet published;
- imports: paging exports loaded on the Load page, and their incidents, one row per
  (team, incident id). Re-importing an overlapping file therefore never counts an incident twice:
  the earliest creation time wins, as contract section 4 says for duplicates within one file.

Every write validates first and runs in one transaction, so a failed action changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from scheduler.domain import FairnessLine, SolveReport
from scheduler.errors import StoreError
from scheduler.io import parse_schedule
from scheduler.team import parse_team

from .store import Store

metadata = MetaData()

drafts = Table(
    "app_team_drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("team_yaml", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

solved = Table(
    "app_solved_schedules", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(200), nullable=False),
    Column("team_yaml", Text, nullable=False),  # the team file it was solved for (horizon included)
    Column("schedule_csv", Text, nullable=False),
    Column("report", Text, nullable=True),  # JSON of SolveReport
    Column("solved_at", DateTime(timezone=True), nullable=False),
)

imports = Table(
    "app_imports", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(200), nullable=False),
    Column("filename", String(500), nullable=False),
    Column("format", String(50), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("already_stored", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("rejected_csv", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

incidents = Table(
    "app_incidents", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(200), nullable=False),
    Column("incident_id", String(500), nullable=False),
    Column("import_id", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("acknowledged_by", Text, nullable=True),
    Column("assigned_to", Text, nullable=True),
    Column("urgency", String(100), nullable=True),
    Column("ack_seconds", Float, nullable=True),
    Column("resolve_seconds", Float, nullable=True),
    UniqueConstraint("team", "incident_id"),
)

INCIDENT_FIELDS = ("line", "id", "created", "acknowledged_by", "assigned_to", "urgency",
                   "ack_seconds", "resolve_seconds")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def report_json(report: SolveReport | None) -> str | None:
    return None if report is None else json.dumps(asdict(report), allow_nan=True)


def report_from_json(text: str | None) -> SolveReport | None:
    if not text:
        return None
    data = json.loads(text)
    data["fairness"] = [FairnessLine(**line) for line in data.get("fairness", [])]
    return SolveReport(**data)


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


class AppStore:
    """Drafts, solved schedules and imports, on the publication store's engine."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"ROTA_DB: cannot create app tables: {exc}") from None

    # ------------------------------------------------------------ teams

    def team_names(self) -> list[str]:
        with self.engine.connect() as conn:
            names = set(conn.execute(select(drafts.c.name)).scalars())
        return sorted(names | set(self.store.team_names()))

    def team_yaml(self, name: str) -> str | None:
        """The draft if there is one, else the newest published team file."""
        with self.engine.connect() as conn:
            text = conn.execute(select(drafts.c.team_yaml).where(drafts.c.name == name)).scalar()
        if text is not None:
            return text
        publication = self.store.publication(name)
        return publication.team_yaml if publication else None

    def save_team(self, team_yaml: str, source: str = "team.yaml") -> str:
        """Validate and store a team file as its team's draft; returns the team name.
        Raises TeamFileError (nothing stored) when the file is invalid."""
        team = parse_team(team_yaml, source)
        with self.engine.begin() as conn:
            found = conn.execute(select(drafts.c.id).where(drafts.c.name == team.name)).scalar()
            if found is None:
                conn.execute(drafts.insert().values(name=team.name, team_yaml=team_yaml,
                                                    updated_at=_now()))
            else:
                conn.execute(drafts.update().where(drafts.c.id == found)
                             .values(team_yaml=team_yaml, updated_at=_now()))
        return team.name

    # ------------------------------------------------------------ solved schedules

    def save_schedule(self, team_name: str, team_yaml: str, schedule_csv: str,
                      report: SolveReport | None) -> None:
        # Parse both before writing: a schedule that cannot be read back is never stored.
        team = parse_team(team_yaml, f"{team_name} team.yaml")
        parse_schedule(schedule_csv, team, f"{team_name} schedule.csv")
        with self.engine.begin() as conn:
            conn.execute(solved.insert().values(
                team=team_name, team_yaml=team_yaml, schedule_csv=schedule_csv,
                report=report_json(report), solved_at=_now()))

    def latest_schedule(self, team_name: str) -> dict | None:
        """{team_yaml, schedule_csv, report, solved_at} of the newest solve, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(solved).where(solved.c.team == team_name)
                               .order_by(solved.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        return {"team_yaml": row.team_yaml, "schedule_csv": row.schedule_csv,
                "report": report_from_json(row.report), "solved_at": _utc(row.solved_at)}

    # ------------------------------------------------------------ paging imports

    def import_pages(self, team_name: str, filename: str, fmt: str, rows: int,
                     frame: pd.DataFrame, rejected: pd.DataFrame, duplicates: int) -> dict:
        """Store a parsed export's incidents; ids already stored for the team are skipped
        unless this copy is earlier (then it replaces the stored one). Returns counts."""
        ids = [str(i) for i in frame["id"]] if len(frame) else []
        with self.engine.begin() as conn:
            known = {}
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                known.update({r.incident_id: _utc(r.created) for r in conn.execute(
                    select(incidents.c.incident_id, incidents.c.created)
                    .where(incidents.c.team == team_name, incidents.c.incident_id.in_(part)))})
            result = conn.execute(imports.insert().values(
                team=team_name, filename=filename, format=fmt, rows=rows, added=0,
                already_stored=0, duplicates=duplicates,
                rejected_csv=rejected.to_csv(index=False), imported_at=_now()))
            import_id = result.inserted_primary_key[0]
            new_rows, replaced = [], []
            for record in frame.itertuples(index=False):
                incident_id = str(record.id)
                created = pd.Timestamp(record.created).to_pydatetime()
                row = {"team": team_name, "incident_id": incident_id, "import_id": import_id,
                       "line": int(record.line), "created": created,
                       "acknowledged_by": _text(record.acknowledged_by),
                       "assigned_to": _text(record.assigned_to),
                       "urgency": _text(record.urgency),
                       "ack_seconds": _number(record.ack_seconds),
                       "resolve_seconds": _number(record.resolve_seconds)}
                if incident_id not in known:
                    new_rows.append(row)
                elif created < known[incident_id]:
                    replaced.append(row)
            if new_rows:
                conn.execute(incidents.insert(), new_rows)
            for row in replaced:
                conn.execute(delete(incidents).where(incidents.c.team == team_name,
                                                     incidents.c.incident_id == row["incident_id"]))
                conn.execute(incidents.insert().values(**row))
            counts = {"added": len(new_rows), "already_stored": len(ids) - len(new_rows)}
            conn.execute(imports.update().where(imports.c.id == import_id).values(**counts))
        return {"import_id": import_id, **counts}

    def incidents(self, team_name: str) -> pd.DataFrame:
        """Every stored incident of a team as the normalised frame analysis.load expects."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(incidents.c.line, incidents.c.incident_id.label("id"), incidents.c.created,
                       incidents.c.acknowledged_by, incidents.c.assigned_to, incidents.c.urgency,
                       incidents.c.ack_seconds, incidents.c.resolve_seconds,
                       incidents.c.import_id)
                .where(incidents.c.team == team_name).order_by(incidents.c.created)).all()
        frame = pd.DataFrame(rows, columns=[*INCIDENT_FIELDS, "import_id"])
        frame["created"] = pd.to_datetime(frame["created"], utc=True)
        for column in ("id", "acknowledged_by", "assigned_to", "urgency"):
            frame[column] = frame[column].astype("str")
        for column in ("ack_seconds", "resolve_seconds"):
            frame[column] = frame[column].astype("float64")
        frame["line"] = frame["line"].astype("int64")
        frame["import_id"] = frame["import_id"].astype("int64")
        return frame.reset_index(drop=True)

    def imports(self, team_name: str) -> pd.DataFrame:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(imports.c.id, imports.c.filename, imports.c.format, imports.c.rows,
                       imports.c.added, imports.c.already_stored, imports.c.duplicates,
                       imports.c.imported_at)
                .where(imports.c.team == team_name).order_by(imports.c.id)).all()
        return pd.DataFrame(rows, columns=["import", "file", "format", "rows", "added",
                                           "already stored", "duplicates", "imported at"])

    def rejected_csv(self, import_id: int) -> str:
        with self.engine.connect() as conn:
            return conn.execute(select(imports.c.rejected_csv)
                                .where(imports.c.id == import_id)).scalar() or "line,reason\n"

    def incident_count(self, team_name: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(incidents)
                                .where(incidents.c.team == team_name)).scalar() or 0
