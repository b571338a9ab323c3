"""Properties of the correlation, beta and event-study estimators (hypothesis).

* every correlation the ``correlation`` service can return (rolling Pearson, Spearman,
  Kendall, EWMA; DCC) lies in [-1, 1] and is symmetric in its two series;
* the beta of ``k * y`` on ``x`` is ``k`` times the beta of ``y`` on ``x`` (OLS with HAC
  errors and rolling), its standard error ``|k|`` times;
* the CAR of an event window is the sum of the CARs of two sub-windows that split it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bubblelink.analytics.beta import ols_beta, rolling_beta
from bubblelink.analytics.correlation import ewma_correlation, rolling_correlation
from bubblelink.analytics.dcc import DCC
from bubblelink.analytics.events import Event, MarketModelEventStudy
from bubblelink.errors import DataError
from tests.property._settings import FAST, FITS

TOL = 1e-9


@st.composite
def return_pairs(draw: st.DrawFn, min_n: int = 20, max_n: int = 120) -> pd.DataFrame:
    """Two return series: correlated normals or fat tails, any scale, optional ties
    (rounded values), gaps (NaN) and a large outlier."""
    n = draw(st.integers(min_n, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rho = draw(st.floats(-0.99, 0.99))
    z = rng.standard_t(draw(st.sampled_from([3, 30])), size=(n, 2))
    z[:, 1] = rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1]
    data = z * np.array([draw(st.floats(1e-4, 1e2)), draw(st.floats(1e-4, 1e2))])
    if draw(st.booleans()):
        data = np.round(data, draw(st.integers(0, 2)))  # ties for the rank methods
    if draw(st.booleans()):
        data[draw(st.integers(0, n - 1)), draw(st.integers(0, 1))] *= 50.0
    if draw(st.booleans()):
        data[rng.random((n, 2)) < 0.05] = np.nan
    index = pd.date_range("2024-01-01", periods=n, freq="D", tz="UTC", name="date")
    return pd.DataFrame(data, index=index, columns=["A", "B"])


def _in_range_and_symmetric(ab: pd.Series, ba: pd.Series) -> None:
    values = ab.dropna().to_numpy()
    assert np.all(values >= -1.0 - TOL) and np.all(values <= 1.0 + TOL), values
    pd.testing.assert_series_equal(ab, ba, check_names=False, atol=1e-9, rtol=0)


@FAST
@given(pair=return_pairs(), window=st.integers(5, 60),
       method=st.sampled_from(["pearson", "spearman", "kendall"]))  # fmt: skip
def test_rolling_correlation_is_bounded_and_symmetric(
    pair: pd.DataFrame, window: int, method: str
) -> None:
    try:
        ab = rolling_correlation(pair["A"], pair["B"], window, method)  # type: ignore[arg-type]
    except DataError:
        return  # window longer than the data, a constant series: refused, not a number
    ba = rolling_correlation(pair["B"], pair["A"], window, method)  # type: ignore[arg-type]
    _in_range_and_symmetric(ab.value, ba.value)
    inside = ab.value.notna()
    assert (ab.ci_low[inside] <= ab.value[inside] + TOL).all()
    assert (ab.value[inside] <= ab.ci_high[inside] + TOL).all()


@FAST
@given(pair=return_pairs(min_n=40), lam=st.floats(0.5, 0.995))
def test_ewma_correlation_is_bounded_and_symmetric(pair: pd.DataFrame, lam: float) -> None:
    try:
        ab = ewma_correlation(pair["A"], pair["B"], lam=lam)
    except DataError:
        return
    ba = ewma_correlation(pair["B"], pair["A"], lam=lam)
    _in_range_and_symmetric(ab.value, ba.value)


@FITS
@given(pair=return_pairs(min_n=120, max_n=200))
def test_dcc_correlations_are_bounded_and_symmetric(pair: pd.DataFrame) -> None:
    try:
        ab = DCC().fit(pair)
    except DataError:
        return
    ba = DCC().fit(pair[["B", "A"]])
    values = ab.correlations.to_numpy()
    assert np.all(np.abs(values) <= 1.0 + TOL)
    # the same model fitted with the columns swapped: the same correlation path
    np.testing.assert_allclose(
        ab.correlations.iloc[:, 0].to_numpy(), ba.correlations.iloc[:, 0].to_numpy(), atol=1e-4
    )


@FAST
@given(pair=return_pairs(min_n=30), k=st.one_of(st.floats(-50, -1e-3), st.floats(1e-3, 50)))
def test_beta_scales_with_the_target(pair: pd.DataFrame, k: float) -> None:
    y, x = pair["A"], pair["B"]
    try:
        base = ols_beta(y, x)
    except DataError:
        return
    scaled = ols_beta(k * y, x)
    assert scaled.beta == pytest.approx(k * base.beta, rel=1e-7, abs=1e-12)
    assert scaled.beta_std_error == pytest.approx(abs(k) * base.beta_std_error, rel=1e-7, abs=1e-12)
    assert scaled.r_squared == pytest.approx(base.r_squared, rel=1e-7, abs=1e-9)
    rolled, rolled_k = rolling_beta(y, x, 20), rolling_beta(k * y, x, 20)
    np.testing.assert_allclose(
        rolled_k.beta.to_numpy(), k * rolled.beta.to_numpy(), rtol=1e-7, atol=1e-12
    )


@FAST
@given(
    pair=return_pairs(min_n=100, max_n=120),
    start=st.integers(-5, 0),
    length=st.integers(2, 8),
    cut=st.integers(0, 100),
    model=st.sampled_from(["market", "mean_adjusted"]),
    prediction_error=st.booleans(),
)
def test_car_is_additive_over_sub_windows(
    pair: pd.DataFrame, start: int, length: int, cut: int, model: str, prediction_error: bool
) -> None:
    """CAR(τ1:τ2) = CAR(τ1:k) + CAR(k+1:τ2) with the same estimation window."""
    pair = pair.dropna()
    end = start + length
    split = start + cut % length  # τ1 <= k < τ2
    gap = 1 - start  # the smallest gap allowed for the whole window: shared by all three
    event = Event.ad_hoc("A", pair.index[len(pair) - 12].date())
    returns, market = pair["A"].rename("A"), pair["B"].rename("B")

    def car(lo: int, hi: int) -> tuple[float, np.ndarray]:
        study = MarketModelEventStudy(window=(lo, hi), estimation=60, gap=gap,
                                      model=model, prediction_error=prediction_error)  # type: ignore[arg-type]  # fmt: skip
        result = study.fit(returns, event, market if model == "market" else None)
        return result.car, result.ar.to_numpy()

    try:
        whole, ar = car(start, end)
    except DataError:
        return
    first, ar1 = car(start, split)
    second, ar2 = car(split + 1, end)
    assert whole == pytest.approx(first + second, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(ar, np.concatenate([ar1, ar2]), rtol=1e-9, atol=1e-12)
