"""Shift expansion across both DST changes, in three hemispheres and for every shape."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.domain import ClockSpec, ShiftTemplate
from scheduler.shifts.expand import expand_templates
from scheduler.shifts.wallclock import resolve_local

HOUR, DAY = timedelta(hours=1), timedelta(days=1)

# (zone, spring-forward date, fall-back date) in 2027
DST = {
    "Europe/Berlin": (date(2027, 3, 28), date(2027, 10, 31)),
    "America/New_York": (date(2027, 3, 14), date(2027, 11, 7)),
    "Australia/Sydney": (date(2027, 10, 3), date(2027, 4, 4)),  # southern hemisphere
}


def daily(name, start, end, site=None):
    return ShiftTemplate(name, ClockSpec(start), ClockSpec(end), site)


def weekly(name, day, clock, end_day, end_clock):
    return ShiftTemplate(name, ClockSpec(clock, day), ClockSpec(end_clock, end_day))


SHAPES = {
    "12h day/night": [daily("day", time(9), time(21)), daily("night", time(21), time(9))],
    "weekly": [weekly("week", 0, time(10), 0, time(10))],
    "split week": [weekly("weekdays", 0, time(9), 4, time(9)), weekly("weekend", 4, time(9), 0, time(9))],
    "follow-the-sun 8h": [daily("emea", time(6), time(14), "emea"), daily("amer", time(14), time(22), "amer"),
                          daily("apac", time(22), time(6), "apac")],
}


def local_clock(instant: datetime, zone: ZoneInfo) -> time:
    return instant.astimezone(zone).time().replace(tzinfo=None)


@pytest.mark.parametrize("zone_name", DST)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("change", ["spring", "fall"])
def test_shifts_tile_time_and_keep_handoff_clock_times(zone_name, shape, change):
    zone = ZoneInfo(zone_name)
    day = DST[zone_name][0 if change == "spring" else 1]
    templates = SHAPES[shape]
    shifts = expand_templates(templates, zone, day - 10 * DAY, day + 10 * DAY)
    assert shifts, "expected shifts"
    # Consecutive shifts hand off without gap or overlap (elapsed time, in UTC).
    for a, b in itertools.pairwise(shifts):
        assert a.end == b.start
    clocks = {t.start.clock for t in templates}
    for s in shifts:
        assert local_clock(s.start, zone) in clocks  # no 02:00-ish handoffs: all exist
    total = sum((s.duration for s in shifts), timedelta())
    wall = (shifts[-1].end.astimezone(zone).replace(tzinfo=None)
            - shifts[0].start.astimezone(zone).replace(tzinfo=None))
    # Over a DST change the elapsed time differs from the wall-clock span by exactly one hour.
    assert total == wall + (-HOUR if change == "spring" else HOUR)


@pytest.mark.parametrize("zone_name", DST)
def test_day_night_durations_on_change_nights(zone_name):
    zone = ZoneInfo(zone_name)
    spring, fall = DST[zone_name]
    for day, expected in ((spring, 11), (fall, 13)):
        shifts = expand_templates(SHAPES["12h day/night"], zone, day - DAY, day + DAY)
        night = next(s for s in shifts if s.template == "night")
        # The night before the change (local 21:00 -> 09:00) is 11 h in spring, 13 h in fall.
        assert night.duration == expected * HOUR


def test_weekly_shift_lasts_167_or_169_hours_across_change():
    zone = ZoneInfo("America/New_York")
    shifts = expand_templates(SHAPES["weekly"], zone, date(2027, 3, 8), date(2027, 3, 9))
    assert shifts[0].duration == 167 * HOUR
    shifts = expand_templates(SHAPES["weekly"], zone, date(2027, 11, 1), date(2027, 11, 2))
    assert shifts[0].duration == 169 * HOUR


def test_missing_handoff_moves_to_end_of_gap_and_repeated_means_first():
    berlin = ZoneInfo("Europe/Berlin")
    spring = resolve_local(date(2027, 3, 28), time(2, 30), berlin)
    assert spring.isoformat() == "2027-03-28T03:00:00+02:00"
    fall = resolve_local(date(2027, 10, 31), time(2, 30), berlin)
    assert fall.utcoffset() == 2 * HOUR  # the first 02:30 is still summer time
    shifts = expand_templates([daily("a", time(2, 30), time(14, 30)), daily("b", time(14, 30), time(2, 30))],
                              berlin, date(2027, 3, 27), date(2027, 3, 29))
    sunday_a = [s for s in shifts if s.template == "a"][1]
    assert sunday_a.start.astimezone(berlin).isoformat() == "2027-03-28T03:00:00+02:00"
    saturday_b = next(s for s in shifts if s.template == "b")
    assert saturday_b.end == sunday_a.start  # still tiles


def test_shift_belongs_to_plan_by_its_start_day():
    zone = ZoneInfo("Europe/Berlin")
    shifts = expand_templates(SHAPES["12h day/night"], zone, date(2027, 1, 4), date(2027, 1, 5))
    assert [s.template for s in shifts] == ["day", "night"]
    assert shifts[-1].end.astimezone(zone).date() == date(2027, 1, 5)  # last one runs past end
