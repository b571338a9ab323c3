"""Downside/upside beta: statsmodels reference, subsample property, known-truth simulation."""

from __future__ import annotations

import empyrical
import numpy as np
import pandas as pd
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


def _with_zero_market_days(
    n: int = 1500, share: float = 0.15, seed: int = 8
) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """A pair whose market is exactly zero on ``share`` of the days (flat closes)."""
    asset, market = simulate_pair(n=n, seed=seed)
    flat = np.random.default_rng(seed).random(n) < share
    market = market.where(~flat, 0.0)
    return asset, market, flat


def test_default_excludes_zero_days_like_empyrical() -> None:
    """empyrical's up_alpha_beta/down_alpha_beta filter factor > 0 and factor < 0."""
    asset, market, flat = _with_zero_market_days()
    result = asymmetric_beta(asset, market)
    assert result.zero_days == "exclude"
    assert result.n_at_threshold == int(flat.sum()) > 100
    assert result.n_down + result.n_up == result.n == len(market) - int(flat.sum())
    assert result.downside_beta == pytest.approx(
        empyrical.down_alpha_beta(asset, market)[1], rel=1e-10
    )
    assert result.upside_beta == pytest.approx(empyrical.up_alpha_beta(asset, market)[1], rel=1e-10)
    # the old rule (zero days are up days) gives another upside beta on these data
    assert asymmetric_beta(asset, market, zero_days="up").upside_beta != pytest.approx(
        result.upside_beta, rel=1e-3
    )


@pytest.mark.parametrize("zero_days", ["up", "down"])
def test_zero_day_options_match_numpy_subsample_slopes(zero_days: str) -> None:
    asset, market, flat = _with_zero_market_days(seed=9)
    result = asymmetric_beta(asset, market, zero_days=zero_days)  # type: ignore[arg-type]
    a, m = asset.to_numpy(), market.to_numpy()
    down = m <= 0 if zero_days == "down" else m < 0
    up = m >= 0 if zero_days == "up" else m > 0
    assert result.downside_beta == pytest.approx(np.polyfit(m[down], a[down], 1)[0], rel=1e-9)
    assert result.upside_beta == pytest.approx(np.polyfit(m[up], a[up], 1)[0], rel=1e-9)
    assert (result.n_down, result.n_up) == (int(down.sum()), int(up.sum()))
    assert result.n == len(m) and result.n_at_threshold == int(flat.sum())


def test_unknown_zero_days_rule() -> None:
    asset, market = simulate_pair(n=100)
    with pytest.raises(DataError, match="zero_days must be one of 'exclude', 'up', 'down'"):
        asymmetric_beta(asset, market, zero_days="half")  # type: ignore[arg-type]
