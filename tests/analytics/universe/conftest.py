"""Shared data for the universe-kernel tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics._compat.numba import HAS_NUMBA
from bubblelink.analytics.universe import _windows


@pytest.fixture
def returns() -> pd.DataFrame:
    """600 days × 6 correlated return series with a few NaN holes."""
    rng = np.random.default_rng(7)
    n_obs = 600
    common = rng.normal(size=(n_obs, 1)) * 0.01
    data = rng.normal(size=(n_obs, 6)) * 0.02 + common * np.array([[0.5, 1, 1.5, 2, -1, 0]])
    index = pd.date_range("2020-01-01", periods=n_obs, freq="D", tz="UTC", name="date")
    frame = pd.DataFrame(data, index=index, columns=["NVDA", "ORCL", "AMD", "QQQ", "DXY", "GLD"])
    frame.iloc[100, 1] = np.nan
    frame.iloc[300:305, 4] = np.nan
    return frame


@pytest.fixture
def target(returns: pd.DataFrame) -> pd.Series:
    """A target loading 0.8 on NVDA, with one NaN."""
    rng = np.random.default_rng(8)
    y = 0.8 * returns["NVDA"] + rng.normal(size=len(returns)) * 0.015
    y.iloc[450] = np.nan
    return y.rename("BTC-USD")


@pytest.fixture(
    params=[
        pytest.param(True, id="numba", marks=pytest.mark.skipif(not HAS_NUMBA, reason="no numba")),
        pytest.param(False, id="numpy"),
    ]
)
def kernel_impl(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a test once on the numba kernels and once on the numpy fallback."""
    monkeypatch.setattr(_windows, "HAS_NUMBA", request.param)
    return bool(request.param)
