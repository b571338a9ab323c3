"""rolling_pairwise_corr against pandas' pairwise rolling correlation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.universe import PairwiseRollingResult, rolling_pairwise_corr
from bubblelink.errors import DataError

pytestmark = pytest.mark.usefixtures("kernel_impl")  # numba and numpy fallback alike


def _pandas_cube(frame: pd.DataFrame, window: int) -> np.ndarray:
    n_obs, n_cols = frame.shape
    return frame.rolling(window).corr().to_numpy().reshape(n_obs, n_cols, n_cols)


@pytest.mark.parametrize("window", [2, 30, 90])
def test_matches_pandas_with_pairwise_nans(returns: pd.DataFrame, window: int) -> None:
    result = rolling_pairwise_corr(returns, window)
    ref = _pandas_cube(returns, window)
    assert result.values.shape == ref.shape
    np.testing.assert_array_equal(np.isnan(result.values), np.isnan(ref))
    np.testing.assert_allclose(result.values, ref, rtol=0, atol=1e-9, equal_nan=True)


def test_nan_in_one_column_only_blanks_its_pairs(returns: pd.DataFrame) -> None:
    result = rolling_pairwise_corr(returns, 30)
    t = 110  # window 81..110 holds ORCL's NaN at row 100
    assert np.isnan(result.values[t, 1, :]).all() and np.isnan(result.values[t, :, 1]).all()
    others = np.delete(np.delete(result.values[t], 1, axis=0), 1, axis=1)
    assert np.isfinite(others).all()


def test_symmetric_with_unit_diagonal(returns: pd.DataFrame) -> None:
    values = rolling_pairwise_corr(returns, 60).values[59:]
    np.testing.assert_allclose(values, values.transpose(0, 2, 1), rtol=0, atol=1e-15)
    diag = np.diagonal(values, axis1=1, axis2=2)
    assert set(np.unique(diag[np.isfinite(diag)])) == {1.0}


def test_level_shift_of_1e6_keeps_precision(returns: pd.DataFrame) -> None:
    shifted = returns + 1e6
    result = rolling_pairwise_corr(shifted, 30)
    ref = _pandas_cube(shifted - 1e6, 30)  # exact: Sterbenz
    np.testing.assert_allclose(result.values, ref, rtol=0, atol=1e-9, equal_nan=True)


def test_constant_column_is_nan_not_noise(returns: pd.DataFrame) -> None:
    frame = returns.copy()
    frame.iloc[200:260, 5] = 1.1  # mean of 1.1s is not exactly 1.1: must not give ±1
    result = rolling_pairwise_corr(frame, 30)
    assert np.isnan(result.values[229:260, 5, :]).all()
    ref = _pandas_cube(frame, 30)
    np.testing.assert_allclose(result.values, ref, rtol=0, atol=1e-9, equal_nan=True)


def test_pair_and_matrix_accessors(returns: pd.DataFrame) -> None:
    result = rolling_pairwise_corr(returns, 30)
    assert isinstance(result, PairwiseRollingResult)
    pair = result.pair("NVDA", "QQQ")
    ref = returns["NVDA"].rolling(30).corr(returns["QQQ"])
    np.testing.assert_allclose(pair.to_numpy(), ref.to_numpy(), atol=1e-9, equal_nan=True)
    assert pair.index.equals(returns.index)
    last = result.at()
    assert last.shape == (6, 6) and last.loc["NVDA", "QQQ"] == pair.iloc[-1]
    assert result.to_frame().index.name == "asset"
    as_dict = result.to_dict()
    assert as_dict["date"] == returns.index[-1].date().isoformat()
    assert len(as_dict["matrix"]) == 6
    with pytest.raises(DataError, match="BTC is not one of the 6 columns"):
        result.pair("BTC", "QQQ")


def test_window_longer_than_data_is_a_data_error(returns: pd.DataFrame) -> None:
    with pytest.raises(DataError, match=r"window of 601 observations is longer than the 600"):
        rolling_pairwise_corr(returns, 601)


@pytest.mark.parametrize("fill", [7.0, np.nan])
def test_out_buffer_is_the_result_and_equals_a_fresh_call(
    returns: pd.DataFrame, fill: float
) -> None:
    fresh = rolling_pairwise_corr(returns, 30)
    buffer = np.full((600, 6, 6), fill)  # stale values must all be overwritten
    result = rolling_pairwise_corr(returns, 30, out=buffer)
    assert result.values is buffer
    np.testing.assert_array_equal(buffer, fresh.values)  # bitwise, NaNs in the same places
    np.testing.assert_allclose(buffer, _pandas_cube(returns, 30), rtol=0, atol=1e-9)


def test_out_buffer_reused_across_frames_keeps_no_trace_of_the_last(
    returns: pd.DataFrame,
) -> None:
    buffer = np.empty((600, 6, 6))
    holes = returns.copy()
    holes.iloc[::7, 2] = np.nan  # many NaNs in the first frame
    rolling_pairwise_corr(holes, 30, out=buffer)
    second = rolling_pairwise_corr(returns.iloc[:, ::-1], 45, out=buffer)
    np.testing.assert_array_equal(
        second.values, rolling_pairwise_corr(returns.iloc[:, ::-1], 45).values
    )
    assert list(second.columns) == list(returns.columns[::-1])


@pytest.mark.parametrize(
    ("buffer", "problem"),
    [
        (np.empty((600, 6, 5)), r"got shape \(600, 6, 5\)"),
        (np.empty((600, 6, 6), dtype=np.float32), "got dtype float32"),
        (np.empty((600, 6, 12))[:, :, ::2], "got a non-contiguous view"),
        (np.asfortranarray(np.empty((600, 6, 6))), "got a non-contiguous view"),
        ([[0.0]], "got list"),
    ],
)
def test_unusable_out_buffer_is_a_one_line_data_error(
    returns: pd.DataFrame, buffer: object, problem: str
) -> None:
    with pytest.raises(DataError, match=problem) as caught:
        rolling_pairwise_corr(returns, 30, out=buffer)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        "out must be a writeable C-contiguous float64 numpy array of shape (600, 6, 6)"
    )
    assert message.endswith(
        "allocate it with numpy.empty((600, 6, 6)) (rows × columns × columns of the frame)"
    )


def test_read_only_out_buffer_is_refused_before_anything_is_written(
    returns: pd.DataFrame,
) -> None:
    buffer = np.zeros((600, 6, 6))
    buffer.flags.writeable = False
    with pytest.raises(DataError, match="got a read-only array"):
        rolling_pairwise_corr(returns, 30, out=buffer)
    assert not buffer.any()
