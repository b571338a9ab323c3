"""Forbes–Rigobon adjusted correlation: hand computation and a no-contagion simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from bubblelink.analytics.contagion import adjusted_correlation, forbes_rigobon
from bubblelink.errors import DataError


def _pair(a: np.ndarray, m: np.ndarray) -> tuple[pd.Series, pd.Series]:
    index = pd.bdate_range("2020-01-01", periods=len(a), tz="UTC", name="date")
    return pd.Series(a, index=index, name="BTC-USD"), pd.Series(m, index=index, name="NVDA")


def _calm_then_stress(n_calm: int, n_stress: int, vol_ratio: float, beta: float, seed: int):
    rng = np.random.default_rng(seed)
    m = np.concatenate([rng.standard_normal(n_calm), vol_ratio * rng.standard_normal(n_stress)])
    a = beta * m + rng.standard_normal(n_calm + n_stress)
    return _pair(a, m)


def test_formula_by_hand() -> None:
    # rho = 0.6, delta = 3 (variance x4): 0.6 / sqrt(1 + 3 * 0.64) = 0.6 / sqrt(2.92)
    assert adjusted_correlation(0.6, 3.0) == pytest.approx(0.35112344158839, abs=1e-12)
    assert adjusted_correlation(0.6, 0.0) == 0.6
    with pytest.raises(DataError, match="must exceed -1"):
        adjusted_correlation(0.5, -1.0)


def test_statistic_by_hand() -> None:
    asset, market = _calm_then_stress(300, 100, 2.0, 0.5, seed=1)
    calm, stress = asset.index[:300], asset.index[300:]
    result = forbes_rigobon(
        asset, market, calm=(calm[0], calm[-1]), stress=(str(stress[0].date()), stress[-1])
    )
    rc = np.corrcoef(asset[calm], market[calm])[0, 1]
    rs = np.corrcoef(asset[stress], market[stress])[0, 1]
    delta = market[stress].var() / market[calm].var() - 1
    adj = rs / np.sqrt(1 + delta * (1 - rs**2))
    z = (np.arctanh(adj) - np.arctanh(rc)) / np.sqrt(1 / 97 + 1 / 297)
    assert (result.n_calm, result.n_stress) == (300, 100)
    assert result.delta == pytest.approx(delta, rel=1e-12)
    assert result.adjusted_stress_corr == pytest.approx(adj, rel=1e-12)
    assert result.z == pytest.approx(z, rel=1e-10)
    assert result.p_value == pytest.approx(stats.norm.sf(z), rel=1e-10)
    assert result.overlap_obs == 0 and result.notes == ()


def test_no_contagion_simulation_adjusted_stays_at_calm_level() -> None:
    # same structure a = 0.5 m + e in both windows; market volatility x3 in stress
    asset, market = _calm_then_stress(20000, 20000, 3.0, 0.5, seed=2)
    idx = asset.index
    result = forbes_rigobon(asset, market, calm=(idx[0], idx[19999]), stress=(idx[20000], idx[-1]))
    true_calm = 0.5 / np.sqrt(1.25)  # 0.447
    true_stress = 1.5 / np.sqrt(3.25)  # 0.832: the unadjusted correlation rises
    assert result.calm_corr == pytest.approx(true_calm, abs=0.015)
    assert result.stress_corr == pytest.approx(true_stress, abs=0.015)
    assert result.adjusted_stress_corr == pytest.approx(result.calm_corr, abs=0.02)
    assert result.p_value > 0.01


def test_contagion_simulation_is_detected() -> None:
    rng = np.random.default_rng(4)
    m = np.concatenate([rng.standard_normal(500), 2.0 * rng.standard_normal(500)])
    beta = np.r_[np.full(500, 0.3), np.full(500, 1.2)]  # linkage itself rises
    asset, market = _pair(beta * m + rng.standard_normal(1000), m)
    idx = asset.index
    result = forbes_rigobon(asset, market, calm=(idx[0], idx[499]), stress=(idx[500], idx[-1]))
    assert result.adjusted_stress_corr > result.calm_corr
    assert result.p_value < 1e-6 and result.contagion


def test_overlap_note_and_errors() -> None:
    asset, market = _calm_then_stress(100, 100, 2.0, 0.5, seed=5)
    idx = asset.index
    result = forbes_rigobon(asset, market, calm=(idx[0], idx[150]), stress=(idx[100], idx[-1]),
                            notes=["SYNTHETIC sample data"])  # fmt: skip
    assert result.overlap_obs == 51
    assert result.notes[0] == "SYNTHETIC sample data" and "share 51 observations" in result.notes[1]
    with pytest.raises(
        DataError, match=r"stress window 2030-01-01:2030-02-01 of BTC-USD/NVDA has only 0"
    ):
        forbes_rigobon(asset, market, calm=(idx[0], idx[99]), stress=("2030-01-01", "2030-02-01"))
    with pytest.raises(DataError, match="calm window starts"):
        forbes_rigobon(asset, market, calm=("2020-03-01", "2020-01-01"), stress=(idx[100], idx[-1]))
    with pytest.raises(DataError, match="cannot read 'soon' as a date"):
        forbes_rigobon(asset, market, calm=("soon", "2020-03-01"), stress=(idx[100], idx[-1]))
