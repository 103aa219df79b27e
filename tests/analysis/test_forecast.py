"""`rota forecast`: what the model learns from a history, and the per-shift CSV."""

from __future__ import annotations

import csv
import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from analysis.forecast import fit_forecast, forecast_csv, forecast_shifts, plan_windows
from analysis.forecast_eval import evaluate
from analysis.forecast_model import RateModel
from analysis.formats import read_pages
from analysis.synthetic import HistoryShape, history_csv
from scheduler.shifts import expand
from scheduler.team import parse_team
from service.cli import main

BERLIN = ZoneInfo("Europe/Berlin")
HISTORY_START = datetime(2027, 1, 4, tzinfo=BERLIN)  # a Monday
WEDNESDAY = 2


def team_yaml(start: str = "2027-04-05", end: str = "2027-04-19", shifts: str = "",
              holidays: str = "[]", limit: int = 2) -> str:
    shifts = shifts or ('  - {name: day, start: "09:00", end: "21:00"}\n'
                        '  - {name: night, start: "21:00", end: "09:00"}\n')
    return (f"team: t\ntimezone: Europe/Berlin\nstart: {start}\nend: {end}\nroles: [primary]\n"
            f"holidays: {holidays}\nshifts:\n{shifts}"
            f"rules: {{max_incidents_per_shift: {limit}}}\n"
            "members:\n  - {id: a, name: A}\n  - {id: b, name: B}\n")


def incidents(shape: HistoryShape) -> pd.DataFrame:
    return read_pages(history_csv(shape).encode(), BERLIN).incidents


def test_a_noisy_weekday_is_learned():
    team = parse_team(team_yaml())
    week = (1.0, 1.0, 6.0, 1.0, 1.0, 1.0, 1.0)
    model = fit_forecast(incidents(HistoryShape(HISTORY_START, 84, weekday_factor=week, seed=3)),
                         team)
    frame = forecast_shifts(model, team)
    day_start = frame["start"].dt.tz_convert(BERLIN)
    wednesday_days = frame[(day_start.dt.day_of_week == WEDNESDAY) & (frame["shift"] == "day")]
    other_days = frame[(day_start.dt.day_of_week != WEDNESDAY) & (frame["shift"] == "day")]
    ratio = wednesday_days["expected_pages"].mean() / other_days["expected_pages"].mean()
    assert 4.0 < ratio < 9.0
    assert wednesday_days["p_over_limit"].min() > other_days["p_over_limit"].max()


def test_a_rising_trend_carries_into_the_plan():
    team = parse_team(team_yaml(start="2027-04-05", end="2027-04-12"))
    history = incidents(HistoryShape(HISTORY_START, 91, per_day=4, trend_per_week=1.1,
                                     day_shock_shape=1e6, seed=4))
    model = fit_forecast(history, team)
    assert model.use_trend
    per_day = forecast_shifts(model, team)["expected_pages"].sum() / 7
    first_weeks = (history["created"] < history["created"].min() + pd.Timedelta(days=28)).sum()
    # 1.1 a week over 13 weeks: the plan week should be about 2.5x the first four weeks.
    assert per_day > 1.8 * first_weeks / 28


def test_short_histories_fit_no_trend():
    team = parse_team(team_yaml())
    model = fit_forecast(incidents(HistoryShape(HISTORY_START, 30, seed=5)), team)
    assert not model.use_trend


def test_quiet_holidays_are_learned_when_the_history_has_them():
    holiday_dates = [date(2027, 1, 6), date(2027, 2, 3), date(2027, 3, 3), date(2027, 4, 7)]
    team = parse_team(team_yaml(holidays="[" + ", ".join(map(str, holiday_dates)) + "]"))
    history = incidents(HistoryShape(HISTORY_START, 84, per_day=6, seed=6))
    local_day = history["created"].dt.tz_convert(BERLIN).dt.date
    history = history[~local_day.isin(holiday_dates)].reset_index(drop=True)
    model = fit_forecast(history, team)
    assert model.use_holidays
    frame = forecast_shifts(model, team).assign(
        day=lambda f: f["start"].dt.tz_convert(BERLIN).dt.date)
    days = frame[frame["shift"] == "day"]
    holiday = days[days["day"] == date(2027, 4, 7)]["expected_pages"].iloc[0]
    wednesdays = days[(pd.to_datetime(days["day"]).dt.day_of_week == WEDNESDAY)
                      & (days["day"] != date(2027, 4, 7))]["expected_pages"]
    assert holiday < 0.5 * wednesdays.mean()


def test_storms_make_the_window_counts_over_dispersed():
    team = parse_team(team_yaml())
    calm = fit_forecast(incidents(HistoryShape(HISTORY_START, 120, day_shock_shape=1e6,
                                               seed=7)), team)
    stormy = fit_forecast(incidents(HistoryShape(HISTORY_START, 120, day_shock_shape=1.5,
                                                 storm_chance=0.3, seed=7)), team)
    assert calm.alpha < 0.1
    assert stormy.alpha > 0.3
    # Same mean, wider spread: a storm-fitted model gives more chance of a bad window.
    mean = np.array([1.0])
    assert stormy.p_over(mean, 2)[0] > calm.p_over(mean, 2)[0]


