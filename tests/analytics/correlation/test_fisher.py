"""Confidence intervals: equality with scipy, coverage with a known rho, edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from bubblelink.analytics.correlation import fisher_ci, fisher_z_difference, rolling_correlation
from bubblelink.analytics.correlation._ranks import kendall_rows, spearman_rows


def _simulate(rho: float, n: int, reps: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(2, reps, n))
    x = z[0]
    y = rho * z[0] + np.sqrt(1 - rho**2) * z[1]
    return x, y


def _pearson_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.array([np.corrcoef(xi, yi)[0, 1] for xi, yi in zip(x, y, strict=True)])


@pytest.mark.parametrize(
    ("method", "truth"),
    [
        ("pearson", lambda rho: rho),
        ("spearman", lambda rho: 6 / np.pi * np.arcsin(rho / 2)),
        ("kendall", lambda rho: 2 / np.pi * np.arcsin(rho)),
    ],
)
@pytest.mark.parametrize("rho", [0.0, 0.6])
def test_coverage_is_about_95_percent(method: str, truth, rho: float) -> None:  # type: ignore[no-untyped-def]
    reps, n = 2000, 60
    x, y = _simulate(rho, n, reps, seed=int(rho * 10) + len(method))
    func = {"pearson": _pearson_rows, "spearman": spearman_rows, "kendall": kendall_rows}
    r = func[method](x, y)
    low, high = fisher_ci(r, n, method, 0.95)  # type: ignore[arg-type]
    coverage = np.mean((low <= truth(rho)) & (truth(rho) <= high))
    # binomial sd at 2000 reps is 0.5 pp; allow the approximations ±2 pp
    assert 0.93 <= coverage <= 0.97, f"{method} rho={rho}: coverage {coverage:.3f}"


def test_narrow_ci_fails_coverage() -> None:
    """The coverage test has teeth: a 50% interval does not cover 95% of the time."""
    x, y = _simulate(0.6, 60, 2000, seed=1)
    low, high = fisher_ci(_pearson_rows(x, y), 60, "pearson", 0.5)
    assert np.mean((low <= 0.6) & (high >= 0.6)) < 0.6


def test_edges() -> None:
    low, high = fisher_ci(np.array([1.0, -1.0, np.nan, 0.5]), np.array([30, 30, 30, 3]))
    assert low[0] == high[0] == 1.0 and low[1] == high[1] == -1.0
    assert np.isnan(low[2]) and np.isnan(high[3])
    low_k, _ = fisher_ci(0.3, 4, "kendall")
    assert np.isnan(low_k)
    with pytest.raises(ValueError):
        fisher_ci(0.3, 30, "pearson", 1.5)


@pytest.mark.parametrize(("window", "confidence"), [(5, 0.95), (30, 0.95), (90, 0.9), (250, 0.99)])
def test_vectorised_interval_equals_scipy_on_every_window(window: int, confidence: float) -> None:
    """The vectorised formula (kept for speed: bench/bench_fisher.py) equals
    ``scipy.stats.pearsonr(x, y).confidence_interval()`` window by window."""
    rng = np.random.default_rng(window)
    x = rng.standard_t(4, size=2_000)
    y = 0.5 * x + rng.standard_t(4, size=2_000)
    xw, yw = sliding_window_view(x, window), sliding_window_view(y, window)
    ref = stats.pearsonr(xw, yw, axis=1)
    ci = ref.confidence_interval(confidence)
    low, high = fisher_ci(ref.statistic, window, "pearson", confidence)
    np.testing.assert_allclose(low, ci.low, rtol=0, atol=1e-12)
    np.testing.assert_allclose(high, ci.high, rtol=0, atol=1e-12)
    # and through the rolling function (r from the universe kernel)
    index = pd.date_range("2020-01-01", periods=2_000, freq="D", tz="UTC")
    rolling = rolling_correlation(
        pd.Series(x, index), pd.Series(y, index), window, confidence=confidence
    )
    np.testing.assert_allclose(rolling.ci_low.to_numpy()[window - 1 :], ci.low, atol=1e-12)
    np.testing.assert_allclose(rolling.ci_high.to_numpy()[window - 1 :], ci.high, atol=1e-12)


def test_scalar_interval_equals_scipy() -> None:
    rng = np.random.default_rng(9)
    x = rng.normal(size=40)
    y = -0.3 * x + rng.normal(size=40)
    ref = stats.pearsonr(x, y)
    low, high = fisher_ci(ref.statistic, 40)
    expected = tuple(ref.confidence_interval())
    assert (float(low), float(high)) == pytest.approx(expected, abs=1e-14)


def test_difference_z_against_the_formula_and_its_edges() -> None:
    z = fisher_z_difference(0.7, 50, 0.3, 200)
    expected = (np.arctanh(0.7) - np.arctanh(0.3)) / np.sqrt(1 / 47 + 1 / 197)
    assert z == pytest.approx(expected, rel=1e-14)
    assert fisher_z_difference(0.3, 200, 0.7, 50) == pytest.approx(-expected, rel=1e-14)
    assert np.isnan(fisher_z_difference(0.5, 3, 0.2, 100))
    assert fisher_z_difference(1.0, 30, 0.2, 30) == np.inf
