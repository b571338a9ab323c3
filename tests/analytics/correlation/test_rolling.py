"""Rolling Pearson/Spearman/Kendall against pandas and scipy; inputs; result shape."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau, spearmanr

from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.errors import DataError


@pytest.fixture
def pair() -> tuple[pd.Series, pd.Series]:
    rng = np.random.default_rng(11)
    idx = pd.date_range("2021-01-01", periods=400, freq="D", tz="UTC", name="date")
    a = rng.normal(size=400) * 0.02
    b = 0.4 * a + rng.normal(size=400) * 0.02
    b[::7] = np.round(b[::7], 3)  # some ties for the rank methods
    a[50:55] = np.round(a[50:55], 1)
    return pd.Series(a, idx, name="BTC-USD"), pd.Series(b, idx, name="NVDA")


@pytest.mark.parametrize("window", [30, 90])
def test_pearson_matches_pandas(pair: tuple[pd.Series, pd.Series], window: int) -> None:
    a, b = pair
    result = rolling_correlation(a, b, window)
    ref = a.rolling(window).corr(b)
    np.testing.assert_allclose(result.value.to_numpy(), ref.to_numpy(), atol=1e-12, equal_nan=True)
    assert result.n.iloc[-1] == window and np.isnan(result.n.iloc[window - 2])


@pytest.mark.parametrize("method", ["spearman", "kendall"])
def test_rank_methods_match_scipy_on_sampled_windows(
    pair: tuple[pd.Series, pd.Series], method: str
) -> None:
    a, b = pair
    window = 30
    result = rolling_correlation(a, b, window, method=method)
    func = spearmanr if method == "spearman" else kendalltau
    for t in [29, 60, 77, 150, 399]:
        ref = func(a.iloc[t - window + 1 : t + 1], b.iloc[t - window + 1 : t + 1])[0]
        assert result.value.iloc[t] == pytest.approx(ref, abs=1e-12)
    assert result.value.iloc[:29].isna().all()


def test_missing_dates_are_dropped_pairwise(pair: tuple[pd.Series, pd.Series]) -> None:
    a, b = pair
    a = a.copy()
    a.iloc[100] = np.nan
    result = rolling_correlation(a, b.iloc[:-5], 30)
    assert len(result.value) == 400 - 1 - 5
    # only the gap inside the common span counts (b simply ends 5 days earlier)
    assert result.notes[0].startswith("1 of 395 dates between")
    joint = pd.concat([a, b.iloc[:-5]], axis=1).dropna()
    ref = joint.iloc[:, 0].rolling(30).corr(joint.iloc[:, 1])
    np.testing.assert_allclose(result.value.to_numpy(), ref.to_numpy(), atol=1e-12, equal_nan=True)


def test_ci_brackets_the_value(pair: tuple[pd.Series, pd.Series]) -> None:
    for method in ("pearson", "spearman", "kendall"):
        frame = rolling_correlation(*pair, 30, method=method).to_frame().dropna()
        assert (frame.ci_low < frame.value).all() and (frame.value < frame.ci_high).all()
        assert list(frame.columns) == ["value", "ci_low", "ci_high", "n"]


def test_point_as_of_is_last_session_on_or_before(pair: tuple[pd.Series, pd.Series]) -> None:
    a, b = pair
    weekdays = a[a.index.day_of_week < 5]
    result = rolling_correlation(weekdays, b, 30)
    saturday = pd.Timestamp("2021-12-04")
    point = result.point(saturday)
    assert point.date == pd.Timestamp("2021-12-03", tz="UTC")
    assert point.value == result.value.loc[point.date]
    with pytest.raises(DataError, match="on or before 2020-01-01"):
        result.point("2020-01-01")
    with pytest.raises(DataError, match="undefined on 2021-01-05"):
        result.point("2021-01-05")


def test_window_longer_than_overlap(pair: tuple[pd.Series, pd.Series]) -> None:
    a, b = pair
    with pytest.raises(
        DataError,
        match=r"window of 90 observations is longer than the 60 available for "
        r"BTC-USD and NVDA",
    ):
        rolling_correlation(a.iloc[:60], b, 90)


def test_constant_series(pair: tuple[pd.Series, pd.Series]) -> None:
    a, _ = pair
    flat = pd.Series(1.0, index=a.index, name="USDT-USD")
    with pytest.raises(DataError, match="USDT-USD is constant over the 400 observations"):
        rolling_correlation(a, flat, 30)


def test_too_few_overlapping(pair: tuple[pd.Series, pd.Series]) -> None:
    a, b = pair
    with pytest.raises(DataError, match="BTC-USD and NVDA overlap on only 2 observations"):
        rolling_correlation(a.iloc[:2], b, 30)


def test_bad_method_and_tiny_window(pair: tuple[pd.Series, pd.Series]) -> None:
    with pytest.raises(DataError, match="unknown correlation method 'pearsn'"):
        rolling_correlation(*pair, 30, method="pearsn")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="at least 5 observations for a confidence interval, got 3"):
        rolling_correlation(*pair, 3)


def test_to_dict_and_summary(pair: tuple[pd.Series, pd.Series]) -> None:
    result = rolling_correlation(*pair, 30)
    as_dict = result.to_dict()
    assert as_dict["a"] == "BTC-USD" and as_dict["method"] == "pearson"
    assert as_dict["latest"]["value"] == pytest.approx(result.value.iloc[-1])
    assert as_dict["series"][0]["value"] is None
    assert set(as_dict["series"][-1]) == {"date", "value", "ci_low", "ci_high", "n"}
    assert "BTC-USD and NVDA" in result.summary()
