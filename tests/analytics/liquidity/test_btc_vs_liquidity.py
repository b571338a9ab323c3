"""BTC vs liquidity: elasticity (vs statsmodels HAC), growth correlation (vs pandas),
lead-lag on a simulation with a known lag, cointegration (vs statsmodels), real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.tsa.stattools import coint
from statsmodels.tsa.vector_ar.vecm import coint_johansen

from bubblelink.analytics.beta import newey_west_lags
from bubblelink.analytics.liquidity import (
    BTC_LIQUIDITY_SERIES,
    btc_vs_liquidity,
    cointegration_tests,
    growth_correlation,
    liquidity_elasticity,
    liquidity_lead_lag,
)


def _weekly(n: int, seed: int, lag: int = 0, loading: float = 3.0) -> tuple[pd.Series, pd.Series]:
    """Log liquidity: a random walk with persistent growth; BTC follows it ``lag`` weeks later."""
    rng = np.random.default_rng(seed)
    growth = np.zeros(n + lag)
    for t in range(1, n + lag):
        growth[t] = 0.002 + 0.9 * (growth[t - 1] - 0.002) + rng.normal(0, 0.002)
    log_liq = np.log(20_000.0) + np.cumsum(growth)
    log_btc = 9.0 + loading * (log_liq[:n] - log_liq[0]) + np.cumsum(rng.normal(0, 0.02, n))
    index = pd.date_range("2012-01-06", periods=n, freq="W-FRI", tz="UTC", name="date")
    liq = pd.Series(np.exp(log_liq[lag : lag + n]), index=index, name="M2")
    btc = pd.Series(np.exp(log_btc), index=index, name="BTC")
    return btc, liq


def test_elasticity_matches_statsmodels_hac() -> None:
    btc, liq = _weekly(400, seed=1)
    result = liquidity_elasticity(btc, liq, window=104)
    x = sm.add_constant(np.log(liq.to_numpy()))
    lags = newey_west_lags(400)
    ref = sm.OLS(np.log(btc.to_numpy()), x).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    assert result.elasticity == pytest.approx(ref.params[1], rel=1e-10)
    assert result.std_error == pytest.approx(ref.bse[1], rel=1e-8)
    assert result.hac_lags == lags
    last = sm.OLS(np.log(btc.to_numpy()[-104:]), x[-104:]).fit(
        cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(104)}
    )
    assert result.rolling["elasticity"].iloc[-1] == pytest.approx(last.params[1], rel=1e-10)
    assert result.rolling["std_error"].iloc[-1] == pytest.approx(last.bse[1], rel=1e-8)
    assert result.rolling["elasticity"].iloc[:103].isna().all()
    assert "cointegrated" in result.notes[0]


def test_growth_correlation_matches_pandas() -> None:
    btc, liq = _weekly(300, seed=2)
    result = growth_correlation(btc, liq)
    for label, h in (("yoy", 52), ("13w", 13)):
        expected = np.log(btc).diff(h).corr(np.log(liq).diff(h))
        assert result.table.loc[label, "corr"] == pytest.approx(expected, rel=1e-12)
        assert result.table.loc[label, "n"] == 300 - h
        assert result.table.loc[label, "n_effective"] == pytest.approx((300 - h) / h)


def test_lead_lag_scan_recovers_a_known_lag() -> None:
    rng = np.random.default_rng(5)
    n = 600
    g = np.zeros(n)
    for t in range(1, n):
        g[t] = 0.85 * g[t - 1] + rng.normal(0, 0.003)
    log_liq = np.cumsum(g)
    true_lag = 10
    log_btc = np.r_[np.zeros(true_lag), 3.0 * log_liq[:-true_lag]] + np.cumsum(
        rng.normal(0, 0.01, n)
    )
    index = pd.date_range("2010-01-01", periods=n, freq="W-FRI", tz="UTC")
    liq = pd.Series(np.exp(log_liq + 10), index=index, name="liq")
    btc = pd.Series(np.exp(log_btc + 9), index=index, name="btc")
    result = liquidity_lead_lag(btc, liq, max_lag=26, horizon=13, n_boot=200, seed=2)
    assert result.best_lag == true_lag
    assert result.lag_ci_low <= true_lag <= result.lag_ci_high
    # lag k correlation equals a plain pandas computation on the common sample
    gb = np.log(btc).diff(13)
    gl = np.log(liq).diff(13)
    common = pd.concat([gb] + [gl.shift(k) for k in range(27)], axis=1).dropna()
    expected = common.iloc[:, 0].corr(common.iloc[:, 1 + true_lag])
    assert result.table.loc[true_lag, "corr"] == pytest.approx(expected, rel=1e-10)


def test_cointegration_matches_statsmodels_and_is_honest() -> None:
    rng = np.random.default_rng(7)
    n = 500
    index = pd.date_range("2015-01-02", periods=n, freq="W-FRI", tz="UTC")
    x = pd.Series(np.cumsum(rng.normal(0, 1, n)), index=index, name="x")
    y = pd.Series(2.0 * x.to_numpy() + rng.normal(0, 1, n), index=index, name="y")
    coint_pair = cointegration_tests(y, x)
    stat, p, _crit = coint(y.to_numpy(), x.to_numpy())
    assert coint_pair.eg_stat == pytest.approx(stat)
    assert coint_pair.eg_p_value == pytest.approx(p)
    assert coint_pair.eg_crit["5%"] == pytest.approx(_crit[1])
    joh = coint_johansen(np.column_stack([y, x]), 0, 1)
    np.testing.assert_allclose(coint_pair.johansen["trace"].to_numpy(), joh.lr1)
    assert coint_pair.eg_rejects and coint_pair.johansen_rank == 1
    assert "rejects no-cointegration" in coint_pair.verdict
    # two independent random walks: no rejection, and the verdict says so
    z = pd.Series(np.cumsum(rng.normal(0, 1, n)), index=index, name="z")
    independent = cointegration_tests(z, x)
    assert not independent.eg_rejects
    assert "does not reject" in independent.verdict


@pytest.mark.real_data
def test_real_btc_vs_us_m2(liquidity_real_store: Path) -> None:
    from bubblelink.service.data import store_data

    with store_data(liquidity_real_store, "2025-12-31") as data:
        result = btc_vs_liquidity(data.macro(BTC_LIQUIDITY_SERIES), n_boot=100)
    assert result.liquidity_label == "US M2 (M2SL) only"
    assert result.choice == "us"
    assert "global M2 not used: only US M2 (M2SL) is stored" in result.choice_reason
    assert "money CN_M2 missing" in result.choice_reason
    # the weekly liquidity on each Friday is the M2 figure released by then
    week = result.weekly.loc["2025-11-28"]
    assert week["liquidity"] == pytest.approx(22176.1)  # Sep-2025 M2, Oct not yet out
    assert np.isfinite(result.elasticity.elasticity)
    assert 0 <= result.lead_lag.best_lag <= 26
    assert result.lead_stability is not None
    assert set(result.lead_stability.table.index) == {
        "all",
        "third_1",
        "third_2",
        "third_3",
        "pre_2022",
        "post_2022",
    }
    # the real data do not show cointegration; the report must not claim it
    assert not result.cointegration.eg_rejects
    assert "No evidence" in result.cointegration.verdict


def test_lead_stability_finds_a_stable_known_lead_and_rejects_a_shifting_one() -> None:
    from bubblelink.analytics.liquidity import lead_lag_stability

    rng = np.random.default_rng(3)
    n = 720
    g = np.zeros(n)
    for t in range(1, n):
        g[t] = 0.85 * g[t - 1] + rng.normal(0, 0.003)
    log_liq = np.cumsum(g)
    index = pd.date_range("2012-01-06", periods=n, freq="W-FRI", tz="UTC")
    liq = pd.Series(np.exp(log_liq + 10), index=index, name="liq")

    def btc_following(lags: list[int]) -> pd.Series:
        """BTC follows liquidity with lag lags[k] in the k-th third of the sample."""
        parts = np.array_split(np.arange(n), len(lags))
        path = np.zeros(n)
        for part, lag in zip(parts, lags, strict=True):
            src = np.clip(part - lag, 0, None)
            path[part] = 3.0 * log_liq[src]
        noise = np.cumsum(rng.normal(0, 0.004, n))
        return pd.Series(np.exp(path + noise + 9), index=index, name="btc")

    steady = lead_lag_stability(btc_following([11, 11, 11]), liq, split="2020-01-01", n_boot=100)
    assert steady.stable and steady.claimed_lead_supported
    assert set(steady.table["best_lag"].astype(int)) <= {10, 11, 12}
    shifting = lead_lag_stability(btc_following([2, 11, 22]), liq, split="2020-01-01", n_boot=100)
    assert not shifting.stable and not shifting.claimed_lead_supported
    assert "not supported" in shifting.verdict


@pytest.mark.real_data
def test_auto_is_the_chosen_analysis_with_its_reason(liquidity_real_store: Path) -> None:
    """``with_reason`` (how claims reuse one analysis for ``auto`` and ``us``) gives
    exactly what ``btc_vs_liquidity`` with ``auto`` returns."""
    import json

    from bubblelink.analytics.liquidity import liquidity_choice, liquidity_inputs, with_reason
    from bubblelink.service.data import store_data

    with store_data(liquidity_real_store, "2025-12-31") as data:
        loaded = data.macro(BTC_LIQUIDITY_SERIES)
        auto = btc_vs_liquidity(loaded, n_boot=100, liquidity="auto")
        forced = btc_vs_liquidity(loaded, n_boot=100, liquidity="us")
        inputs = liquidity_inputs(loaded)
        choice, reason = liquidity_choice(inputs, "auto")
        given = btc_vs_liquidity(loaded, n_boot=100, liquidity="auto", inputs=inputs)
    assert (choice, reason) == (auto.choice, auto.choice_reason) == ("us", auto.choice_reason)
    assert forced.choice_reason != auto.choice_reason  # the same analysis, another reason
    reused = with_reason(forced, reason)
    assert json.dumps(reused.to_dict(), default=str) == json.dumps(auto.to_dict(), default=str)
    assert reused.notes == auto.notes
    assert json.dumps(given.to_dict(), default=str) == json.dumps(auto.to_dict(), default=str)
