"""Benchmark: rolling DY spillover, window 200, 5 variables, 2,500 days (target: under 10 s).

Run: ``.venv/bin/python bench/bench_spillover.py``. In one run:

* the rolling index with a fixed lag order (p = 2) and with the order chosen by AIC on
  the full sample, both with H = 10 and step 1 (2,301 windows);
* the same fixed-lag run with every window's VAR fitted by statsmodels
  (``VAR(block).fit(p, trend="c")``: ``coefs`` and ``sigma_u``) instead of the numpy
  :func:`~bubblelink.analytics.spillover._var.ols_var`, everything else unchanged, and
  the ratio of the two: the measurement behind keeping ``ols_var`` (the tests check the
  two fits are equal). Best of 3 for each.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
from statsmodels.tsa.api import VAR

from bubblelink.analytics.spillover import RollingSpillover

N_VARS, N_DAYS, WINDOW, TARGET_SECONDS = 5, 2500, 200, 10.0


def simulated_returns(seed: int = 0) -> pd.DataFrame:
    """A stable VAR(1) with correlated shocks (decimal units)."""
    rng = np.random.default_rng(seed)
    k = N_VARS
    a = 0.08 * rng.standard_normal((k, k))
    chol = np.linalg.cholesky(np.full((k, k), 0.3) + 0.7 * np.eye(k))
    y = np.zeros((N_DAYS, k))
    for t in range(1, N_DAYS):
        y[t] = a @ y[t - 1] + chol @ rng.standard_normal(k)
    index = pd.date_range("2015-01-01", periods=N_DAYS, freq="D", tz="UTC", name="date")
    return pd.DataFrame(0.01 * y, index=index, columns=[f"V{i}" for i in range(k)])


def statsmodels_var(values: np.ndarray, lags: int) -> tuple[np.ndarray, np.ndarray]:
    """One window's VAR by statsmodels, in :func:`ols_var`'s return convention."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = VAR(values).fit(lags, trend="c")
    return np.asarray(res.coefs), np.asarray(res.sigma_u)


def best_of(repeat: int, func: Callable[[], Any]) -> tuple[float, Any]:
    """Shortest wall time of ``repeat`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    data = simulated_returns()
    print(f"rolling spillover: {N_VARS} variables x {N_DAYS} days, window {WINDOW}, step 1, H=10")
    ok = True
    timings: dict[str, float] = {}
    totals: dict[str, pd.Series] = {}
    for label, lags in (("lags=2 (given)", 2), ("lags by AIC", None)):
        elapsed, result = best_of(
            3, lambda lags=lags: RollingSpillover(window=WINDOW, lags=lags).fit(data)
        )
        ok &= elapsed < TARGET_SECONDS
        timings[label] = elapsed
        totals[label] = result.total
        print(
            f"  {label:<15}: {elapsed:6.3f} s for {len(result.total)} windows "
            f"(VAR({result.lags}); mean total {result.total.mean():.1f}%)"
        )
    with mock.patch("bubblelink.analytics.spillover._rolling.ols_var", statsmodels_var):
        sm_time, sm_result = best_of(3, lambda: RollingSpillover(window=WINDOW, lags=2).fit(data))
    diff = float(np.nanmax(np.abs(sm_result.total - totals["lags=2 (given)"])))
    ratio = sm_time / timings["lags=2 (given)"]
    print(f"  same, each window's VAR by statsmodels VAR.fit: {sm_time:6.3f} s")
    print(
        f"  statsmodels / numpy ols_var: {ratio:.1f}x  "
        f"(max |diff| of the total index {diff:.1e} percentage points)"
    )
    print(f"  target < {TARGET_SECONDS:.0f} s: {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
