"""Empirical tail dependence on copula samples with known behaviour."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.tails import tail_dependence
from bubblelink.errors import DataError


def _pair(u: np.ndarray, v: np.ndarray) -> tuple[pd.Series, pd.Series]:
    index = pd.date_range("2015-01-01", periods=len(u), freq="D", tz="UTC", name="date")
    return pd.Series(u, index=index, name="BTC-USD"), pd.Series(v, index=index, name="^IXIC")


def _clayton(n: int, theta: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Marshall–Olkin sampler: V ~ Gamma(1/theta), U_i = (1 + E_i / V)^(-1/theta)."""
    rng = np.random.default_rng(seed)
    v = rng.gamma(1.0 / theta, 1.0, size=n)
    e = rng.exponential(size=(2, n))
    u = (1.0 + e / v) ** (-1.0 / theta)
    return u[0], u[1]


def _clayton_lambda_lower(q: float, theta: float) -> float:
    """Exact finite-level value C(q, q) / q."""
    return (2.0 * q ** (-theta) - 1.0) ** (-1.0 / theta) / q


def _clayton_lambda_upper(q: float, theta: float) -> float:
    """Exact (1 - 2(1-q) + C(1-q, 1-q)) / q."""
    p = 1.0 - q
    return (1.0 - 2.0 * p + (2.0 * p ** (-theta) - 1.0) ** (-1.0 / theta)) / q


def test_independent_is_about_q() -> None:
    rng = np.random.default_rng(0)
    result = tail_dependence(
        *_pair(rng.standard_normal(20000), rng.standard_t(3, 20000)), n_boot=100
    )
    for tail in ("lower", "upper"):
        for q in (0.05, 0.10):
            # binomial SE sqrt(q(1-q)/(q n)): 0.0154 at q=0.05, 0.0067 at q=0.10
            assert result.lam(tail, q) == pytest.approx(
                q, abs=4 * np.sqrt(q * (1 - q) / (q * 20000))
            )


def test_comonotone_is_one_and_countermonotone_is_zero() -> None:
    x = np.random.default_rng(1).standard_normal(1000)
    result = tail_dependence(*_pair(np.exp(x), x), n_boot=50)
    assert (result.to_frame()["lambda"] == 1.0).all()
    assert (result.to_frame()["co_exceedances"] == result.to_frame()["market_tail_obs"]).all()
    opposite = tail_dependence(*_pair(-x, x), n_boot=50)
    assert (opposite.to_frame()["lambda"] == 0.0).all()


@pytest.mark.parametrize("theta", [0.5, 2.0])
def test_clayton_matches_exact_finite_level_values(theta: float) -> None:
    u, v = _clayton(40000, theta, seed=3)
    result = tail_dependence(*_pair(u, v), q=(0.05, 0.10), n_boot=20)
    for q in (0.05, 0.10):
        assert result.lam("lower", q) == pytest.approx(_clayton_lambda_lower(q, theta), abs=0.03)
        assert result.lam("upper", q) == pytest.approx(_clayton_lambda_upper(q, theta), abs=0.03)
    # Clayton: lower tail dependent, upper tail much weaker
    assert result.lam("lower", 0.05) > result.lam("upper", 0.05) + 0.1


def test_lower_tail_dependence_rises_with_clayton_theta() -> None:
    values = [tail_dependence(*_pair(*_clayton(10000, t, seed=5)), q=0.05, n_boot=20).lam("lower", 0.05)
              for t in (0.3, 1.0, 3.0)]  # fmt: skip
    assert values[0] < values[1] < values[2]


def test_counts_ci_and_reproducibility() -> None:
    u, v = _clayton(2000, 1.0, seed=8)
    result = tail_dependence(*_pair(u, v), q=(0.05, 0.10), n_boot=300, seed=2)
    frame = result.to_frame()
    lower05 = frame[(frame["tail"] == "lower") & (frame["q"] == 0.05)].iloc[0]
    rank_u, rank_v = pd.Series(u).rank(), pd.Series(v).rank()
    joint = int(((rank_u <= 0.05 * 2001) & (rank_v <= 0.05 * 2001)).sum())
    assert lower05["market_tail_obs"] == 100 and lower05["co_exceedances"] == joint
    assert lower05["ci_low"] < lower05["lambda"] < lower05["ci_high"]
    again = tail_dependence(*_pair(u, v), q=(0.05, 0.10), n_boot=300, seed=2)
    pd.testing.assert_frame_equal(frame, again.to_frame())
    json.dumps(result.to_dict())


def test_q_too_small_for_n() -> None:
    rng = np.random.default_rng(0)
    a, m = _pair(rng.standard_normal(250), rng.standard_normal(250))
    with pytest.raises(DataError, match=r"q=0.01 leaves only 2 of 250 \^IXIC observations"):
        tail_dependence(a, m, q=0.01)
    with pytest.raises(DataError, match=r"tail level q must be strictly between 0 and 0\.5"):
        tail_dependence(a, m, q=0.7)
