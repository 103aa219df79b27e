"""The Schedule page's "who is on call" timeline: it opens on today (yesterday's midnight, two
weeks wide, clamped into the plan) and its legend names every person, in rows above the chart."""

from __future__ import annotations

from datetime import date

import pandas as pd

from scheduler.formats.csvfile import read_schedule
from scheduler.teamfile.parse import load_team
from service.actions.demo import DEMO_DIR
from ui.pages.schedule.page import timeline_figure


def _demo():
    team = load_team(DEMO_DIR / "team.yaml")
    return read_schedule(DEMO_DIR / "schedule.csv", team)


def _range(fig) -> list[pd.Timestamp]:
    return [pd.Timestamp(x) for x in fig.layout.xaxis.range]


def test_the_timeline_opens_on_yesterday_for_two_weeks():
    start, end = _range(timeline_figure(_demo(), today=date(2026, 12, 7)))
    assert start == pd.Timestamp("2026-12-06T00:00:00+01:00")
    assert end - start == pd.Timedelta(days=14)


def test_before_the_plan_it_opens_on_the_first_day_and_after_it_on_the_last_two_weeks():
    schedule = _demo()
    assert _range(timeline_figure(schedule, today=date(2026, 1, 1)))[0] == pd.Timestamp(
        "2026-10-05T09:00:00+02:00")
    last_end = max(a.end for a in schedule.assignments)
    assert _range(timeline_figure(schedule, today=date(2030, 1, 1)))[1] == pd.Timestamp(last_end)


def test_the_legend_names_every_person_in_rows_above_the_chart():
    schedule = _demo()
    fig = timeline_figure(schedule, today=date(2026, 12, 7))
    named = {trace.name for trace in fig.data if trace.showlegend is not False}
    assert {m.id for m in schedule.team.members} <= named
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y > 1