def test_over_the_limit_means_more_than_the_limit():
    poisson = RateModel(BERLIN, frozenset(), pd.Timestamp("2027-01-01", tz="UTC"),
                        pd.Timestamp("2027-01-01", tz="UTC"), False, False, np.zeros(1), 1.0,
                        0.0, 1, 1.0)
    # Poisson(1): P(X > 2) = 1 - e^-1 (1 + 1 + 1/2); exactly 2 is not over the limit.
    expected = 1 - math.exp(-1) * 2.5
    assert poisson.p_over(np.array([1.0]), 2)[0] == pytest.approx(expected)
    assert poisson.p_over(np.array([1.0]), 3)[0] < expected


def test_a_long_shift_is_over_when_any_of_its_windows_is():
    weekly = '  - {name: week, start: "Mon 10:00", end: "Mon 10:00"}\n'
    team = parse_team(team_yaml(shifts=weekly, start="2027-04-05", end="2027-04-12"))
    model = fit_forecast(incidents(HistoryShape(HISTORY_START, 84, seed=8)), team)
    frame = forecast_shifts(model, team)
    assert len(frame) == 1
    windows = plan_windows(expand(team), BERLIN)
    assert len(windows) == 14
    means = model.expected(pd.DatetimeIndex(windows["window_start"]),
                           pd.DatetimeIndex(windows["window_end"]))
    chances = model.p_over(means, 2)
    assert frame["expected_pages"].iloc[0] == pytest.approx(means.sum())
    assert frame["p_over_limit"].iloc[0] == pytest.approx(1 - np.prod(1 - chances))
    assert frame["p_over_limit"].iloc[0] > chances.max()


def test_csv_keeps_the_team_offset_across_dst():
    team = parse_team(team_yaml(start="2027-03-27", end="2027-03-29"))
    model = fit_forecast(incidents(HistoryShape(HISTORY_START, 60, seed=9)), team)
    rows = list(csv.reader(forecast_csv(forecast_shifts(model, team), team).splitlines()))
    assert rows[0] == ["start", "end", "shift", "expected_pages", "p_over_limit"]
    assert rows[2][:3] == ["2027-03-27T21:00:00+01:00", "2027-03-28T09:00:00+02:00", "night"]
    night, day = float(rows[2][3]), float(rows[1][3])
    assert night > 0 and day > 0 and all(0 <= float(r[4]) <= 1 for r in rows[1:])


def test_beats_both_baselines_on_a_history_with_trend_and_weekly_cycle():
    team = parse_team(team_yaml())
    shape = HistoryShape(HISTORY_START, 273, per_day=3, trend_per_week=1.02,
                         weekday_factor=(1.0, 1.2, 1.0, 1.3, 1.5, 0.5, 0.4),
                         day_shock_shape=3, storm_chance=0.1, seed=2)
    scores = evaluate(incidents(shape), team).scores.set_index("method")
    model = scores.loc["forecast (NB GLM)"]
    for baseline in ("overall mean", "hour-of-week mean"):
        assert model["poisson_deviance"] < scores.loc[baseline, "poisson_deviance"]
        assert model["log_score"] > scores.loc[baseline, "log_score"]


def write(tmp_path, pages: str | bytes, yaml: str | None = None) -> tuple[str, str]:
    (tmp_path / "team.yaml").write_text(yaml or team_yaml())
    data = pages.encode() if isinstance(pages, str) else pages
    (tmp_path / "pages.csv").write_bytes(data)
    return str(tmp_path / "pages.csv"), str(tmp_path / "team.yaml")


def test_cli_writes_one_row_per_shift(tmp_path, capsys):
    pages, team = write(tmp_path, history_csv(HistoryShape(HISTORY_START, 30, seed=1))
                        + "X1,not a time,a\n")
    out = tmp_path / "forecast.csv"
    assert main(["forecast", pages, "--team", team, "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 28  # 14 days x day and night
    err = capsys.readouterr().err
    assert "1 row(s) rejected" in err and "pages.csv" in err


def test_cli_empty_and_broken_histories_exit_2(tmp_path, capsys):
    pages, team = write(tmp_path, "id,created_at,responder\n")
    assert main(["forecast", pages, "--team", team, "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pages.csv" in err and "no readable incident" in err
    pages, team = write(tmp_path, b"when,who\n2027-01-05,a\n")
    assert main(["forecast", pages, "--team", team, "--out", str(tmp_path / "f.csv")]) == 2
    assert "pages.csv:1" in capsys.readouterr().err


def test_history_times_without_offset_use_the_team_zone():
    team = parse_team(team_yaml())
    text = "id,created_at,responder\n" + "".join(
        f"i{k},{(datetime(2027, 1, 4) + timedelta(hours=5 * k)).isoformat()},a\n"
        for k in range(200))
    model = fit_forecast(read_pages(text.encode(), team.timezone).incidents, team)
    assert model.origin == pd.Timestamp("2027-01-03T23:00:00Z")


@pytest.mark.parametrize("count", [1, 2, 5])
def test_tiny_histories_give_a_finite_forecast(count):
    team = parse_team(team_yaml())
    text = "id,created_at,responder\n" + "".join(
        f"i{k},2027-01-0{4 + k}T23:00:00+01:00,a\n" for k in range(count))
    frame = forecast_shifts(fit_forecast(read_pages(text.encode(), BERLIN).incidents, team), team)
    assert np.isfinite(frame["expected_pages"]).all()
    assert frame["p_over_limit"].between(0, 1).all()
