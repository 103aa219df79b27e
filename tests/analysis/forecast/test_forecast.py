"""`rota forecast`: what the model learns from a history, and the per-shift CSV."""

from __future__ import annotations

import csv
import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from analysis.forecast.choice import p_over
from analysis.forecast.model import fit_rate_model
from analysis.forecast.per_shift import fit_forecast, forecast_csv, forecast_shifts, plan_windows
from analysis.forecast.slots import training
from analysis.readers.pages import read_pages
from analysis.synthetic import HistoryShape, history_csv
from scheduler.shifts.expand import expand
from scheduler.teamfile.parse import parse_team
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


def test_a_rising_trend_is_followed_where_the_backtest_supports_it():
    team = parse_team(team_yaml(start="2027-04-05", end="2027-04-12"))
    history = incidents(HistoryShape(HISTORY_START, 91, per_day=4, trend_per_week=1.1,
                                     day_shock_shape=1e6, seed=4))
    model = fit_forecast(history, team)
    per_day = forecast_shifts(model, team)["expected_pages"].sum() / 7
    created = history["created"]
    first_weeks = (created < created.min() + pd.Timedelta(days=28)).sum() / 28
    last_week = (created >= created.max() - pd.Timedelta(days=7)).sum() / 7
    # 1.1 a week over 13 weeks: the backtest picks the trend; the plan's week sits well above
    # the first four weeks, and the trend, carried at most four weeks, does not run away.
    assert model.method == "trend and holiday GLM"
    assert 1.8 * first_weeks < per_day < 1.3 * last_week


def test_short_histories_lean_on_the_overall_mean_and_say_so():
    team = parse_team(team_yaml())
    model = fit_forecast(incidents(HistoryShape(HISTORY_START, 20, seed=5)), team)
    assert model.method == "storm-aware"
    assert "too short to backtest" in model.reason


def test_the_glm_learns_quiet_holidays_when_the_history_has_them():
    holiday_dates = [date(2027, 1, 6), date(2027, 2, 3), date(2027, 3, 3), date(2027, 4, 7)]
    team = parse_team(team_yaml(holidays="[" + ", ".join(map(str, holiday_dates)) + "]"))
    history = incidents(HistoryShape(HISTORY_START, 84, per_day=6, seed=6))
    local_day = history["created"].dt.tz_convert(BERLIN).dt.date
    history = history[~local_day.isin(holiday_dates)].reset_index(drop=True)
    model = fit_rate_model(history["created"], BERLIN, team.holidays)
    assert model.use_holidays
    # Day windows of the plan's Wednesdays, 7 April 2027 a holiday.
    days = [datetime(2027, 4, d, 9, tzinfo=BERLIN) for d in (7, 14)]
    starts = pd.DatetimeIndex(days)
    holiday, other = model.expected(starts, starts + pd.Timedelta(hours=12))
    assert holiday < 0.5 * other


def test_storms_make_the_window_counts_over_dispersed():
    team = parse_team(team_yaml())
    calm = fit_forecast(incidents(HistoryShape(HISTORY_START, 120, day_shock_shape=1e6,
                                               seed=7)), team)
    stormy = fit_forecast(incidents(HistoryShape(HISTORY_START, 120, day_shock_shape=1.5,
                                                 storm_chance=0.3, seed=7)), team)
    assert calm.alpha < stormy.alpha
    # Same mean, wider spread: a storm-fitted model gives more chance of a bad window.
    mean = np.array([1.0])
    assert stormy.p_over(mean, 2)[0] > calm.p_over(mean, 2)[0]


def test_over_the_limit_means_more_than_the_limit():
    # Poisson(1): P(X > 2) = 1 - e^-1 (1 + 1 + 1/2); exactly 2 is not over the limit.
    expected = 1 - math.exp(-1) * 2.5
    assert p_over(np.array([1.0]), 2, 0.0)[0] == pytest.approx(expected)
    assert p_over(np.array([1.0]), 3, 0.0)[0] < expected


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
    chances = model.window_chances(windows, means, 2)
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
    # 20:30 in Berlin is in the day window (09:00-21:00); read as UTC it would be 21:30 there.
    text = "id,created_at,responder\n" + "".join(
        f"i{k},{(datetime(2027, 1, 4, 20, 30) + timedelta(days=k)).isoformat()},a\n"
        for k in range(20))
    created = read_pages(text.encode(), team.timezone).incidents["created"]
    data = training(created, team, created.min(), created.max() + pd.Timedelta(seconds=1))
    by_start = data.windows.groupby(data.windows["window_start"].dt.tz_convert(BERLIN).dt.hour)
    assert by_start["incidents"].sum().to_dict() == {9: 20, 21: 0}


@pytest.mark.parametrize("count", [1, 2, 5])
def test_tiny_histories_give_a_finite_forecast(count):
    team = parse_team(team_yaml())
    text = "id,created_at,responder\n" + "".join(
        f"i{k},2027-01-0{4 + k}T23:00:00+01:00,a\n" for k in range(count))
    frame = forecast_shifts(fit_forecast(read_pages(text.encode(), BERLIN).incidents, team), team)
    assert np.isfinite(frame["expected_pages"]).all()
    assert frame["p_over_limit"].between(0, 1).all()
    # The history counts whole shift windows: one incident seen in one 12-hour window is about
    # one page a shift, not one in the sliver of time up to that incident.
    assert frame["expected_pages"].max() <= 1.0 + 1e-9
