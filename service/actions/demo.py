"""The demo a fresh install opens with: the demo teams as drafts, the main team's shipped schedule
(data/demo/schedule.csv, solved ahead of time) saved and published, and the demo paging history
imported. Nothing is solved here, so the app's first page comes as fast as any other.

The files in data/demo/ are a template from fixed dates; the store gets them moved by whole
weeks so the plan covers today (service.actions.demo_dates): teams, time off, schedule and paging
history together."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from scheduler import fairness_report, parse_schedule, parse_team, schedule_csv
from service.access import Actor
from service.actions import changes
from service.actions.demo_dates import present_demo, shift_dates, shift_instants
from service.actions.paging_import import import_export
from service.store import Store

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
DEMO_TEAM = "team.yaml"  # the demo team that comes with a solved and published schedule
DEMO_SCHEDULE = "schedule.csv"  # its schedule; tests/service/test_demo.py says how to remake it


def seed_demo(store: Store, actor: Actor, demo_dir: Path = DEMO_DIR,
              today: date | None = None) -> int:
    """Load the demo into an empty store, moved so its plan covers `today` (default: today in
    the main team's zone); returns the weeks it moved. Raises InputError if a demo file is
    broken. Every step is a gated, audited change (service.actions.changes) made as `actor`."""
    main = demo_dir / DEMO_TEAM
    shipped = demo_dir / DEMO_SCHEDULE
    weeks, csv_text = 0, None
    if main.exists() and shipped.exists():
        template_yaml = main.read_text(encoding="utf-8")
        template_team = parse_team(template_yaml, main.name)
        template = parse_schedule(shipped.read_text(encoding="utf-8"), template_team,
                                  str(shipped))
        when = today or datetime.now(template_team.timezone).date()
        weeks, _, moved = present_demo(template_yaml, template, when, main.name)
        csv_text = shipped.read_text(encoding="utf-8") if weeks == 0 else schedule_csv(moved)
    for path in sorted(demo_dir.glob("*.yaml")):
        changes.save_team(store, actor, shift_dates(path.read_text(encoding="utf-8"), weeks),
                          path.name)
    if not main.exists():
        return weeks
    team_yaml = shift_dates(main.read_text(encoding="utf-8"), weeks)
    team = parse_team(team_yaml, main.name)
    if csv_text is not None:
        schedule = parse_schedule(csv_text, team, str(shipped))
        changes.save_schedule(store, actor, team.name, team_yaml, csv_text,
                              fairness_report(schedule, str(shipped)))
        changes.publish(store, actor, team_yaml, csv_text, team_source=main.name,
                        schedule_source=str(shipped))
    pages = demo_dir / "pages.csv"
    if pages.exists():
        text = shift_instants(pages.read_text(encoding="utf-8"), weeks, team)
        import_export(store, team, text.encode("utf-8"), pages.name, actor)
    return weeks
