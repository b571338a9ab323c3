"""Stress-day vs calm-day correlation: hand computation and errors."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from bubblelink.analytics.beta import stress_correlation
from bubblelink.errors import DataError
from tests.analytics.beta.simulated import simulate_pair


def test_matches_hand_computation() -> None:
    asset, market = simulate_pair(n=2000, seed=9)
    result = stress_correlation(asset, market, k=1.5)
    m, a = market.to_numpy(), asset.to_numpy()
    sigma = np.std(m, ddof=1)
    stress = m < -1.5 * sigma
    r_s = stats.pearsonr(a[stress], m[stress])[0]
    r_c = stats.pearsonr(a[~stress], m[~stress])[0]
    z = (np.arctanh(r_s) - np.arctanh(r_c)) / np.sqrt(
        1 / (stress.sum() - 3) + 1 / ((~stress).sum() - 3)
    )
    assert result.market_sigma == pytest.approx(sigma, rel=1e-12)
    assert (result.n_stress, result.n_calm) == (stress.sum(), (~stress).sum())
    assert result.stress_corr == pytest.approx(r_s, abs=1e-12)
    assert result.calm_corr == pytest.approx(r_c, abs=1e-12)
    assert result.difference_z == pytest.approx(z, rel=1e-10)
    assert result.difference_p == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-10)
    frame = result.to_frame()
    assert frame.loc["stress_corr", "ci_low"] < r_s < frame.loc["stress_corr", "ci_high"]


def test_larger_k_gives_fewer_stress_days() -> None:
    asset, market = simulate_pair(n=2000, seed=9)
    assert (
        stress_correlation(asset, market, k=2.0).n_stress
        < stress_correlation(asset, market, k=1.0).n_stress
    )


def test_empty_stress_window_is_a_clear_error() -> None:
    asset, market = simulate_pair(n=200)
    with pytest.raises(
        DataError, match=r"stress window of \^IXIC \(return < -10 sigma.*only 0 observations"
    ):
        stress_correlation(asset, market, k=10.0)
    with pytest.raises(DataError, match="stress multiple k must be a positive number"):
        stress_correlation(asset, market, k=-1.0)
