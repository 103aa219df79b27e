"""The demo a fresh install opens with: the demo teams as drafts, the main team's shipped schedule
(data/demo/schedule.csv, solved ahead of time) saved and published, and the demo paging history
imported. Nothing is solved here, so the app's first page comes as fast as any other."""

from __future__ import annotations

from pathlib import Path

from scheduler.assess import fairness_report
from scheduler.io import parse_schedule
from scheduler.team import parse_team

from .access import Actor, require_lead
from .paging_import import import_export
from .store import Store

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
DEMO_TEAM = "team.yaml"  # the demo team that comes with a solved and published schedule
DEMO_SCHEDULE = "schedule.csv"  # its schedule; tests/service/test_demo.py says how to remake it


def seed_demo(store: Store, actor: Actor, demo_dir: Path = DEMO_DIR) -> None:
    """Load the demo into an empty store. Raises InputError if a demo file is broken."""
    for path in sorted(demo_dir.glob("*.yaml")):
        team_yaml = path.read_text(encoding="utf-8")
        require_lead(actor, parse_team(team_yaml, path.name), "load the demo")
        store.save_team(team_yaml, path.name)
    main = demo_dir / DEMO_TEAM
    if not main.exists():
        return
    team_yaml = main.read_text(encoding="utf-8")
    team = parse_team(team_yaml, main.name)
    shipped = demo_dir / DEMO_SCHEDULE
    if shipped.exists():
        csv_text = shipped.read_text(encoding="utf-8")
        schedule = parse_schedule(csv_text, team, str(shipped))
        store.save_schedule(team.name, team_yaml, csv_text, fairness_report(schedule, str(shipped)))
        store.publish(team_yaml, csv_text, team_source=main.name, schedule_source=str(shipped))
    pages = demo_dir / "pages.csv"
    if pages.exists():
        import_export(store, team, pages.read_bytes(), pages.name, actor)
