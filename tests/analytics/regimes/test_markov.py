"""Markov regimes: statsmodels' documented fits, units, an independent filter, simulation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

# The data of statsmodels' documented examples ship with statsmodels (its test module):
# the US federal funds rate, 1954Q3-2010Q4, in percent (Stata's mswitch manual), and
# Hamilton's (1989) quarterly real GNP growth, 1951Q2-1984Q4, in percent.
from statsmodels.tsa.regime_switching.tests.test_markov_autoregression import rgnp
from statsmodels.tsa.regime_switching.tests.test_markov_regression import fedfunds

from bubblelink.analytics.regimes import MarkovRegimes, basket_factor
from bubblelink.errors import DataError


def _simulate(n: int = 1500, seed: int = 9) -> tuple[pd.Series, np.ndarray, pd.Series]:
    rng = np.random.default_rng(seed)
    states = np.zeros(n, dtype=int)
    stay = np.array([0.98, 0.95])
    for t in range(1, n):
        states[t] = states[t - 1] if rng.random() < stay[states[t - 1]] else 1 - states[t - 1]
    sd = np.where(states == 0, 0.01, 0.04)
    idx = pd.bdate_range("2019-01-01", periods=n, tz="UTC")
    market = pd.Series(rng.normal(0, 0.01, n), index=idx, name="^IXIC")
    beta = np.where(states == 0, 0.3, 1.5)
    noise = rng.normal(0, 1, n) * sd
    y = pd.Series(
        np.where(states == 0, 0.001, -0.003) + beta * market.to_numpy() + noise,
        index=idx,
        name="BTC-USD",
    )
    return y, states, market


def test_recovers_two_variance_regimes() -> None:
    y, states, market = _simulate()
    result = MarkovRegimes(k_regimes=2, seed=1).fit(y, market.to_frame())
    accuracy = float((result.regime.to_numpy() == states).mean())
    assert accuracy > 0.95, accuracy
    assert result.regimes.loc[0, "sd"] < result.regimes.loc[1, "sd"]
    assert result.regimes.loc[1, "sd"] == pytest.approx(
        0.04 * np.sqrt(1 + (1.5 * 0.01 / 0.04) ** 2), rel=0.15
    )
    np.testing.assert_allclose(result.transition.sum(axis=1), 1.0)
    assert result.transition.loc[0, 0] == pytest.approx(0.98, abs=0.02)
    np.testing.assert_allclose(result.smoothed_probabilities.sum(axis=1), 1.0)
    by = result.by_regime
    assert by.loc[(1, "^IXIC"), "beta"] > by.loc[(0, "^IXIC"), "beta"]
    again = MarkovRegimes(k_regimes=2, seed=1).fit(y, market.to_frame())
    assert again.llf == result.llf
    payload = result.to_dict()
    assert payload["current_regime"] in (0, 1)


def test_fed_funds_matches_the_documented_statsmodels_fit() -> None:
    """statsmodels' ``MarkovRegression(fedfunds, k_regimes=2)`` example (= Stata mswitch)."""
    rate = pd.Series(np.asarray(fedfunds), name="FEDFUNDS")
    result = MarkovRegimes(k_regimes=2, mean="switching", variance="constant").fit(rate)
    assert result.converged
    assert result.llf == pytest.approx(-508.63592, abs=1e-4)
    # constant variance: regimes ordered by mean
    np.testing.assert_allclose(result.regimes["mean"], [3.70877, 9.556793], atol=1e-3)
    np.testing.assert_allclose(result.regimes["sd"], [2.107562, 2.107562], atol=1e-3)
    assert result.transition.loc[0, 0] == pytest.approx(0.9820939, abs=1e-4)
    assert result.transition.loc[1, 0] == pytest.approx(0.0503587, abs=1e-4)
    assert result.model == "MarkovRegression" and result.n == 226


def test_hamilton_gnp_matches_the_documented_statsmodels_fit() -> None:
    """``MarkovAutoregression(rgnp, k_regimes=2, order=4, switching_ar=False)`` (Hamilton 1989)."""
    gnp = pd.Series(np.asarray(rgnp), name="RGNP")
    result = MarkovRegimes(k_regimes=2, mean="switching", variance="constant", order=4).fit(gnp)
    assert result.converged
    assert result.llf == pytest.approx(-181.26339, abs=1e-4)
    # E-Views' estimates, as in statsmodels' tests: recession regime first (lower mean)
    np.testing.assert_allclose(result.regimes["mean"], [-0.358811, 1.163516], atol=1e-3)
    assert result.regimes.loc[0, "sd"] == pytest.approx(math.exp(-0.262658), abs=1e-3)
    np.testing.assert_allclose(
        result.ar["estimate"], [0.013486, -0.057521, -0.246983, -0.212923], atol=1e-3
    )
    assert result.transition.loc[0, 0] == pytest.approx(0.754673, abs=1e-3)
    assert result.transition.loc[1, 0] == pytest.approx(0.095915, abs=1e-3)
    assert result.model == "MarkovAutoregression" and result.n == len(rgnp) - 4
    assert len(result.regime) == len(rgnp) - 4
    assert result.regime.index[0] == gnp.index[4]
    payload = result.to_dict()
    assert (payload["mean"], payload["variance"], payload["order"]) == (
        "switching",
        "constant",
        4,
    )
    assert [row["parameter"] for row in payload["ar"]] == ["ar.L1", "ar.L2", "ar.L3", "ar.L4"]
    assert "AR order 4 with the same coefficients in every regime" in result.notes[0]


