"""Cross-correlation sign convention and bands, Granger p-values vs statsmodels, weekly sums."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.api import VAR
from statsmodels.tsa.stattools import ccf, grangercausalitytests

from bubblelink.analytics.leadlag import (
    GrangerCausality,
    cross_correlation,
    lead_lag,
    weekly_log_returns,
)
from bubblelink.errors import DataError


def leading_pair(n: int, lead: int, seed: int, beta: float = 0.4) -> tuple[pd.Series, pd.Series]:
    """``b_t = beta · a_{t-lead} + noise``: A leads B by ``lead`` days."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(n + lead)
    b = beta * a[:n] + rng.standard_normal(n)
    index = pd.date_range("2018-01-01", periods=n, freq="D", tz="UTC", name="date")
    return pd.Series(0.01 * a[lead:], index, name="NVDA"), pd.Series(0.01 * b, index, name="BTC")


def test_sign_convention_positive_lag_means_a_leads() -> None:
    a, b = leading_pair(2000, lead=2, seed=1)
    result = cross_correlation(a, b, max_lag=5)
    assert result.peak_lag == 2
    assert result.table.loc[2, "significant"]
    reverse = cross_correlation(b, a, max_lag=5)
    assert reverse.peak_lag == -2
    assert "A leads B" in result.convention


def test_matches_statsmodels_ccf_on_both_sides() -> None:
    a, b = leading_pair(700, lead=1, seed=2)
    result = cross_correlation(a, b, max_lag=6).table["corr"]
    forward = ccf(b.to_numpy(), a.to_numpy(), adjusted=False, nlags=7)  # corr(b[t+k], a[t])
    backward = ccf(a.to_numpy(), b.to_numpy(), adjusted=False, nlags=7)  # corr(a[t+k], b[t])
    for k in range(0, 7):
        assert result[k] == pytest.approx(forward[k], abs=1e-12)
        assert result[-k] == pytest.approx(backward[k], abs=1e-12)


