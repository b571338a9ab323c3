"""OLS beta with Newey–West errors: checked against statsmodels and by simulation."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from bubblelink.analytics.beta import hac_ols, newey_west_lags, ols_beta
from bubblelink.errors import DataError
from tests.analytics.beta.simulated import dated, simulate_pair


def _statsmodels_fit(asset: pd.Series, market: pd.Series, lags: int):
    x = sm.add_constant(market.to_numpy())
    return sm.OLS(asset.to_numpy(), x).fit(cov_type="HAC", cov_kwds={"maxlags": lags})


@pytest.mark.parametrize("lags", [None, 0, 3, 15])
def test_matches_statsmodels_hac(lags: int | None) -> None:
    asset, market = simulate_pair()
    result = ols_beta(asset, market, lags=lags)
    used = newey_west_lags(len(asset)) if lags is None else lags
    ref = _statsmodels_fit(asset, market, used)
    assert result.hac_lags == used
    np.testing.assert_allclose([result.alpha, result.beta], ref.params, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose([result.alpha_std_error, result.beta_std_error], ref.bse, rtol=1e-8)
    np.testing.assert_allclose([result.alpha_p, result.beta_p], ref.pvalues, rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(result.r_squared, ref.rsquared, rtol=1e-10)
    np.testing.assert_allclose(result.conf_int().to_numpy(), ref.conf_int(), rtol=1e-8)
    assert result.n == len(asset)


def test_default_lag_rule() -> None:
    # floor(4 (n/100)^(2/9)): 4 at n=100, 7 at n=2000 (hand-computed 7.76 -> 7)
    assert newey_west_lags(100) == 4
    assert newey_west_lags(2000) == 7
    assert newey_west_lags(1500) == 7


def test_recovers_true_beta_and_hac_wider_than_ols_with_autocorrelated_errors() -> None:
    asset, market = simulate_pair(n=3000, beta=1.5, ar=0.5, seed=11)
    result = ols_beta(asset, market)
    assert abs(result.beta - 1.5) < 4 * result.beta_std_error
    plain = sm.OLS(asset.to_numpy(), sm.add_constant(market.to_numpy())).fit()
    # positive error autocorrelation inflates the intercept's HAC error over the iid one
    assert result.alpha_std_error > 1.3 * plain.bse[0]


def test_hac_kernel_zero_lag_is_white_hc0() -> None:
    asset, market = simulate_pair(n=400)
    x = np.column_stack([np.ones(400), market.to_numpy()])
    fit = hac_ols(asset.to_numpy(), x, lags=0)
    ref = sm.OLS(asset.to_numpy(), x).fit(cov_type="HC0")
    np.testing.assert_allclose(fit.cov, ref.cov_params(), rtol=1e-10)


def test_nan_rows_dropped_pairwise() -> None:
    asset, market = simulate_pair(n=500)
    gappy = asset.copy()
    gappy.iloc[[3, 50, 51]] = np.nan
    market_gappy = market.copy()
    market_gappy.iloc[100] = np.inf
    result = ols_beta(gappy, market_gappy)
    keep = np.isfinite(gappy) & np.isfinite(market_gappy)
    ref = ols_beta(asset[keep], market[keep])
    assert result.n == 496
    assert result.beta == pytest.approx(ref.beta, abs=1e-14)


def test_result_frame_and_json() -> None:
    result = ols_beta(*simulate_pair(n=300))
    frame = result.to_frame()
    assert list(frame.index) == ["alpha", "beta", "r_squared"]
    assert frame.loc["beta", "estimate"] == result.beta
    assert frame.loc["beta", "ci_low"] < result.beta < frame.loc["beta", "ci_high"]
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["asset"] == "BTC-USD" and payload["market"] == "^IXIC"
    assert payload["start"] == "2018-01-02"
    assert "Newey-West HAC with" in result.summary()


def test_too_few_observations() -> None:
    asset, market = simulate_pair(n=9)
    with pytest.raises(DataError, match=r"BTC-USD and \^IXIC overlap on only 9 observations"):
        ols_beta(asset, market)


def test_constant_market() -> None:
    asset, _ = simulate_pair(n=50)
    flat = dated(np.full(50, 0.001), "^IXIC")
    with pytest.raises(DataError, match=r"market \^IXIC is constant over the 50 observations"):
        ols_beta(asset, flat)


def test_lag_too_large() -> None:
    with pytest.raises(DataError, match="HAC lag 40 must be smaller than the 30"):
        ols_beta(*simulate_pair(n=30), lags=40)


def test_a_constant_target_is_a_data_error_not_a_division_by_zero() -> None:
    """Found by tests/property: R² divided by a zero total sum of squares."""
    import pandas as pd

    from bubblelink.analytics.beta import asymmetric_beta, ols_beta
    from bubblelink.errors import DataError

    index = pd.date_range("2024-01-01", periods=40, freq="D", tz="UTC")
    market = pd.Series(np.sin(np.arange(40.0)), index=index, name="M")
    flat = pd.Series(0.0, index=index, name="Y")
    with pytest.raises(DataError, match="the target is constant over the 40 observations"):
        ols_beta(flat, market)
    with pytest.raises(DataError, match="the target is constant"):
        asymmetric_beta(flat, market)
