"""Benchmark: rolling DY spillover, window 200, 5 variables, 2,500 days (target: under 10 s).

Run: ``.venv/bin/python bench/bench_spillover.py``. Times a fixed lag order (p = 2) and
a lag order chosen by AIC on the full sample, both with H = 10 and step 1.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

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


def main() -> None:
    data = simulated_returns()
    print(f"rolling spillover: {N_VARS} variables x {N_DAYS} days, window {WINDOW}, step 1, H=10")
    ok = True
    for label, lags in (("lags=2 (given)", 2), ("lags by AIC", None)):
        t0 = time.perf_counter()
        result = RollingSpillover(window=WINDOW, lags=lags).fit(data)
        elapsed = time.perf_counter() - t0
        ok &= elapsed < TARGET_SECONDS
        print(
            f"  {label:<15}: {elapsed:6.3f} s for {len(result.total)} windows "
            f"(VAR({result.lags}); mean total {result.total.mean():.1f}%)"
        )
    print(f"  target < {TARGET_SECONDS:.0f} s: {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
