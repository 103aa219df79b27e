"""`rota staffing`: people needed for at most 25% on call, and whether pages fit the limit."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from analysis.forecast.per_shift import fit_forecast
from analysis.readers.pages import read_pages
from analysis.staffing import eight_hour_windows, pools, staffing_table
from analysis.synthetic import HistoryShape, history_csv
from scheduler.shifts.expand import expand
from scheduler.teamfile.parse import parse_team
from service.cli import main

BERLIN = ZoneInfo("Europe/Berlin")
HISTORY_START = datetime(2027, 1, 4, tzinfo=BERLIN)
DAY_NIGHT = ('  - {name: day, start: "09:00", end: "21:00"}\n'
             '  - {name: night, start: "21:00", end: "09:00"}\n')
TWO_SITES = ('  - {name: emea, start: "07:00", end: "19:00", site: emea}\n'
             '  - {name: amer, start: "19:00", end: "07:00", site: amer}\n')


THREE_SITES = ('  - {name: emea, start: "06:00", end: "14:00", site: emea}\n'
               '  - {name: amer, start: "14:00", end: "22:00", site: amer}\n'
               '  - {name: apac, start: "22:00", end: "06:00", site: apac}\n')


def team_yaml(shifts: str = DAY_NIGHT, roles: str = "[primary, secondary]", members: int = 10,
              sites: tuple[str, ...] = ("",)) -> str:
    people = "".join(
        f"  - {{id: m{k}, name: M{k}" + (f", site: {sites[k % len(sites)]}" if sites[0] else "")
        + "}\n" for k in range(members))
    return (f"team: t\ntimezone: Europe/Berlin\nstart: 2027-04-05\nend: 2027-05-03\n"
            f"roles: {roles}\nshifts:\n{shifts}members:\n{people}")


def model_for(team, per_day: float, storms: float = 0.0):
    text = history_csv(HistoryShape(HISTORY_START, 84, per_day=per_day, storm_chance=storms,
                                    seed=11))
    return fit_forecast(read_pages(text.encode(), BERLIN).incidents, team)


def test_one_site_with_two_roles_needs_eight():
    team = parse_team(team_yaml())
    table, _ = staffing_table(model_for(team, 1.0), team)
    assert table["needed_for_25_percent"].tolist() == [8]
    assert table["site"].tolist() == [""]


def test_one_role_halves_the_need_and_the_book_minimum_is_named_when_short():
    team = parse_team(team_yaml(roles="[primary]", members=3))
    table, _ = staffing_table(model_for(team, 1.0), team)
    row = table.iloc[0]
    assert row["needed_for_25_percent"] == 4 and row["members"] == 3
    assert "needs 4 people" in row["verdict"] and "at least 8 for one site" in row["verdict"]


def test_two_sites_split_the_day():
    team = parse_team(team_yaml(shifts=TWO_SITES, sites=("emea", "amer"), members=10))
    table, _ = staffing_table(model_for(team, 1.0), team)
    assert table["site"].tolist() == ["amer", "emea"]
    assert table["needed_for_25_percent"].tolist() == [4, 4]
    assert table["members"].tolist() == [5, 5]
    assert all("at least 6 per site in a two-site rotation" in v for v in table["verdict"])
    assert not any("no figure" in v for v in table["verdict"])


def test_three_sites_say_the_book_gives_no_figure_for_them():
    team = parse_team(team_yaml(shifts=THREE_SITES, sites=("emea", "amer", "apac"), members=9))
    table, _ = staffing_table(model_for(team, 1.0), team)
    assert table["members"].tolist() == [3, 3, 3]
    assert all("gives no figure for 3 sites; Rota keeps 6 per site" in v
               for v in table["verdict"])


def test_a_noisy_service_is_not_fixed_by_more_people():
    team = parse_team(team_yaml(members=12))
    noisy, what_if = staffing_table(model_for(team, 4.0, storms=0.1), team)
    quiet, _ = staffing_table(model_for(team, 0.5), team)
    assert "more people do not fix a noisy service" in noisy["verdict"].iloc[0]
    assert noisy["windows_over_limit_expected"].iloc[0] > 10
    assert "fit the limit" in quiet["verdict"].iloc[0]
    assert "more people" not in quiet["verdict"].iloc[0]
    per_person = what_if.set_index("scenario")["windows_over_limit_per_person_month"]
    assert per_person["+1 person"] < per_person["current size"]
    assert per_person["+2 people"] < per_person["+1 person"]
    # At about 2 pages a window, shorter windows put fewer of them over the limit.
    assert per_person["8-hour shifts"] < per_person["current size"]


def test_a_very_noisy_service_breaks_the_limit_in_8_hour_windows_too():
    team = parse_team(team_yaml(members=12))
    _, what_if = staffing_table(model_for(team, 12.0, storms=0.3), team)
    per_person = what_if.set_index("scenario")["windows_over_limit_per_person_month"]
    # 6 pages per 12 hours is over the limit in nearly every window, whatever its length.
    assert per_person["8-hour shifts"] > 0.9 * per_person["current size"] > 3


def test_eight_hour_windows_tile_the_covered_time():
    team = parse_team(team_yaml())
    shifts = expand(team)
    pool = pools(team, shifts)[0]
    windows = eight_hour_windows(pool.shifts)
    covered = (shifts[-1].end - shifts[0].start).total_seconds() / 3600
    assert len(windows) == covered // 8 + (1 if covered % 8 else 0)
    assert (windows["window_start"].iloc[1:].to_numpy() == windows["window_end"].iloc[:-1]
            .to_numpy()).all()


def test_cli_prints_clean_csv_and_the_what_if_on_stderr(tmp_path, capsys):
    (tmp_path / "team.yaml").write_text(team_yaml())
    (tmp_path / "pages.csv").write_text(history_csv(HistoryShape(HISTORY_START, 40, seed=2)))
    assert main(["staffing", str(tmp_path / "pages.csv"), "--team",
                 str(tmp_path / "team.yaml")]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["site", "members", "needed_for_25_percent", "expected_pages_per_shift",
                       "windows_over_limit_expected", "verdict"]
    assert len(rows) == 2 and rows[1][1:3] == ["10", "8"]
    assert "what-if" in err and "+2 people" in err and "8-hour shifts" in err