def test_bands() -> None:
    a, b = leading_pair(900, lead=1, seed=3)
    table = cross_correlation(a, b, max_lag=3).table
    assert table["band"].iloc[0] == pytest.approx(1.959964 / np.sqrt(900), rel=1e-6)
    # white noise: Bartlett band is close to the plain one
    assert table["bartlett_band"].iloc[0] == pytest.approx(table["band"].iloc[0], rel=0.1)
    # two independent AR(1) with phi = 0.7: Var(r) ≈ (1/n)(1 + phi²)/(1 - phi²)
    rng = np.random.default_rng(4)
    n, phi = 5000, 0.7
    x, y = np.zeros(n), np.zeros(n)
    e, u = rng.standard_normal(n), rng.standard_normal(n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + e[t]
        y[t] = phi * y[t - 1] + u[t]
    index = pd.date_range("2000-01-01", periods=n, freq="D", tz="UTC")
    ar = cross_correlation(pd.Series(x, index, name="X"), pd.Series(y, index, name="Y"), 10)
    expected = 1.959964 * np.sqrt((1 + phi**2) / (1 - phi**2) / n)
    assert ar.table["bartlett_band"].iloc[0] == pytest.approx(expected, rel=0.15)
    plain = cross_correlation(
        pd.Series(x, index, name="X"), pd.Series(y, index, name="Y"), 10, bartlett=False
    )
    assert plain.table["bartlett_band"].isna().all()


@pytest.mark.parametrize("lags", [1, 3, 5])
def test_granger_p_values_match_statsmodels(lags: int) -> None:
    a, b = leading_pair(800, lead=2, seed=5, beta=0.1)
    result = GrangerCausality(lags=lags).fit(a, b).table
    data = pd.concat([a, b], axis=1).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a_to_b = grangercausalitytests(data[:, [1, 0]], [lags])[lags][0]  # 2nd col causes 1st
        b_to_a = grangercausalitytests(data[:, [0, 1]], [lags])[lags][0]
    for row, expected in (("NVDA → BTC", a_to_b), ("BTC → NVDA", b_to_a)):
        f_stat, p_value, df_denom, df_num = expected["ssr_ftest"]
        assert result.loc[row, "f_stat"] == pytest.approx(f_stat, rel=1e-9)
        assert result.loc[row, "p_value"] == pytest.approx(p_value, rel=1e-7, abs=1e-300)
        assert result.loc[row, "df_denom"] == df_denom and result.loc[row, "df_num"] == df_num
        chi2_stat, chi2_p, _ = expected["ssr_chi2test"]
        assert result.loc[row, "chi2_stat"] == pytest.approx(chi2_stat, rel=1e-9)
        assert result.loc[row, "chi2_p_value"] == pytest.approx(chi2_p, rel=1e-7, abs=1e-300)


@pytest.mark.parametrize("ic", ["aic", "bic"])
def test_granger_lag_choice_matches_var_select_order(ic: str) -> None:
    a, b = leading_pair(1200, lead=3, seed=6, beta=0.3)
    result = GrangerCausality(max_lags=6, ic=ic).fit(a, b)  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        order = VAR(pd.concat([a, b], axis=1).to_numpy()).select_order(6).selected_orders[ic]
    assert result.lags == max(1, order)
    assert result.table.loc["NVDA → BTC", "p_value"] < 1e-6
    assert result.table.loc["BTC → NVDA", "p_value"] > 1e-3


def test_weekly_log_returns_sum_over_friday_weeks() -> None:
    index = pd.date_range("2024-01-01", "2024-01-21", freq="D", tz="UTC", name="date")  # Mon..Sun
    daily = pd.Series(np.arange(1, len(index) + 1) / 1000, index, name="BTC")
    weekly = weekly_log_returns(daily)
    assert (weekly.index.day_of_week == 4).all()
    # Mon 1 .. Fri 5 Jan; then Sat 6 .. Fri 12; Sat 13 .. Fri 19; Sat 20, Sun 21 -> Fri 26
    np.testing.assert_allclose(weekly.to_numpy(), [0.015, 0.063, 0.112, 0.041])
    assert weekly.index[-1] == pd.Timestamp("2024-01-26", tz="UTC")
    prices = np.exp(daily.cumsum())
    assert weekly.iloc[1] == pytest.approx(
        np.log(prices.loc["2024-01-12"] / prices.loc["2024-01-05"]).item()
    )


def test_lead_lag_daily_and_weekly() -> None:
    a, b = leading_pair(1500, lead=1, seed=7)
    daily = lead_lag(a, b, max_lag=5)
    assert daily.cross_correlation.peak_lag == 1
    assert daily.granger.table.loc["NVDA → BTC", "p_value"] < 1e-10
    payload = json.loads(json.dumps(daily.to_dict()))
    assert payload["freq"] == "D" and len(payload["cross_correlation"]["table"]) == 11
    assert "Granger" in daily.summary()
    weekly = lead_lag(a, b, max_lag=4, freq="W")
    assert weekly.cross_correlation.n == len(weekly_log_returns(a))
    assert any("W-FRI" in n for n in weekly.notes)
    assert weekly.to_frame().index.name == "lag"


def test_bad_input_raises_clear_errors() -> None:
    a, b = leading_pair(30, lead=1, seed=8)
    with pytest.raises(DataError, match=r"NVDA/BTC has 30 observations; need at least 40"):
        cross_correlation(a, b, max_lag=20)
    with pytest.raises(DataError, match="BTC is constant over the 30"):
        cross_correlation(a, b * 0 + 0.01, max_lag=2)
    with pytest.raises(DataError, match="unknown frequency"):
        lead_lag(a, b, 2, freq="M")  # type: ignore[arg-type]
    with pytest.raises(
        DataError, match=r"Granger test NVDA/BTC has 30 observations; need at least 41"
    ):
        GrangerCausality(lags=10).fit(a, b)
    with pytest.raises(DataError, match="max lag must be at least 1"):
        cross_correlation(a, b, max_lag=0)
    gappy = a.copy()
    gappy.iloc[3] = np.nan
    assert cross_correlation(gappy, b, max_lag=2).n == 29
