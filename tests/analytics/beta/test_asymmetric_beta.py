"""Downside/upside beta: statsmodels reference, subsample property, known-truth simulation."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from bubblelink.analytics.beta import asymmetric_beta, ols_beta
from bubblelink.errors import DataError
from tests.analytics.beta.simulated import dated, simulate_pair


def _asymmetric_pair(n: int, down: float, up: float, seed: int):
    rng = np.random.default_rng(seed)
    m = 0.012 * rng.standard_normal(n)
    a = np.where(m < 0, down * m, up * m) + 0.02 * rng.standard_normal(n)
    return dated(a, "BTC-USD"), dated(m, "^IXIC")


@pytest.mark.parametrize("split", ["zero", "mean"])
def test_matches_statsmodels_interacted_regression(split: str) -> None:
    asset, market = simulate_pair(n=1200, seed=3)
    result = asymmetric_beta(asset, market, split=split, lags=5)
    m = market.to_numpy()
    c = 0.0 if split == "zero" else m.mean()
    d = (m < c).astype(float)
    x = np.column_stack([d, 1 - d, m * d, m * (1 - d)])
    ref = sm.OLS(asset.to_numpy(), x).fit(cov_type="HAC", cov_kwds={"maxlags": 5})
    np.testing.assert_allclose(
        [result.downside_beta, result.upside_beta], ref.params[2:], rtol=1e-10
    )
    np.testing.assert_allclose(
        [result.downside_std_error, result.upside_std_error], ref.bse[2:], rtol=1e-8
    )
    test = ref.t_test(np.array([[0.0, 0.0, 1.0, -1.0]]))
    np.testing.assert_allclose(result.difference_std_error, float(test.sd[0, 0]), rtol=1e-8)
    np.testing.assert_allclose(result.difference_p, float(test.pvalue), rtol=1e-8)
    assert result.threshold == pytest.approx(c, abs=0)
    assert result.n_down == int(d.sum()) and result.n_up == 1200 - int(d.sum())


def test_slopes_equal_separate_subsample_regressions() -> None:
    asset, market = simulate_pair(n=800, seed=5)
    result = asymmetric_beta(asset, market, split="zero")
    down = market < 0
    assert result.downside_beta == pytest.approx(
        ols_beta(asset[down], market[down]).beta, abs=1e-12
    )
    assert result.upside_beta == pytest.approx(
        ols_beta(asset[~down], market[~down]).beta, abs=1e-12
    )


def test_recovers_known_asymmetry_and_rejects_equality() -> None:
    asset, market = _asymmetric_pair(4000, down=2.0, up=0.5, seed=1)
    result = asymmetric_beta(asset, market)
    assert result.downside_beta == pytest.approx(2.0, abs=4 * result.downside_std_error)
    assert result.upside_beta == pytest.approx(0.5, abs=4 * result.upside_std_error)
    assert result.difference == pytest.approx(1.5, abs=4 * result.difference_std_error)
    assert result.difference_p < 1e-6


def test_symmetric_truth_is_not_rejected_too_often() -> None:
    rejections = 0
    for seed in range(40):
        asset, market = _asymmetric_pair(500, down=1.2, up=1.2, seed=100 + seed)
        rejections += asymmetric_beta(asset, market).difference_p < 0.05
    assert rejections <= 6  # nominal 5% of 40 = 2; binomial 99.9% bound ~7


def test_frame_rows() -> None:
    result = asymmetric_beta(*simulate_pair(n=300))
    frame = result.to_frame()
    assert list(frame.index) == ["downside_beta", "upside_beta", "downside_minus_upside"]
    assert frame.loc["downside_minus_upside", "p_value"] == pytest.approx(result.difference_p)


def test_bad_split_and_thin_regime() -> None:
    asset, market = simulate_pair(n=100)
    with pytest.raises(DataError, match="split must be 'zero' or 'mean'"):
        asymmetric_beta(asset, market, split="median")  # type: ignore[arg-type]
    up_only = market.abs()
    up_only.iloc[:3] = -0.01
    with pytest.raises(
        DataError, match=r"\^IXIC down days \(split at zero=0\) has only 3 observations"
    ):
        asymmetric_beta(asset, up_only)
