"""What a team lead is working on: the team file as last saved in the editor (the draft, which
may be ahead of the published one) and solved schedules not yet published."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select

from scheduler import FairnessLine, SolveReport, parse_schedule, parse_team
from service.store.base import StoreBase, now, utc
from service.store.schema import drafts, publications, solved_schedules, teams


@dataclass(frozen=True)
class SolvedSchedule:
    """The newest solve of a team, with the team file it was solved for."""

    team_yaml: str
    schedule_csv: str
    report: SolveReport | None
    solved_at: datetime


def report_json(report: SolveReport | None) -> str | None:
    return None if report is None else json.dumps(asdict(report), allow_nan=True)


def report_from_json(text: str | None) -> SolveReport | None:
    if not text:
        return None
    data = json.loads(text)
    data["fairness"] = [FairnessLine(**line) for line in data.get("fairness", [])]
    return SolveReport(**data)


class DraftsMixin(StoreBase):
    def team_yaml(self, name: str) -> str | None:
        """The draft if there is one, else the newest published team file."""
        with self._connect() as conn:
            draft = conn.execute(select(drafts.c.team_yaml).join(teams)
                                 .where(teams.c.name == name)).scalar()
            if draft is not None:
                return draft
            return conn.execute(select(publications.c.team_yaml).join(teams)
                                .where(teams.c.name == name)
                                .order_by(publications.c.version.desc()).limit(1)).scalar()

    def save_team(self, team_yaml: str, source: str = "team.yaml") -> str:
        """Validate and store a team file as its team's draft; returns the team name.
        Raises TeamFileError (nothing stored) when the file is invalid."""
        team = parse_team(team_yaml, source)
        with self._begin() as conn:
            team_id = self._team_id(conn, team.name, create=True)
            found = conn.execute(select(drafts.c.id).where(drafts.c.team_id == team_id)).scalar()
            if found is None:
                conn.execute(drafts.insert().values(team_id=team_id, team_yaml=team_yaml,
                                                    updated_at=now()))
            else:
                conn.execute(drafts.update().where(drafts.c.id == found)
                             .values(team_yaml=team_yaml, updated_at=now()))
        return team.name

    def save_schedule(self, team_name: str, team_yaml: str, schedule_csv: str,
                      report: SolveReport | None) -> None:
        # Parse both before writing: a schedule that cannot be read back is never stored.
        team = parse_team(team_yaml, f"{team_name} team.yaml")
        parse_schedule(schedule_csv, team, f"{team_name} schedule.csv")
        with self._begin() as conn:
            team_id = self._team_id(conn, team_name, create=True)
            conn.execute(solved_schedules.insert().values(
                team_id=team_id, team_yaml=team_yaml, schedule_csv=schedule_csv,
                report=report_json(report), solved_at=now()))

    def latest_schedule(self, team_name: str) -> SolvedSchedule | None:
        """The newest solve of a team, or None."""
        with self._connect() as conn:
            row = conn.execute(select(solved_schedules).join(teams)
                               .where(teams.c.name == team_name)
                               .order_by(solved_schedules.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        return SolvedSchedule(row.team_yaml, row.schedule_csv, report_from_json(row.report),
                              utc(row.solved_at))
