"""hac_ols against statsmodels' OLS(...).fit(cov_type="HAC"): equal to the last bit."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.regression.linear_model import OLS

from bubblelink.analytics.beta import hac_ols, newey_west_lags


def _designs() -> list[tuple[np.ndarray, np.ndarray, int]]:
    rng = np.random.default_rng(20261203)
    cases = []
    for n, k in ((30, 2), (104, 2), (250, 3), (1500, 2), (400, 4)):
        x = np.column_stack([np.ones(n), rng.standard_normal((n, k - 1)).cumsum(axis=0)])
        e = np.zeros(n)
        for t in range(1, n):  # AR(1) errors: the case HAC is for
            e[t] = 0.7 * e[t - 1] + rng.standard_normal()
        y = x @ rng.standard_normal(k) + e
        for lags in (0, 1, newey_west_lags(n), 12):
            cases.append((y, x, lags))
    # regime constants summing to one instead of an explicit constant (up/down beta)
    m = rng.standard_normal(300)
    up = (m > 0).astype(float)
    x = np.column_stack([up, 1 - up, m * up, m * (1 - up)])
    cases.append((0.3 * m + rng.standard_normal(300), x, 5))
    return cases


@pytest.mark.parametrize("case", range(len(_designs())))
def test_hac_ols_is_statsmodels_to_the_bit(case: int) -> None:
    y, x, lags = _designs()[case]
    ours = hac_ols(y, x, lags=lags)
    ref = OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    np.testing.assert_array_equal(ours.params, np.asarray(ref.params))
    np.testing.assert_array_equal(ours.cov, np.asarray(ref.cov_params()))
    np.testing.assert_array_equal(ours.resid, np.asarray(ref.resid))
    assert ours.r_squared == 1.0 - float(ref.ssr) / float(ref.centered_tss)
    assert ours.n_obs == len(y)
    assert ours.lags == lags


def test_hac_ols_default_lag_is_the_newey_west_rule() -> None:
    y, x, _ = _designs()[4]
    assert hac_ols(y, x).lags == newey_west_lags(len(y))
