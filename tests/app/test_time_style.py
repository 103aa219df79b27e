"""One time style in the app: the team zone's wall clock with the zone's name, never a raw ISO
offset; and both heat maps of the Load page put Monday on top."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from scheduler.domain import WEEKDAYS
from scheduler.teamfile.parse import load_team
from service.actions.demo import DEMO_DIR
from ui.pages.load.forecast import forecast_heatmap
from ui.shell.times import countdown, wall, wall_columns


def test_times_are_wall_clock_with_the_zone_name_on_each_side_of_dst():
    team = load_team(DEMO_DIR / "team.yaml")
    frame = pd.DataFrame({"window_start": ["2026-10-24T19:00:00Z", "2026-10-25T20:00:00Z"]})
    shown = wall_columns(frame, team.timezone, ("window_start",))["window_start"].tolist()
    assert shown == ["Sat 24 Oct 21:00 CEST", "Sun 25 Oct 21:00 CET"]
    assert wall(datetime(2027, 1, 4, 8, 0, tzinfo=UTC), team.timezone) == "Mon 04 Jan 09:00 CET"


def test_a_countdown_reads_at_a_glance():
    assert countdown(timedelta(hours=4, minutes=5)) == "in 4 h 05 min"
    assert countdown(timedelta(days=2, hours=3, minutes=59)) == "in 2 d 3 h"
    assert countdown(timedelta(minutes=12)) == "in 12 min"
    assert countdown(timedelta(seconds=-5)) == "now"


def test_the_forecast_heat_map_puts_monday_on_top_like_the_load_heat_map():
    table = pd.DataFrame([{"weekday": d, "hour": h, "expected_pages": 0.1, "p_over_limit": 0.0}
                          for d in WEEKDAYS for h in range(24)])
    fig = forecast_heatmap(table)
    assert fig.data[0].y[0] == WEEKDAYS[0]
    assert fig.layout.yaxis.autorange == "reversed"  # first row on top, as px.imshow draws it
