"""`rota solve --pages`: expected pages and sleep-hour pages as balanced loads (issue 12)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from analysis.synthetic import HistoryShape, history_csv
from scheduler.solver.solve import Solver
from scheduler.teamfile.parse import parse_team
from service.cli import main
from service.page_forecast import expected_pages, solve_with_pages

BERLIN = ZoneInfo("Europe/Berlin")
PLAN_START = date(2027, 4, 5)
WEEKS = 4
NOISY_WEDNESDAY = (1.0, 1.0, 6.0, 1.0, 1.0, 1.0, 1.0)
TIME_LIMIT = 5.0
SHIFT_HOURS = 12.0


def team_yaml(members: int = 4, roles: str = "[primary]") -> str:
    return (f"team: t\ntimezone: Europe/Berlin\nstart: {PLAN_START}\n"
            f"end: {PLAN_START + timedelta(weeks=WEEKS)}\nroles: {roles}\n"
            'shifts:\n  - {name: day, start: "09:00", end: "21:00"}\n'
            '  - {name: night, start: "21:00", end: "09:00"}\n'
            "rules: {min_rest_hours: 12}\nmembers:\n"
            + "".join(f"  - {{id: m{k}, name: M{k}}}\n" for k in range(members)))


@pytest.fixture(scope="module")
def noisy_history(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("pages") / "pages.csv"
    path.write_text(history_csv(HistoryShape(datetime(2027, 1, 4, tzinfo=BERLIN), 91,
                                             per_day=3, weekday_factor=NOISY_WEDNESDAY, seed=1)))
    return str(path)


def pages_per_person(schedule, pages) -> dict[str, float]:
    totals = {m.id: 0.0 for m in schedule.team.members}
    for a in schedule.assignments:
        if a.role == "primary" and a.person:
            totals[a.person] += pages.of(a.shift.index)
    return totals


def spread(values: dict[str, float]) -> float:
    return max(values.values()) - min(values.values())


def test_balancing_pages_halves_their_range_and_keeps_the_other_loads(noisy_history):
    team = parse_team(team_yaml())
    pages = expected_pages(team, noisy_history)
    plain = Solver(team, time_limit=TIME_LIMIT, seed=0).solve()
    balanced = solve_with_pages(Solver(team, time_limit=TIME_LIMIT, seed=0), pages)
    assert plain.report is not None and balanced.report is not None
    before = spread(pages_per_person(plain, pages))
    after = spread(pages_per_person(balanced, pages))
    lines = {line.quantity: line for line in balanced.report.fairness}
    assert {"pages", "sleep_pages"} <= set(lines)
    assert before > 8.0  # who gets the Wednesdays matters: several pages between people
    try:
        assert after <= before / 2
        for name in ("shifts", "hours", "weekend", "holiday", "night", "primary"):
            line = lines[name]
            one_shift = 1.0 if line.unit == "shifts" else SHIFT_HOURS
            assert line.achieved - line.bound <= one_shift + 1e-6, name
    except AssertionError:
        # The search budget is deterministic; only the wall-clock safety cap of an overloaded
        # machine cuts it short, and then the result depends on the load, not on the inputs.
        if balanced.report.wall_capped or plain.report.wall_capped:
            pytest.skip("the wall-clock safety cap cut the search short (machine overloaded)")
        raise


def test_page_loads_go_to_the_primary_row_and_sleep_hours_follow_the_member_zone(noisy_history):
    team = parse_team(team_yaml(members=6, roles="[primary, secondary]").replace(
        "  - {id: m5, name: M5}", "  - {id: m5, name: M5, timezone: America/New_York}"))
    pages = expected_pages(team, noisy_history)
    berlin, new_york = pages.sleep["Europe/Berlin"], pages.sleep["America/New_York"]
    day = next(i for i, v in sorted(pages.per_shift.items()) if i % 2 == 0)
    night = day + 1
    # Berlin day shift 09-21 holds no Berlin sleep hour; in New York it is 03-15, so 03-08 is.
    assert berlin[day] == 0.0 and 0 < new_york[day] < pages.per_shift[day]
    # Berlin night 21-09 sleeps 22-08 (10 of 12 hours); New York's clock reads 15-03.
    assert 0 < berlin[night] < pages.per_shift[night]
    assert new_york[night] < berlin[night]


def test_cli_writes_expected_pages_after_site(tmp_path, noisy_history, capsys):
    (tmp_path / "team.yaml").write_text(team_yaml(members=6, roles="[primary, secondary]"))
    out = tmp_path / "schedule.csv"
    assert main(["solve", str(tmp_path / "team.yaml"), "--pages", noisy_history, "--out",
                 str(out), "--time-limit", "2", "--quiet"]) == 0
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["start", "end", "shift", "role", "person", "site", "expected_pages"]
    assert all(r["expected_pages"] == "0" for r in rows if r["role"] == "secondary")
    primary = [float(r["expected_pages"]) for r in rows if r["role"] == "primary"]
    assert len(primary) == WEEKS * 14 and min(primary) > 0
    table = capsys.readouterr().out
    assert "pages" in table and "sleep_pages" in table


def test_cli_without_pages_keeps_the_section_3_header(tmp_path):
    (tmp_path / "team.yaml").write_text(team_yaml())
    out = tmp_path / "schedule.csv"
    assert main(["solve", str(tmp_path / "team.yaml"), "--out", str(out), "--time-limit", "1",
                 "--quiet"]) == 0
    assert out.read_text().splitlines()[0] == "start,end,shift,role,person,site"


def test_cli_bad_pages_file_exits_2_naming_it(tmp_path, capsys):
    (tmp_path / "team.yaml").write_text(team_yaml())
    (tmp_path / "pages.csv").write_text("when,who\n2027-01-05,a\n")
    assert main(["solve", str(tmp_path / "team.yaml"), "--pages", str(tmp_path / "pages.csv"),
                 "--out", str(tmp_path / "s.csv"), "--time-limit", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "pages.csv:1" in err and not (tmp_path / "s.csv").exists()
