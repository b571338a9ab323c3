"""Rolling beta: the universe kernel seen from the beta family."""

from __future__ import annotations

import numpy as np
import pytest

from bubblelink.analytics.beta import ols_beta, rolling_beta
from bubblelink.errors import DataError
from tests.analytics.beta.simulated import simulate_pair


def test_matches_pandas_and_last_window_ols() -> None:
    asset, market = simulate_pair(n=400, seed=2)
    result = rolling_beta(asset, market, window=60)
    expected = asset.rolling(60).cov(market) / market.rolling(60).var()
    np.testing.assert_allclose(
        result.beta.to_numpy(), expected.to_numpy(), rtol=1e-9, equal_nan=True
    )
    assert result.beta.iloc[:59].isna().all()
    assert result.latest == pytest.approx(
        ols_beta(asset.iloc[-60:], market.iloc[-60:]).beta, rel=1e-9
    )
    assert result.to_frame().index.name == "date"
    assert len(result.to_frame()) == 400 - 59


def test_window_longer_than_data() -> None:
    asset, market = simulate_pair(n=50)
    with pytest.raises(DataError, match="window of 60 observations is longer than the 50"):
        rolling_beta(asset, market, window=60)
