"""Markov regimes recover two simulated volatility regimes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

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


def test_too_short_and_constant_inputs() -> None:
    y, _, _ = _simulate(n=60)
    with pytest.raises(DataError, match="needs at least 100"):
        MarkovRegimes().fit(y)
    flat = pd.Series(0.0, index=pd.bdate_range("2020-01-01", periods=300, tz="UTC"), name="F")
    with pytest.raises(DataError, match="constant"):
        MarkovRegimes().fit(flat)


def test_basket_factor_renormalises_missing_members() -> None:
    idx = pd.bdate_range("2025-01-01", periods=3, tz="UTC")
    rets = pd.DataFrame({"NVDA": [0.01, np.nan, 0.03], "AMD": [0.03, 0.02, np.nan]}, index=idx)
    f = basket_factor(rets)
    np.testing.assert_allclose(f.to_numpy(), [0.02, 0.02, 0.03])
    with pytest.raises(DataError, match="unknown basket member"):
        basket_factor(rets, ["ORCL"])
