"""Issue 19's demo check: re-planning data/demo/team.yaml with a member who holds both required
skills away for two weeks keeps the skills on every shift and femi's six shadow rows (the
re-plan used to write 365 rows of 371, shadows gone, and four shifts without a skill)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from scheduler import load_team, read_schedule
from scheduler.domain import SHADOW, TimeOff
from scheduler.replan.plan import replan
from scheduler.solver.rules import violations

DEMO_DIR = Path(__file__).resolve().parents[3] / "data" / "demo"
BERLIN = ZoneInfo("Europe/Berlin")
FROM = datetime(2026, 11, 9, tzinfo=BERLIN)


def test_demo_replan_keeps_skills_and_femis_shadow_rows():
    team = load_team(DEMO_DIR / "team.yaml")
    previous = read_schedule(DEMO_DIR / "schedule.csv", team)
    chen = team.member("chen")
    assert {"rollback", "failover"} <= chen.skills
    away = replace(chen, time_off=(*chen.time_off, TimeOff(date(2026, 11, 16), date(2026, 11, 29))))
    team = replace(team, members=tuple(away if m.id == "chen" else m for m in team.members))
    result = replan(team, previous, replan_from=FROM, time_limit=10, seed=1)
    new = result.schedule
    assert len(new.assignments) == len(previous.assignments) == 370  # 182 shifts x 2 + 6
    assert violations(new) == []
    shadows = [a for a in new.assignments if a.role == SHADOW]
    assert [a.person for a in shadows] == ["femi"] * 6
    kept = [(a.shift.start, a.person) for a in previous.assignments
            if a.role == SHADOW and a.shift.start < FROM]
    assert kept and kept == [(a.shift.start, a.person) for a in shadows if a.shift.start < FROM]
