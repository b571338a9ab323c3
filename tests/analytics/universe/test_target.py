"""rolling_target_corr_beta against pandas, under a 1e6 level shift, and its edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.universe import TargetRollingResult, rolling_target_corr_beta
from bubblelink.errors import DataError

pytestmark = pytest.mark.usefixtures("kernel_impl")  # numba and numpy fallback alike


def _pandas_corr_beta(y: pd.Series, x: pd.DataFrame, w: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    corr = pd.DataFrame({c: y.rolling(w).corr(x[c]) for c in x})
    beta = pd.DataFrame({c: y.rolling(w).cov(x[c]) / x[c].rolling(w).var() for c in x})
    return corr, beta


def _assert_matches(ours: pd.DataFrame, ref: pd.DataFrame, tol: float = 1e-9) -> None:
    assert ours.shape == ref.shape
    np.testing.assert_array_equal(ours.isna().to_numpy(), ref.isna().to_numpy())
    np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), rtol=0, atol=tol, equal_nan=True)


@pytest.mark.parametrize("window", [2, 30, 90, 300])
def test_matches_pandas_with_nans(target: pd.Series, returns: pd.DataFrame, window: int) -> None:
    result = rolling_target_corr_beta(target, returns, window)
    corr, beta = _pandas_corr_beta(target, returns, window)
    _assert_matches(result.corr, corr)
    _assert_matches(result.beta, beta)
    assert result.corr.index.equals(returns.index)
    assert list(result.corr.columns) == list(returns.columns)
    # the NaN rule bites: NaN for 30 rows after the hole at 100 in ORCL only
    if window == 30:
        assert result.corr["ORCL"].iloc[100:130].isna().all()
        assert result.corr["ORCL"].iloc[130:].iloc[:10].notna().all()
        assert result.corr["NVDA"].iloc[100:130].notna().all()


def test_matches_pandas_on_price_levels(returns: pd.DataFrame, target: pd.Series) -> None:
    prices = 100 * np.exp(returns.fillna(0).cumsum())
    y = 30_000 * np.exp(target.fillna(0).cumsum())
    result = rolling_target_corr_beta(y, prices, 60)
    corr, beta = _pandas_corr_beta(y, prices, 60)
    _assert_matches(result.corr, corr)
    _assert_matches(result.beta, beta, tol=1e-9 * float(np.nanmax(beta.abs().to_numpy())))


def test_level_shift_of_1e6_keeps_precision(returns: pd.DataFrame, target: pd.Series) -> None:
    shifted_x, shifted_y = returns + 1e6, target + 1e6
    result = rolling_target_corr_beta(shifted_y, shifted_x, 30)
    # exact reference: (x + 1e6) - 1e6 is computed without rounding (Sterbenz), so it
    # is the very data the kernel saw, without the offset
    corr, beta = _pandas_corr_beta(shifted_y - 1e6, shifted_x - 1e6, 30)
    _assert_matches(result.corr, corr)
    _assert_matches(result.beta, beta)


def test_naive_prefix_sums_would_fail_the_shift_test(
    returns: pd.DataFrame, target: pd.Series
) -> None:
    """The shift test has teeth: raw cumulative sums lose the correlation entirely."""
    w = 30
    x = returns["NVDA"].fillna(0).to_numpy() + 1e6
    y = target.fillna(0).to_numpy() + 1e6

    def window_sum(a: np.ndarray) -> np.ndarray:
        c = np.concatenate([[0.0], np.cumsum(a)])
        return c[w:] - c[:-w]

    sx, sy = window_sum(x), window_sum(y)
    with np.errstate(all="ignore"):
        naive = (window_sum(x * y) - sx * sy / w) / np.sqrt(
            (window_sum(x * x) - sx**2 / w) * (window_sum(y * y) - sy**2 / w)
        )
    good = (
        rolling_target_corr_beta(pd.Series(y), pd.DataFrame({"x": x}), w)
        .corr["x"]
        .to_numpy()[w - 1 :]
    )
    assert not np.allclose(naive, good, atol=1e-3, equal_nan=False)


def test_beta_is_target_on_asset() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=2000) * 0.02
    y = 2.5 * x + rng.normal(size=2000) * 0.001
    result = rolling_target_corr_beta(pd.Series(y, name="y"), pd.DataFrame({"x": x}), 250)
    assert result.beta["x"].dropna().between(2.45, 2.55).all()
    assert result.target == "y"


def test_constant_window_gives_nan_like_pandas(returns: pd.DataFrame, target: pd.Series) -> None:
    frame = returns.copy()
    frame.iloc[200:260, 5] = 0.01  # GLD flat for 60 days
    result = rolling_target_corr_beta(target, frame, 30)
    corr, beta = _pandas_corr_beta(target, frame, 30)
    assert result.corr["GLD"].iloc[229:260].isna().all()
    assert result.beta["GLD"].iloc[229:260].isna().all()
    _assert_matches(result.corr, corr)
    _assert_matches(result.beta, beta)


def test_indexes_are_aligned_on_their_union(returns: pd.DataFrame, target: pd.Series) -> None:
    result = rolling_target_corr_beta(target.iloc[10:], returns.iloc[:-10], 20)
    corr, _ = _pandas_corr_beta(target.iloc[10:], returns.iloc[:-10], 20)
    assert result.corr.index.equals(returns.index)
    _assert_matches(result.corr, corr)


def test_window_longer_than_data_is_a_data_error(returns: pd.DataFrame) -> None:
    with pytest.raises(DataError, match=r"window of 700 observations is longer than the 600"):
        rolling_target_corr_beta(returns["NVDA"], returns[["AMD"]], 700)
    with pytest.raises(DataError, match="at least 2"):
        rolling_target_corr_beta(returns["NVDA"], returns[["AMD"]], 1)


def test_non_numeric_is_a_data_error(returns: pd.DataFrame) -> None:
    bad = returns[["AMD"]].astype(object)
    bad.iloc[5, 0] = "n/a"
    with pytest.raises(DataError, match="non-numeric"):
        rolling_target_corr_beta(returns["NVDA"], bad, 20)


def test_result_presents_itself(returns: pd.DataFrame, target: pd.Series) -> None:
    result = rolling_target_corr_beta(target, returns[["NVDA", "AMD"]], 30)
    assert isinstance(result, TargetRollingResult)
    frame = result.to_frame()
    assert list(frame.columns) == ["asset", "corr", "beta"]
    assert len(frame) == 2 * len(returns)
    as_dict = result.to_dict()
    assert as_dict["window"] == 30 and as_dict["assets"] == ["NVDA", "AMD"]
    assert as_dict["corr"][0]["date"] == "2020-01-01" and as_dict["corr"][0]["NVDA"] is None
    assert "BTC-USD" in result.summary()
    with pytest.raises(AttributeError):
        result.window = 5  # type: ignore[misc]
