"""Drawdown episodes against a hand-built series; overlap and regime-conditional stats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.performance import (
    conditional_on_tech,
    drawdown,
    drawdown_overlap,
    drawdown_series,
    drawdown_table,
    max_drawdown,
)


def _hand() -> pd.Series:
    values = [100, 110, 99, 88, 110, 120, 90, 100]
    return pd.Series(values, index=pd.date_range("2025-01-01", periods=8, tz="UTC"), name="X")


def test_episodes_of_a_hand_built_series() -> None:
    table = drawdown_table(_hand())
    ep = table.episodes
    assert len(ep) == 2
    deepest, first = ep.iloc[0], ep.iloc[1]
    # deepest: peak 120 on day 6, trough 90 on day 7, never recovered
    assert deepest["peak"] == pd.Timestamp("2025-01-06", tz="UTC")
    assert deepest["trough"] == pd.Timestamp("2025-01-07", tz="UTC")
    assert pd.isna(deepest["recovery"]) and bool(deepest["ongoing"])
    assert deepest["depth"] == pytest.approx(-0.25)
    assert deepest["duration_days"] == 2
    # first: peak 110 on day 2, trough 88 on day 4, back to 110 on day 5
    assert first["peak"] == pd.Timestamp("2025-01-02", tz="UTC")
    assert first["trough"] == pd.Timestamp("2025-01-04", tz="UTC")
    assert first["recovery"] == pd.Timestamp("2025-01-05", tz="UTC")
    assert first["depth"] == pytest.approx(-0.2)
    assert (first["decline_days"], first["recovery_days"], first["duration_days"]) == (2, 1, 3)
    assert table.max_drawdown == pytest.approx(-0.25)
    assert table.current_drawdown == pytest.approx(100 / 120 - 1)
    assert len(drawdown_table(_hand(), top=1).episodes) == 1
    assert len(drawdown_table(_hand(), min_depth=0.21).episodes) == 1


def test_overlap_counts() -> None:
    idx = pd.date_range("2025-01-01", periods=8, tz="UTC")
    ref = pd.Series([100, 100, 80, 85, 100, 100, 100, 100], index=idx, name="^IXIC")
    asset = pd.Series([10, 10, 9, 7, 8, 9, 10, 10], index=idx, name="BTC-USD")
    result = drawdown_overlap(asset, ref, threshold=0.05, episode_depth=0.1)
    assert (result.days_reference, result.days_asset, result.days_both) == (2, 4, 2)
    assert result.p_asset_given_reference == pytest.approx(1.0)
    assert result.p_reference_given_asset == pytest.approx(0.5)
    assert result.jaccard == pytest.approx(2 / 4)
    ep = result.episodes.iloc[0]
    assert ep["^IXIC_depth"] == pytest.approx(-0.2)
    assert ep["BTC-USD_peak_to_trough"] == pytest.approx(-0.1)
    assert ep["BTC-USD_max_drawdown_in_span"] == pytest.approx(-0.3)


def test_conditional_on_tech_regimes() -> None:
    rng = np.random.default_rng(4)
    idx = pd.bdate_range("2023-01-02", "2025-12-31", tz="UTC")
    r = rng.normal(0, 0.012, len(idx))
    tech = pd.Series(10_000 * np.exp(np.cumsum(r)), index=idx, name="^IXIC")
    btc = pd.Series(50_000 * np.exp(np.cumsum(2 * r)), index=idx, name="BTC-USD")
    result = conditional_on_tech(btc, tech, drawdown_threshold=0.10)
    table = result.to_frame()
    assert table.loc["tech_drawdown", "beta"] == pytest.approx(2.0, abs=1e-9)
    assert table.loc["tech_normal", "correlation"] == pytest.approx(1.0, abs=1e-9)
    monthly = tech.groupby(tech.index.tz_localize(None).to_period("M")).last().pct_change()
    monthly = monthly.iloc[1:]
    assert table.loc["tech_up_month", "n"] == int((monthly > 0).sum())
    assert table.loc["tech_down_month", "n"] == int((monthly <= 0).sum())
    dd = tech / tech.cummax() - 1
    assert table.loc["tech_drawdown", "n"] == int((dd.iloc[1:] <= -0.10).sum())


def test_drawdown_of_a_series_by_hand_and_against_empyrical() -> None:
    prices = _hand()
    expected = [0.0, 0.0, 99 / 110 - 1, 88 / 110 - 1, 0.0, 0.0, -0.25, 100 / 120 - 1]
    np.testing.assert_allclose(drawdown(prices).to_numpy(), expected, rtol=0, atol=1e-15)
    assert max_drawdown(prices) == pytest.approx(-0.25, abs=1e-15)
    empyrical = pytest.importorskip("empyrical")
    rng = np.random.default_rng(4)
    returns = pd.Series(rng.normal(0.0005, 0.03, 1_000))
    path = pd.concat([pd.Series([1.0]), (1 + returns).cumprod()], ignore_index=True)
    assert max_drawdown(path) == pytest.approx(empyrical.max_drawdown(returns), rel=1e-12)


def test_drawdown_nan_rule_and_alias() -> None:
    prices = _hand().astype(float)
    prices.iloc[3] = np.nan
    shuffled = prices.iloc[::-1]
    dd = drawdown(shuffled)
    assert dd.index.is_monotonic_increasing and len(dd) == 7 and dd.name == "X"
    assert drawdown_series is drawdown
    values = prices.to_numpy()
    dd_array = drawdown(values)
    assert np.isnan(dd_array[3]) and dd_array[4] == 0.0  # NaN skipped by the peak
    assert max_drawdown(values) == pytest.approx(-0.25)


def test_max_drawdown_along_an_axis_of_paths() -> None:
    rng = np.random.default_rng(6)
    paths = np.exp(np.cumsum(rng.normal(0, 0.02, size=(50, 120)), axis=1))
    worst = max_drawdown(paths, axis=1)
    assert isinstance(worst, np.ndarray) and worst.shape == (50,)
    for row, value in zip(paths, worst, strict=True):
        assert value == max_drawdown(pd.Series(row))
    np.testing.assert_array_equal(max_drawdown(paths.T, axis=0), worst)
    assert np.isnan(max_drawdown(np.array([])))
