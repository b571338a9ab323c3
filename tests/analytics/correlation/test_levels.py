"""Levels correlation always comes with the returns figure and a warning."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblelink.analytics.correlation import levels_correlation, rolling_correlation


def test_two_independent_trends_warn_and_show_returns() -> None:
    rng = np.random.default_rng(9)
    idx = pd.date_range("2021-01-01", periods=300, tz="UTC", name="date")
    ra = 0.004 + rng.normal(size=300) * 0.01  # independent returns, both trending up
    rb = 0.004 + rng.normal(size=300) * 0.01
    pa = pd.Series(100 * np.exp(np.cumsum(ra)), idx, name="BTC-USD")
    pb = pd.Series(50 * np.exp(np.cumsum(rb)), idx, name="ORCL")
    result = levels_correlation(pa, pb, window=90)
    assert result.levels.value.iloc[-1] > 0.8  # spurious
    assert abs(result.returns.value.iloc[-1]) < 0.35
    ref = rolling_correlation(np.log(pa).diff(), np.log(pb).diff(), 90)
    assert result.returns.value.iloc[-1] == ref.value.iloc[-1]
    assert (
        "spurious" in result.warning
        and f"it is {result.returns.value.iloc[-1]:.2f}" in result.warning
    )
    assert result.levels.on == "levels" and result.returns.on == "returns"
    frame = result.to_frame()
    assert "returns_value" in frame.columns
    assert result.to_dict()["warning"] == result.warning
