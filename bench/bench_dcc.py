"""Benchmark: DCC(1,1)-GARCH(1,1) on 5 assets x 2,500 days (target: under 5 s).

Run: ``.venv/bin/python bench/bench_dcc.py``. Prints the time of the first-step GARCH
fits and the second-step correlation estimation separately, and the total.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from bubblelink.analytics.dcc import DCC
from bubblelink.analytics.dcc._dcc import _maximise
from bubblelink.analytics.dcc._margins import fit_garch_margin

N_ASSETS, N_DAYS, TARGET_SECONDS = 5, 2500, 5.0


def simulated_returns(seed: int = 0) -> pd.DataFrame:
    """Gaussian DCC(0.05, 0.90) returns with GARCH(1,1) margins (decimal units)."""
    rng = np.random.default_rng(seed)
    k, a, b = N_ASSETS, 0.05, 0.90
    corr = np.full((k, k), 0.4) + 0.6 * np.eye(k)
    q, eps, var, u = corr.copy(), np.zeros(k), np.full(k, 1e-4), np.zeros(k)
    out = np.empty((N_DAYS, k))
    for t in range(N_DAYS):
        q = (1 - a - b) * corr + a * np.outer(eps, eps) + b * q
        var = 2e-6 + 0.08 * u**2 + 0.9 * var
        d = 1 / np.sqrt(np.diag(q))
        eps = np.linalg.cholesky(q * np.outer(d, d)) @ rng.standard_normal(k)
        u = np.sqrt(var) * eps
        out[t] = u
    index = pd.date_range("2015-01-01", periods=N_DAYS, freq="D", tz="UTC", name="date")
    return pd.DataFrame(out, index=index, columns=[f"A{i}" for i in range(k)])


def main() -> None:
    data = simulated_returns()
    t0 = time.perf_counter()
    fits = [fit_garch_margin(data[c], "normal") for c in data.columns]
    t1 = time.perf_counter()
    _maximise(np.column_stack([f.std_resid for f in fits]))
    t2 = time.perf_counter()
    result = DCC().fit(data)
    t3 = time.perf_counter()
    total = t3 - t2
    print(f"DCC {N_ASSETS} assets x {N_DAYS} days")
    print(f"  step 1, {N_ASSETS} GARCH(1,1) fits : {t1 - t0:6.3f} s")
    print(f"  step 2, correlation QML  : {t2 - t1:6.3f} s")
    print(f"  DCC().fit total (with SE): {total:6.3f} s  (target < {TARGET_SECONDS:.0f} s)")
    print(f"  a = {result.a:.4f}, b = {result.b:.4f}")
    print("  PASS" if total < TARGET_SECONDS else "  FAIL")


if __name__ == "__main__":
    main()
