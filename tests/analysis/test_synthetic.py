"""The generator's own answer (analysis.synthetic.expected_counts and over_chances), which the
forecast benchmark scores as the ideal forecast: it must be what the generator really does."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from scipy import stats

from analysis.synthetic import (
    HistoryShape,
    _storm_size,
    expected_counts,
    incident_times,
    over_chances,
    storm_size_mean,
)

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 1, 5, tzinfo=BERLIN)  # a Monday


def counts_in(times: list[datetime], starts: list[datetime], ends: list[datetime]) -> np.ndarray:
    at = np.sort(pd.DatetimeIndex(times).tz_convert("UTC").to_numpy(dtype="datetime64[ns]"))
    lo = pd.DatetimeIndex(starts).tz_convert("UTC").to_numpy(dtype="datetime64[ns]")
    hi = pd.DatetimeIndex(ends).tz_convert("UTC").to_numpy(dtype="datetime64[ns]")
    return np.searchsorted(at, hi) - np.searchsorted(at, lo)


def test_the_mean_storm_size_is_the_drawn_sizes_mean():
    shape = HistoryShape(START, days=1, storm_tail=1.5)
    rng = np.random.default_rng(7)
    drawn = np.mean([_storm_size(shape, rng) for _ in range(200_000)])
    assert abs(storm_size_mean(shape) - drawn) < 0.02 * drawn
    assert storm_size_mean(HistoryShape(START, days=1)) == 4.5  # integers 3 to 6


def test_expected_counts_are_the_long_run_means_of_the_generated_history():
    # 200 weeks of a weekly cycle and 3-6 incident storms: day and night windows of weekdays
    # and weekends, averaged over the weeks, against the generator's expectation (within four
    # standard errors of the weeks' mean).
    shape = HistoryShape(START, days=1400, per_day=6.0, weekday_factor=(1, 1, 1, 1, 2, 0.5, 0.5),
                         day_shock_shape=8.0, storm_chance=0.3, seed=3)
    starts = [START + timedelta(days=d, hours=h) for d in range(1399) for h in (9, 21)]
    ends = [s + timedelta(hours=12) for s in starts]
    seen = counts_in(incident_times(shape), starts, ends)
    expected = expected_counts(shape, starts, ends)
    assert abs(seen.mean() - expected.mean()) < 4 * seen.std() / np.sqrt(len(seen))
    fridays = np.array([s.weekday() == 4 and s.hour == 9 for s in starts])
    sundays = np.array([s.weekday() == 6 and s.hour == 9 for s in starts])
    assert expected[fridays].mean() > 3 * expected[sundays].mean()
    for slot in (fridays, sundays):
        error = seen[slot].std() / np.sqrt(slot.sum())
        assert abs(seen[slot].mean() - expected[slot].mean()) < 4 * error


def test_over_chances_match_the_negative_binomial_of_a_storm_free_day_window():
    # Without storms, a window inside one day has a gamma-Poisson count: a negative binomial
    # with n = the shock's shape.
    shape = HistoryShape(START, days=7, per_day=4.0, day_shock_shape=2.0, seed=1)
    start, end = [START + timedelta(hours=9)], [START + timedelta(hours=21)]
    mean = float(expected_counts(shape, start, end)[0])
    exact = stats.nbinom.sf(2, 2.0, 2.0 / (2.0 + mean))
    assert abs(over_chances(shape, start, end, 2, draws=200_000)[0] - exact) < 0.005


def test_over_chances_count_a_storm_only_for_the_hours_a_window_holds():
    # Storms only (no background): a window of the three hours 00:00-03:00 holds all of a storm
    # that starts at 00:00 and none of one that starts at 03:00 or later.
    shape = HistoryShape(START, days=2, per_day=1e-9, storm_chance=1.0, seed=2)
    early = over_chances(shape, [START], [START + timedelta(hours=3)], 2, draws=50_000)[0]
    whole = over_chances(shape, [START], [START + timedelta(hours=24)], 2, draws=50_000)[0]
    assert whole > 0.99  # every storm has at least 3 incidents, all inside the day
    # starts 00:00, 01:00 or 02:00 (3 of 22) put some of the storm in; the full three-incident
    # tail needs most of it: well under a quarter, well over zero
    assert 0.02 < early < 0.14
