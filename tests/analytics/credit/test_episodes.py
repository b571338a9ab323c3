"""Credit widening episodes on a constructed spread path with known answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.credit import spread_changes, widening_episodes
from bubblelink.errors import DataError
from bubblelink.frames import load


def _spread() -> tuple[pd.Series, pd.Series]:
    index = pd.bdate_range("2024-01-01", periods=200, tz="UTC")
    level = np.full(200, 3.0)
    level[50:60] = np.linspace(3.0, 4.5, 10)  # +150 bp in 9 sessions, peak at 59
    level[60:70] = np.linspace(4.5, 3.2, 10)  # retraces
    level[70:] = 3.2
    spread = pd.Series(level, index=index, name="HY")
    btc = pd.Series(np.exp(np.linspace(0.0, 1.99, 200)), index=index, name="BTC")  # +0.01 log/day
    return spread, btc


def test_one_episode_with_start_peak_size_and_btc_returns() -> None:
    spread, btc = _spread()
    result = widening_episodes(spread, btc, threshold_bp=100, window=20, horizons=(20, 60))
    table = result.table
    assert len(table) == 1
    ep = table.iloc[0]
    assert ep["start"] == spread.index[50]  # last session at the 3.0 trough
    # trigger: first session with a rise >= 100 bp: 3.0 + 1.5 * k/9 >= 4.0 -> k = 6
    assert ep["trigger"] == spread.index[56]
    assert ep["peak"] == spread.index[59]
    assert ep["size_bp"] == pytest.approx(150.0)
    # ends when half the widening (75 bp) is given back: first level < 3.75
    end_pos = int(np.argmax(spread.to_numpy()[60:] < 3.75)) + 60
    assert ep["end"] == spread.index[end_pos]
    assert ep["btc_during"] == pytest.approx(0.01 * 9)
    assert ep["btc_after_20"] == pytest.approx(0.01 * 20)
    assert ep["btc_from_trigger_60"] == pytest.approx(0.01 * 60)


def test_threshold_is_configurable_and_validated() -> None:
    spread, _ = _spread()
    assert widening_episodes(spread, threshold_bp=200).table.empty
    with pytest.raises(DataError):
        widening_episodes(spread, threshold_bp=0)
    changes = spread_changes(spread, windows=(20,))
    assert changes["change_20d_bp"].iloc[59] == pytest.approx(150.0)


@pytest.mark.real_data
def test_real_hy_episodes_include_covid(liquidity_real_store: Path) -> None:
    frame = load(["BAMLH0A0HYM2", "BTC-USD"], start="2014-09-17", store=liquidity_real_store)
    result = widening_episodes(frame["BAMLH0A0HYM2"], frame["BTC-USD"])
    covid = result.table[result.table["peak"] == pd.Timestamp("2020-03-23", tz="UTC")]
    assert len(covid) == 1
    assert covid["size_bp"].iloc[0] == pytest.approx(731.0)  # 3.56% -> 10.87%
    assert covid["btc_during"].iloc[0] < -0.3