@pytest.mark.parametrize("order", [0, 1])
def test_percent_data_give_the_decimal_fit(order: int) -> None:
    """Units do not change the fit: ×100 scales means and sds, ℓ drops by n log 100."""
    y, _, _ = _simulate(n=800, seed=3)
    decimal = MarkovRegimes(k_regimes=2, order=order).fit(y)
    percent = MarkovRegimes(k_regimes=2, order=order).fit(y * 100.0)
    assert decimal.converged and percent.converged
    assert percent.llf == pytest.approx(decimal.llf - decimal.n * math.log(100.0), abs=1e-6)
    assert percent.aic == pytest.approx(decimal.aic + 2 * decimal.n * math.log(100.0), abs=1e-5)
    np.testing.assert_allclose(
        percent.regimes[["mean", "sd"]], decimal.regimes[["mean", "sd"]] * 100.0, rtol=1e-5
    )
    np.testing.assert_allclose(percent.transition, decimal.transition, atol=1e-6)
    np.testing.assert_allclose(
        percent.smoothed_probabilities, decimal.smoothed_probabilities, atol=1e-6
    )
    assert percent.scale == pytest.approx(decimal.scale * 100.0)


def _hamilton_llf(y: np.ndarray, mean: np.ndarray, sd: np.ndarray, p: np.ndarray) -> float:
    """Plain Hamilton filter with the ergodic start (independent of statsmodels)."""
    k = len(mean)
    a = np.vstack([np.eye(k) - p.T, np.ones(k)])
    prob = np.linalg.lstsq(a, np.r_[np.zeros(k), 1.0], rcond=None)[0]
    total = 0.0
    for value in y:
        joint = prob * norm.pdf(value, mean, sd)
        lik = joint.sum()
        total += math.log(lik)
        prob = (joint / lik) @ p
    return total


def test_llf_and_parameters_in_input_units_agree_with_an_independent_filter() -> None:
    y, _, _ = _simulate(n=600, seed=5)
    result = MarkovRegimes(k_regimes=2).fit(y)
    own = _hamilton_llf(
        y.to_numpy(),
        result.regimes["mean"].to_numpy(),
        result.regimes["sd"].to_numpy(),
        result.transition.to_numpy(),
    )
    assert result.llf == pytest.approx(own, abs=1e-6)
    k_params = 6
    assert result.aic == pytest.approx(2 * k_params - 2 * own, abs=1e-5)


def test_constant_mean_and_constant_variance_specifications() -> None:
    y, _, _ = _simulate(n=800, seed=7)
    one_mean = MarkovRegimes(mean="constant").fit(y)
    assert one_mean.regimes.loc[0, "mean"] == one_mean.regimes.loc[1, "mean"]
    assert one_mean.regimes.loc[0, "sd"] < one_mean.regimes.loc[1, "sd"]
    assert one_mean.to_dict()["mean"] == "constant"
    assert "constant mean, switching variance" in one_mean.notes[0]
    one_var = MarkovRegimes(variance="constant").fit(y)
    assert one_var.regimes.loc[0, "sd"] == one_var.regimes.loc[1, "sd"]
    assert one_var.regimes.loc[0, "mean"] < one_var.regimes.loc[1, "mean"]
    # the nested default model fits at least as well as either restriction
    full = MarkovRegimes().fit(y)
    assert full.llf >= max(one_mean.llf, one_var.llf) - 1e-6


def test_defaults_are_stated() -> None:
    y, _, _ = _simulate(n=400, seed=2)
    payload = MarkovRegimes().fit(y).to_dict()
    assert (payload["mean"], payload["variance"], payload["order"], payload["model"]) == (
        "switching",
        "switching",
        0,
        "MarkovRegression",
    )
    assert (payload["search_reps"], payload["maxiter"], payload["seed"]) == (20, 200, 0)
    assert payload["ar"] == []
    assert "divided by its standard deviation" in payload["notes"][0]


def test_too_short_constant_and_bad_specifications() -> None:
    y, _, _ = _simulate(n=60)
    with pytest.raises(DataError, match="needs at least 100"):
        MarkovRegimes().fit(y)
    flat = pd.Series(0.0, index=pd.bdate_range("2020-01-01", periods=300, tz="UTC"), name="F")
    with pytest.raises(DataError, match="constant"):
        MarkovRegimes().fit(flat)
    longer, _, _ = _simulate(n=300)
    with pytest.raises(DataError, match="nothing switches"):
        MarkovRegimes(mean="constant", variance="constant").fit(longer)
    with pytest.raises(DataError, match="AR order must be between 0 and 4"):
        MarkovRegimes(order=5).fit(longer)
    with pytest.raises(DataError, match="variance must be 'switching' or 'constant'"):
        MarkovRegimes(variance="garch").fit(longer)  # type: ignore[arg-type]


def test_basket_factor_renormalises_missing_members() -> None:
    idx = pd.bdate_range("2025-01-01", periods=3, tz="UTC")
    rets = pd.DataFrame({"NVDA": [0.01, np.nan, 0.03], "AMD": [0.03, 0.02, np.nan]}, index=idx)
    f = basket_factor(rets)
    np.testing.assert_allclose(f.to_numpy(), [0.02, 0.02, 0.03])
    with pytest.raises(DataError, match="unknown basket member"):
        basket_factor(rets, ["ORCL"])
