"""The forecast computes two things by hand that libraries also compute, to keep their imports
(1-2 s) off the Load page's first render: the ridge Poisson GLM (statsmodels'
GLM.fit_regularized(L1_wt=0) objective, solved by Newton's method) and the negative binomial
and Poisson tails (scipy.stats). Both must give the references' answers."""

from __future__ import annotations

import warnings
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.forecast import model as glm
from analysis.forecast.choice import p_over
from analysis.readers.pages import read_pages
from analysis.synthetic import HistoryShape, history_csv

BERLIN = ZoneInfo("Europe/Berlin")


def design_for(created: pd.Series) -> tuple[pd.DatetimeIndex, np.ndarray, glm._Spec]:
    first, last = created.min().tz_convert("UTC"), created.max().tz_convert("UTC")
    hours, counts = glm.hourly_counts(created, first, last)
    holidays = frozenset({datetime(2027, 4, 5).date(), datetime(2027, 5, 1).date()})
    spec = glm._Spec(BERLIN, holidays, hours[0], hours[-1] + glm.HOUR + glm.TREND_HORIZON,
                     True, True)
    return hours, counts, spec


@pytest.mark.parametrize("trend", [1.0, 1.05])
def test_the_glm_fit_reaches_statsmodels_ridge_optimum(trend):
    sm = pytest.importorskip("statsmodels.api")
    shape = HistoryShape(datetime(2027, 3, 1, tzinfo=BERLIN), days=84, per_day=4.0,
                         weekday_factor=(1, 1, 1, 1, 2, 0.3, 0.3), trend_per_week=trend,
                         storm_chance=0.1, seed=3)
    created = read_pages(history_csv(shape).encode(), BERLIN).incidents["created"]
    hours, counts, spec = design_for(created)
    design = glm.hourly_design(hours, spec)
    penalty = np.full(design.shape[1], glm.PRIOR_PRECISION / len(counts))
    penalty[0] = 0.0
    start = np.zeros(design.shape[1])
    start[0] = np.log(counts.mean())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = sm.GLM(counts, design, family=sm.families.Poisson()).fit_regularized(
            alpha=penalty, L1_wt=0.0, start_params=start).params
    ours = glm._fit_rate(hours, counts, spec)

    def objective(b: np.ndarray) -> float:
        eta = design @ b
        return float(np.mean(np.exp(eta) - counts * eta) + np.sum(penalty * b * b) / 2)

    assert objective(ours) <= objective(reference) + 1e-12  # at least as low: the optimum
    rates = np.exp(design @ ours) / np.exp(design @ reference)
    assert np.abs(rates - 1).max() < 2e-3  # BFGS stops a little short of it


def test_the_tails_are_scipy_stats_tails():
    means = np.array([1e-9, 0.05, 0.7, 2.0, 2.5, 9.0, 40.0, 400.0])
    for limit in (0, 2, 5):
        assert p_over(means, limit, 0.0) == pytest.approx(stats.poisson.sf(limit, means),
                                                          rel=1e-12, abs=1e-15)
        for alpha in (0.05, 0.35, 1.5, 8.0):
            n = 1 / alpha
            expected = stats.nbinom.sf(limit, n, n / (n + means))
            assert p_over(means, limit, alpha) == pytest.approx(expected, rel=1e-10, abs=1e-15)
