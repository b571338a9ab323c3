"""Confidence intervals: coverage by simulation with a known rho, and edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from bubblelink.analytics.correlation import fisher_ci
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
