"""Falls-harder statistic: hand computation, known-truth simulations, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from bubblelink.analytics.beta import falls_harder
from bubblelink.errors import DataError
from tests.analytics.beta.simulated import dated, simulate_pair


def test_point_estimates_match_hand_computation() -> None:
    asset, market = simulate_pair(n=1000, seed=4)
    result = falls_harder(asset, market, worst_pct=10, n_boot=50)
    a, m = asset.to_numpy(), market.to_numpy()
    beta = np.polyfit(m, a, 1)[0]
    worst = np.argsort(m)[:100]
    assert result.n_worst == 100
    assert result.beta == pytest.approx(beta, rel=1e-10)
    assert result.market_mean == pytest.approx(m[worst].mean(), rel=1e-12)
    assert result.asset_mean == pytest.approx(a[worst].mean(), rel=1e-12)
    assert result.implied_mean == pytest.approx(beta * m[worst].mean(), rel=1e-10)
    assert result.difference == pytest.approx(a[worst].mean() - beta * m[worst].mean(), rel=1e-10)
    assert result.market_cutoff == pytest.approx(np.sort(m)[99])


def test_linear_truth_ci_covers_zero() -> None:
    asset, market = simulate_pair(n=2000, seed=12, ar=0.0)
    result = falls_harder(asset, market, n_boot=500, seed=1)
    low, high = result.difference_ci
    assert low < 0 < high


def test_extra_crash_sensitivity_is_detected() -> None:
    rng = np.random.default_rng(5)
    m = 0.012 * rng.standard_normal(2000)
    crash = np.where(m < np.quantile(m, 0.1), 1.5 * m, 0.0)  # extra beta on the worst days
    a = 1.0 * m + crash + 0.01 * rng.standard_normal(2000)
    result = falls_harder(dated(a, "BTC-USD"), dated(m, "^IXIC"), n_boot=500)
    assert result.difference < 0
    assert result.difference_ci[1] < 0


def test_seeded_bootstrap_is_reproducible_and_block_length_documented() -> None:
    asset, market = simulate_pair(n=1000)
    first = falls_harder(asset, market, n_boot=200, seed=3)
    again = falls_harder(asset, market, n_boot=200, seed=3)
    other = falls_harder(asset, market, n_boot=200, seed=4)
    assert first.difference_ci == again.difference_ci
    assert first.difference_ci != other.difference_ci
    assert first.block_length == 10.0  # round(1000 ** (1/3))


def test_errors() -> None:
    asset, market = simulate_pair(n=40)
    with pytest.raises(DataError, match=r"worst 10% of 40 \^IXIC days has only 4 observations"):
        falls_harder(asset, market, worst_pct=10)
    with pytest.raises(DataError, match="worst_pct"):
        falls_harder(asset, market, worst_pct=0)


def test_worst_days_are_the_stable_sorts_first_days() -> None:
    """The partition's mask is the set ``np.argsort(kind="stable")[:n_worst]`` selects,
    ties at the cut-off included (bootstrap rows repeat days; integer data tie a lot)."""
    from bubblelink.analytics.beta._falls_harder import _worst_day_stats, _worst_days

    rng = np.random.default_rng(7)
    for values in (rng.integers(-5, 5, size=(300, 97)), rng.normal(size=(300, 97))):
        m = values.astype(float)
        a = rng.normal(size=m.shape) + 0.5 * m
        for n_worst in (1, 9, 40):
            mask = _worst_days(m, n_worst)
            order = np.argsort(m, axis=1, kind="stable")[:, :n_worst]
            expected = np.zeros_like(mask)
            np.put_along_axis(expected, order, True, axis=1)
            np.testing.assert_array_equal(mask, expected)
            got = _worst_day_stats(a, m, n_worst)
            asset_mean = np.take_along_axis(a, order, axis=1).mean(axis=1)
            market_mean = np.take_along_axis(m, order, axis=1).mean(axis=1)
            np.testing.assert_allclose(got[1], market_mean, rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(got[2], asset_mean, rtol=1e-12, atol=1e-15)
