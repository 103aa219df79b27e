"""Burnout risk: thresholds at their boundaries, levels and reasons."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.risk import score


def person(**overrides) -> pd.DataFrame:
    base = {"person": "alice", "incidents": 0, "business_hours": 0, "off_hours": 0,
            "sleep_hours": 0, "windows_over_limit": 0, "windows": 10,
            "longest_overloaded_run": 0, "oncall_share": float("nan")}
    return pd.DataFrame([{**base, **overrides}])


@pytest.mark.parametrize(("overrides", "risk"), [
    ({}, "low"),
    ({"windows_over_limit": 1, "windows": 11}, "low"),  # 9% < 10%
    ({"windows_over_limit": 1, "windows": 10}, "medium"),  # 10%
    ({"windows_over_limit": 3, "windows": 12}, "high"),  # 25%
    ({"sleep_hours": 4}, "low"),  # 0.93 sleep-hour incidents a week
    ({"sleep_hours": 5}, "medium"),  # 1.17 a week
    ({"sleep_hours": 9, "windows": 0}, "high"),  # 2.1 a week
    ({"off_hours": 6}, "low"),  # 6 interruptions in 30 days
    ({"off_hours": 7}, "medium"),  # PagerDuty: 7 a month is bad
    ({"off_hours": 19}, "high"),  # PagerDuty: 19 a month is a sign of burnout
    ({"longest_overloaded_run": 2}, "medium"),
    ({"longest_overloaded_run": 3}, "high"),
    ({"oncall_share": 0.25}, "low"),  # the SRE book's cap is 25%: at it is fine
    ({"oncall_share": 0.26}, "medium"),
])
def test_risk_levels_at_the_thresholds(overrides, risk):
    assert score(person(**overrides), span_days=30)["risk"].item() == risk


def test_three_warnings_add_up_to_high():
    row = score(person(off_hours=7, longest_overloaded_run=2, oncall_share=0.3), 30)
    assert row["risk"].item() == "high"
    assert row["reasons"].item() == ("high: about 7 off-hour interruptions a month at this pace, from 7 in 30 days; "
                                     "2 overloaded windows in a row; 30% of the time on call")


def test_rates_never_use_less_than_a_week():
    # 2 sleep-hour incidents in one day would be 14 a week; over the 7-day floor it is 2.
    assert score(person(sleep_hours=2), span_days=1)["sleep_per_week"].item() == 2
