"""The beta family on small hand-made series: slopes, intervals, samples and defaults.

Expected values come from the formulas (per-regime least squares with numpy's polyfit,
normal intervals, growth ratios written out), never from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.beta import (
    asymmetric_beta,
    beta_profile,
    capture_ratios,
    falls_harder,
    ols_beta,
    rolling_beta,
    stress_correlation,
)
from bubblelink.analytics.beta._falls_harder import _worst_day_stats
from bubblelink.analytics.beta._hac import hac_ols
from bubblelink.errors import DataError

Z90 = 1.6448536269514722
DAYS = pd.date_range("2024-01-01", periods=24, tz="UTC")
#: Market returns: 12 down and 12 up days, no zero.
M = np.array(
    [
        *(-0.03, 0.01, -0.01, 0.02, -0.02, 0.015, -0.005, 0.03, -0.04, 0.005, -0.015, 0.025),
        *(0.02, -0.025, 0.01, -0.01, 0.035, -0.02, 0.005, -0.035, 0.015, -0.005, 0.03, -0.03),
    ]
)
#: Deterministic, uncorrelated-looking noise.
E = np.array([0.004, -0.002, 0.001, -0.003, 0.002, 0.0, -0.001, 0.003] * 3)
#: The asset: slope 2 on down days, 0.5 on up days, plus noise.
A = np.where(M < 0, 2.0 * M, 0.5 * M) + E
MARKET = pd.Series(M, DAYS, name="^IXIC")
ASSET = pd.Series(A, DAYS, name="BTC-USD")
#: 72 days (the 24 three times, rescaled) for the functions that need a longer sample.
LONG_DAYS = pd.date_range("2024-01-01", periods=72, tz="UTC")
LONG_MARKET = pd.Series(np.concatenate([M, 0.8 * M[::-1], 1.3 * M]), LONG_DAYS, name="^IXIC")
LONG_ASSET = pd.Series(np.concatenate([A, 0.8 * A[::-1], 1.3 * A]), LONG_DAYS, name="BTC-USD")


def _slope(y: np.ndarray, x: np.ndarray) -> float:
    return float(np.polyfit(x, y, 1)[0])


def test_asymmetric_slopes_sample_and_interval() -> None:
    result = asymmetric_beta(ASSET, MARKET, lags=2, confidence=0.9)
    down, up = M < 0, M > 0
    assert result.downside_beta == pytest.approx(_slope(A[down], M[down]))
    assert result.upside_beta == pytest.approx(_slope(A[up], M[up]))
    assert result.difference == pytest.approx(result.downside_beta - result.upside_beta)
    assert result.difference_z == pytest.approx(result.difference / result.difference_std_error)
    assert (result.n_down, result.n_up, result.n, result.hac_lags) == (12, 12, 24, 2)
    assert (result.asset, result.market, result.split) == ("BTC-USD", "^IXIC", "zero")
    assert (result.start, result.end) == (DAYS[0], DAYS[-1])
    table = result.to_frame()
    for name, est, se in [
        ("downside_beta", result.downside_beta, result.downside_std_error),
        ("upside_beta", result.upside_beta, result.upside_std_error),
        ("downside_minus_upside", result.difference, result.difference_std_error),
    ]:
        assert table.loc[name, "ci_low"] == pytest.approx(est - Z90 * se)
        assert table.loc[name, "ci_high"] == pytest.approx(est + Z90 * se)


def test_asymmetric_sample_ends_are_the_first_and_last_kept_days() -> None:
    m = M.copy()
    m[[0, -1]] = 0.0  # zero days are left out (zero_days="exclude")
    result = asymmetric_beta(ASSET, pd.Series(m, DAYS, name="^IXIC"))
    assert (result.start, result.end, result.n) == (DAYS[1], DAYS[-2], 22)


def test_a_market_constant_on_its_up_days_is_named() -> None:
    m = np.where(M > 0, 0.01, M)
    with pytest.raises(DataError, match=r"^market \^IXIC on its up days is constant"):
        asymmetric_beta(ASSET, pd.Series(m, DAYS, name="^IXIC"))


def test_ols_interval_and_sample_end() -> None:
    result = ols_beta(ASSET, MARKET, lags=1, confidence=0.9)
    assert result.beta == pytest.approx(_slope(A, M))
    assert (result.start, result.end, result.n) == (DAYS[0], DAYS[-1], 24)
    ci = result.conf_int()
    assert list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == ["alpha", "beta"]
    assert ci.loc["beta", "ci_low"] == pytest.approx(result.beta - Z90 * result.beta_std_error)
    assert ci.loc["alpha", "ci_high"] == pytest.approx(result.alpha + Z90 * result.alpha_std_error)


def test_hac_lag_must_be_smaller_than_the_rows_and_residuals_are_returned() -> None:
    x = np.column_stack([np.ones(6), [1.0, 2.0, 4.0, 3.0, 5.0, 7.0]])
    y = np.array([1.0, 3.0, 4.0, 4.0, 6.0, 9.0])
    with pytest.raises(DataError, match=r"^the HAC lag 6 must be smaller than the 6 observations$"):
        hac_ols(y, x, lags=6)
    fit = hac_ols(y, x, lags=5)
    np.testing.assert_allclose(fit.params, np.polyfit(x[:, 1], y, 1)[::-1])
    np.testing.assert_allclose(fit.resid, y - x @ fit.params)


def test_stress_split_is_strictly_below_minus_k_sigma() -> None:
    result = stress_correlation(ASSET, MARKET, k=1.0)
    sigma = float(np.std(M, ddof=1))
    m = M
    stress = m < -sigma
    assert result.threshold == pytest.approx(-sigma) and result.k == 1.0
    assert (result.n_stress, result.n_calm) == (int(stress.sum()), int((~stress).sum()))
    assert result.stress_corr == pytest.approx(np.corrcoef(A[stress], M[stress])[0, 1])
    assert result.calm_corr == pytest.approx(np.corrcoef(A[~stress], M[~stress])[0, 1])
    assert result.difference == pytest.approx(result.stress_corr - result.calm_corr)
    assert (result.asset, result.market) == ("BTC-USD", "^IXIC")
    # a day exactly at the threshold is calm
    k = 0.02 / sigma
    assert -k * sigma == -0.02  # the boundary is representable exactly
    at_edge = stress_correlation(ASSET, MARKET, k=k)
    assert at_edge.n_stress == int((M < -0.02).sum()) == 5


def test_worst_day_stats_are_per_row() -> None:
    a = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 0.0, 6.0, 4.0]])
    m = np.array([[1.0, 2.0, 3.0, 4.0], [4.0, 1.0, 3.0, 2.0]])
    beta, market_mean, asset_mean, implied, diff = _worst_day_stats(a, m, 2)
    # row 1: a = m, beta 1; worst two market days 1, 2
    # row 2: mc = (1.5, -1.5, .5, -.5), ac = (-1, -3, 3, 1): beta = 4/5;
    #        worst market days are 1 (a=0) and 2 (a=4)
    np.testing.assert_allclose(beta, [1.0, 0.8])
    np.testing.assert_allclose(market_mean, [1.5, 1.5])
    np.testing.assert_allclose(asset_mean, [1.5, 2.0])
    np.testing.assert_allclose(implied, [1.5, 1.2])
    np.testing.assert_allclose(diff, [0.0, 0.8])


def test_falls_harder_bootstrap_errors_and_defaults() -> None:
    proportional = pd.Series(2.0 * M + 0.001, DAYS, name="BTC-USD")
    result = falls_harder(proportional, MARKET, worst_pct=25.0, n_boot=2, seed=3)
    # the asset is exactly 2 × market + c: no resample shows a difference
    assert result.difference_std_error == pytest.approx(0.0, abs=1e-12)
    assert result.asset_mean_std_error > 1e-4  # resampled worst days differ
    # two draws: the 95% percentile interval spans 0.95 of their distance, and the
    # standard error (ddof = 1) is that distance over √2
    low, high = result.asset_mean_ci
    assert result.asset_mean_std_error == pytest.approx((high - low) / 0.95 / math.sqrt(2))
    assert (result.n, result.n_worst, result.worst_pct) == (24, 6, 25.0)
    assert result.market_cutoff == sorted(M)[5]
    default = falls_harder(LONG_ASSET, LONG_MARKET)
    assert (default.worst_pct, default.n_boot, default.seed) == (10.0, 2000, 0)
    assert (default.asset, default.market, default.confidence) == ("BTC-USD", "^IXIC", 0.95)


def test_falls_harder_worst_pct_bounds() -> None:
    assert falls_harder(ASSET, MARKET, worst_pct=50.0, n_boot=10).n_worst == 12
    for bad in (0.0, 50.01):
        with pytest.raises(DataError, match="strictly between 0 and 50"):
            falls_harder(ASSET, MARKET, worst_pct=bad, n_boot=10)


def test_capture_with_two_up_and_two_down_periods() -> None:
    days = DAYS[:4]
    market = pd.Series([0.10, -0.05, 0.20, -0.10], days, name="m")
    asset = pd.Series([0.05, -0.10, 0.10, -0.20], days, name="a")
    result = capture_ratios(asset, market, kind="simple", periods_per_year=2)
    # annualised growth over 2 periods with P = 2 is the product - 1
    up = (1.05 * 1.10 - 1) / (1.10 * 1.20 - 1)
    down = (0.90 * 0.80 - 1) / (0.95 * 0.90 - 1)
    assert result.up_capture == pytest.approx(up)
    assert result.down_capture == pytest.approx(down)
    assert (result.n_up, result.n_down, result.periods_per_year) == (2, 2, 2.0)
    assert (result.asset, result.market) == ("a", "m")


def test_rolling_beta_by_hand() -> None:
    days = DAYS[:4]
    market = pd.Series([1.0, 2.0, 4.0, 3.0], days, name="m")
    asset = pd.Series([2.0, 3.0, 9.0, 4.0], days, name="a")
    result = rolling_beta(asset, market, window=3)
    expected = [np.nan, np.nan]
    for lo in (0, 1):
        x, y = market.to_numpy()[lo : lo + 3], asset.to_numpy()[lo : lo + 3]
        expected.append(_slope(y, x))
    np.testing.assert_allclose(result.beta.to_numpy(), expected)
    corr = [
        np.nan,
        np.nan,
        *(np.corrcoef(asset[i : i + 3], market[i : i + 3])[0, 1] for i in (0, 1)),
    ]
    np.testing.assert_allclose(result.corr.to_numpy(), corr)
    assert (result.asset, result.market, result.window) == ("a", "m", 3)
    assert (result.beta.name, result.corr.name) == ("beta", "corr")
    assert list(result.to_frame().columns) == ["beta", "corr"]


def test_profile_defaults_and_pass_through() -> None:
    profile = beta_profile(
        LONG_ASSET, LONG_MARKET, split="mean", lags=1, kind="simple", n_boot=20, seed=4
    )
    assert profile.asymmetric.split == "mean" and profile.asymmetric.hac_lags == 1
    assert profile.ols.hac_lags == 1
    assert profile.stress.k == 1.5
    assert (profile.falls_harder.worst_pct, profile.falls_harder.n_boot) == (10.0, 20)
    assert profile.falls_harder.seed == 4
    simple = capture_ratios(LONG_ASSET, LONG_MARKET, kind="simple")
    assert profile.capture.up_capture == pytest.approx(simple.up_capture)
    assert "left out of both (zero_days=exclude)" in profile.notes[-1]
    default = beta_profile(LONG_ASSET, LONG_MARKET)
    assert (default.falls_harder.n_boot, default.falls_harder.seed) == (2000, 0)
    up = beta_profile(LONG_ASSET, LONG_MARKET, zero_days="up", n_boot=10)
    assert "counted as up days (zero_days=up)" in up.notes[-1]
    down = beta_profile(LONG_ASSET, LONG_MARKET, zero_days="down", n_boot=10)
    assert "counted as down days (zero_days=down)" in down.notes[-1]


def test_profile_passes_every_parameter_on() -> None:
    profile = beta_profile(
        LONG_ASSET, LONG_MARKET, stress_k=1.0, worst_pct=20.0, periods_per_year=12, n_boot=10
    )
    assert profile.stress.k == 1.0 and profile.falls_harder.worst_pct == 20.0
    assert profile.capture.periods_per_year == 12.0
    out = profile.to_dict()
    assert (out["start"], out["end"], out["n"]) == ("2024-01-01", "2024-03-12", 72)
    assert out["r_squared"] == pytest.approx(profile.ols.r_squared)
    assert out["split_threshold"] == 0.0 and out["stress_k"] == 1.0
    assert out["stress_threshold"] == pytest.approx(-float(np.std(LONG_MARKET, ddof=1)))
    assert (out["worst_pct"], out["periods_per_year"]) == (20.0, 12.0)
    assert len(out["statistics"]) > 0


def test_stress_table_intervals_and_a_constant_asset_within_a_set() -> None:
    result = stress_correlation(ASSET, MARKET, k=1.0, confidence=0.9)
    table = result.to_frame()
    r, n = result.stress_corr, result.n_stress
    se = 1 / math.sqrt(n - 3)
    assert table.loc["stress_corr", "ci_low"] == pytest.approx(math.tanh(math.atanh(r) - Z90 * se))
    assert table.loc["stress_corr", "ci_high"] == pytest.approx(math.tanh(math.atanh(r) + Z90 * se))
    m, sigma = M, float(np.std(M, ddof=1))
    flat = pd.Series(np.where(m < -sigma, 0.01, A), DAYS, name="BTC-USD")
    with pytest.raises(DataError, match=r"^BTC-USD on stress days is constant"):
        stress_correlation(flat, MARKET, k=1.0)


def test_default_confidence_and_the_difference_standard_error() -> None:
    assert asymmetric_beta(ASSET, MARKET).confidence == 0.95
    assert np.isfinite(asymmetric_beta(ASSET, MARKET).to_frame()["ci_low"]).all()
    result = falls_harder(ASSET, MARKET, worst_pct=25.0, n_boot=2, seed=3)
    low, high = result.difference_ci
    assert result.difference_std_error == pytest.approx((high - low) / 0.95 / math.sqrt(2))
