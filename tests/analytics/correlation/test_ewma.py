"""EWMA correlation against an explicit loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.correlation import ewma_correlation
from bubblelink.errors import DataError


def _loop(a: np.ndarray, b: np.ndarray, lam: float, warmup: int) -> np.ndarray:
    out = np.full(len(a), np.nan)
    saa = np.mean(a[:warmup] ** 2)
    sbb = np.mean(b[:warmup] ** 2)
    sab = np.mean(a[:warmup] * b[:warmup])
    out[warmup - 1] = sab / np.sqrt(saa * sbb)
    for t in range(warmup, len(a)):
        saa = lam * saa + (1 - lam) * a[t] ** 2
        sbb = lam * sbb + (1 - lam) * b[t] ** 2
        sab = lam * sab + (1 - lam) * a[t] * b[t]
        out[t] = sab / np.sqrt(saa * sbb)
    return out


@pytest.mark.parametrize(("lam", "warmup"), [(0.94, 30), (0.97, 10)])
def test_matches_explicit_loop(lam: float, warmup: int) -> None:
    rng = np.random.default_rng(5)
    a = rng.normal(size=500) * 0.03
    b = 0.3 * a + rng.normal(size=500) * 0.01
    idx = pd.date_range("2020-01-01", periods=500, tz="UTC")
    result = ewma_correlation(pd.Series(a, idx), pd.Series(b, idx), lam=lam, warmup=warmup)
    np.testing.assert_allclose(result.value.to_numpy(), _loop(a, b, lam, warmup), atol=1e-12)
    assert result.n.iloc[-1] == pytest.approx((1 + lam) / (1 - lam))
    assert result.window is None and result.lam == lam and result.method == "ewma"
    frame = result.to_frame().dropna()
    assert (frame.ci_low < frame.value).all() and (frame.value < frame.ci_high).all()


def test_missing_day_is_skipped() -> None:
    rng = np.random.default_rng(6)
    a = pd.Series(rng.normal(size=100), name="a")
    b = pd.Series(rng.normal(size=100), name="b")
    holey = a.copy()
    holey.iloc[50] = np.nan
    result = ewma_correlation(holey, b)
    keep = holey.notna()
    ref = _loop(a[keep].to_numpy(), b[keep].to_numpy(), 0.94, 30)
    np.testing.assert_allclose(result.value.to_numpy(), ref, atol=1e-12)


def test_bad_inputs() -> None:
    s = pd.Series(np.arange(50.0), name="x")
    with pytest.raises(DataError, match=r"between 0 and 1, got 1\.2"):
        ewma_correlation(s, s, lam=1.2)
    with pytest.raises(DataError, match="overlap on only 20 observations; need at least 30"):
        ewma_correlation(s.iloc[:20], s.rename("y"))
