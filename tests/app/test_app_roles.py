"""Section 7 in the app: the Team page's skills matrix, knowledge risk and trainee column,
the Schedule page's Handoff panel (opened from an iCal link), and other teams' published
schedules as busy time when solving."""

from __future__ import annotations

from service.store import open_store

TEAM = "payments-sre"


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_team_page_shows_skills_matrix_and_knowledge_risk(page):
    at = page("team").run()
    _no_exceptions(at)
    assert "Skills" in [s.value for s in at.subheader]
    frames = [d.value for d in at.dataframe]
    matrix = next(f for f in frames if "rollback" in f.columns)
    summary = next(f for f in frames if list(f.columns)[:1] == ["skill"])
    assert list(matrix.columns) == ["member", "rollback", "failover", "tracing"]
    assert bool(matrix.set_index("member").loc["elif", "failover"])
    by_skill = summary.set_index("skill")
    assert int(by_skill.loc["tracing", "holders"]) == 3
    assert bool(by_skill.loc["rollback", "required"]) and not bool(by_skill.loc["tracing", "required"])
    # Tracing: only alice, dara and greta; some shifts have just one of them free.
    assert int(by_skill.loc["tracing", "shifts with one person"]) > 0


def test_lead_marks_a_trainee_through_the_team_file(page, rota_db):
    store = open_store(rota_db)
    text = store.team_yaml(TEAM).replace("shadow_shifts: 6", "shadow_shifts: 3")
    store.save_team(text, "team.yaml")
    at = page("team").run()
    _no_exceptions(at)
    assert "shadow_shifts: 3" in at.code[0].value


def test_handoff_panel_opens_on_the_linked_shift(page):
    at = page("schedule")
    at.query_params["team"] = TEAM
    at.query_params["handoff"] = "20261006T190000Z"  # the night of 6 October, 21:00 CEST
    at.run()
    _no_exceptions(at)
    assert "Handoff" in [s.value for s in at.subheader]
    text = "\n".join(m.value for m in at.markdown)
    assert "# Handoff · payments-sre · night 2026-10-06 21:00 – 2026-10-07 09:00" in text
    assert "- **primary**:" in text and "## Incidents in the shift" in text
    # At the panel's size: no page-sized heading; the levels start at 4.
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings and all(line.startswith("####") for line in headings)
    assert "##### Windows over the limit (limit: 2 incidents per window)" in text


IMOC_TEAM = """\
team: incident-managers
timezone: Europe/Berlin
start: 2026-10-05
end: 2026-10-12
roles: [imoc]
shifts:
  - {name: week, start: "Mon 10:00", end: "Mon 10:00"}
members:
  - {id: alice}
"""
IMOC_SCHEDULE = """\
start,end,shift,role,person,site
2026-10-05T10:00:00+02:00,2026-10-12T10:00:00+02:00,week,imoc,alice,
"""


def test_solve_uses_other_published_schedules_as_busy_time(page, rota_db, clock):
    clock("2026-10-01T00:00:00+02:00")  # before the plan: every row of the horizon is free
    store = open_store(rota_db)
    store.publish(IMOC_TEAM, IMOC_SCHEDULE)
    at = page("schedule").run()
    at.slider(key=f"limit_{TEAM}").set_value(1)
    at.date_input(key=f"end_{TEAM}").set_value(
        at.date_input(key=f"start_{TEAM}").value.replace(day=12))
    at.button[0].click()
    at.run(timeout=60)
    _no_exceptions(at)
    assert any("published schedules of incident-managers v1 as busy time: 1 member(s) of "
               "payments-sre (alice)" in c.value for c in at.caption)
    csv_text = store.latest_schedule(TEAM).schedule_csv
    # alice is IMOC all week: she holds nothing from Monday 10:00 (minus rest) on.
    assert not [r for r in csv_text.splitlines()[1:] if ",alice," in r and r >= "2026-10-05T09"]
