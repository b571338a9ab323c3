"""Benchmark the universe correlation kernels against pandas and numbagg, side by side.

Run ``python bench/bench_correlation.py`` (full: 500 assets × 2,520 days, window 60) or
``python bench/bench_correlation.py --quick`` (100 × 756). Everything is measured in
this one run on synthetic factor-model returns; the table prints timings, speed-ups,
peak memory and the largest difference to the reference.

* N×N rolling correlation: :func:`rolling_pairwise_corr` vs ``DataFrame.rolling(w).corr()``
  and ``numbagg.move_corrmatrix``. pandas loops over the N(N+1)/2 pairs in Python and
  builds a T·N-row MultiIndex frame, so at full size it is timed on a column subset and
  extrapolated by the pair count (stated in the output); ours is also timed on that
  subset for a same-size ratio.
* One target vs N: :func:`rolling_target_corr_beta` vs a pandas loop over the N columns
  (``rolling.corr`` and ``rolling.cov / rolling.var``).

Peak memory is measured with ``tracemalloc`` (numpy reports its buffers to it) in a
separate run from the timing.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.universe import rolling_pairwise_corr, rolling_target_corr_beta


def make_returns(n_days: int, n_assets: int, seed: int = 0) -> pd.DataFrame:
    """Three-factor returns with a few NaNs (late listings), daily-return scale."""
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(n_days, 3)) * 0.01
    loadings = rng.normal(size=(3, n_assets))
    data = factors @ loadings + rng.normal(size=(n_days, n_assets)) * 0.015
    data[:100, : max(n_assets // 50, 1)] = np.nan  # late listings
    idx = pd.bdate_range("2015-01-01", periods=n_days, tz="UTC", name="date")
    return pd.DataFrame(data, index=idx, columns=[f"A{i:03d}" for i in range(n_assets)])


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time over ``repeat`` runs and the last result."""
    best = np.inf
    out = None
    for _ in range(repeat):
        out = None
        gc.collect()
        start = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - start)
    return best, out


def peak_bytes(func: Callable[[], Any]) -> int:
    """Peak traced allocation while running ``func`` (its result is dropped)."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    out = func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del out
    gc.collect()
    return peak


def pandas_cube(frame: pd.DataFrame, window: int) -> np.ndarray:
    n_obs, n_cols = frame.shape
    return frame.rolling(window).corr().to_numpy().reshape(n_obs, n_cols, n_cols)


def pandas_target(y: pd.Series, x: pd.DataFrame, window: int) -> tuple[np.ndarray, np.ndarray]:
    corr = np.column_stack([y.rolling(window).corr(x[c]).to_numpy() for c in x])
    beta = np.column_stack(
        [(y.rolling(window).cov(x[c]) / x[c].rolling(window).var()).to_numpy() for c in x]
    )
    return corr, beta


def maxdiff(a: np.ndarray, b: np.ndarray) -> float:
    both = np.isfinite(a) & np.isfinite(b)
    if (np.isnan(a) != np.isnan(b)).any():
        return float("inf")
    return float(np.max(np.abs(a[both] - b[both]))) if both.any() else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 assets × 756 days")
    args = parser.parse_args()
    n_days, n_assets, window = (756, 100, 60) if args.quick else (2520, 500, 60)
    subset = 30 if args.quick else 100
    frame = make_returns(n_days, n_assets)
    rows: list[dict[str, Any]] = []
    out_bytes = n_days * n_assets * n_assets * 8

    print(f"N×N rolling correlation: {n_assets} assets × {n_days} days, window {window}")
    # ours, full size
    t_ours, res = timed(lambda: rolling_pairwise_corr(frame, window).values)
    ours_full = res
    # numbagg on the full size (JIT warm-up on a small input first)
    t_nb = float("nan")
    nb_diff = float("nan")
    try:
        import numbagg

        numbagg.move_corrmatrix(frame.to_numpy()[:100, :5], window=window)
        t_nb, nb = timed(lambda: numbagg.move_corrmatrix(frame.to_numpy(), window=window))
        nb_diff = maxdiff(np.asarray(nb), ours_full)
        del nb
    except ImportError:  # pragma: no cover - numbagg is a dev extra
        pass
    # the same kernel writing into an already-touched buffer: compute cost without the
    # cost of committing fresh memory pages for the output (first touch)
    from bubblelink.analytics.universe._windows import rolling_cross_products

    values = frame.to_numpy(dtype=np.float64)
    t_ours_buf, _ = timed(partial(rolling_cross_products, values, window, out=ours_full))
    del ours_full, res
    gc.collect()
    peak = peak_bytes(lambda: rolling_pairwise_corr(frame, window))

    # pandas on a subset, ours on the same subset
    sub = frame.iloc[:, :subset]
    t_pd_sub, ref = timed(lambda: pandas_cube(sub, window))
    t_ours_sub, ours_sub = timed(lambda: rolling_pairwise_corr(sub, window).values, repeat=3)
    diff_sub = maxdiff(ours_sub, ref)
    pairs_full = n_assets * (n_assets + 1) / 2
    pairs_sub = subset * (subset + 1) / 2
    t_pd_extrap = t_pd_sub * pairs_full / pairs_sub
    rows += [
        {"case": f"N×N pandas rolling.corr, {subset} assets", "seconds": t_pd_sub},
        {
            "case": f"N×N ours, {subset} assets",
            "seconds": t_ours_sub,
            "speed-up": t_pd_sub / t_ours_sub,
            "max |diff|": diff_sub,
        },
        {"case": f"N×N pandas, {n_assets} assets (extrapolated ×pairs)", "seconds": t_pd_extrap},
        {
            "case": f"N×N ours, {n_assets} assets",
            "seconds": t_ours,
            "speed-up": t_pd_extrap / t_ours,
            "peak/output": peak / out_bytes,
        },
        {
            "case": f"N×N ours, {n_assets} assets, into a preallocated buffer",
            "seconds": t_ours_buf,
            "speed-up": t_pd_extrap / t_ours_buf,
        },
        {
            "case": f"N×N numbagg.move_corrmatrix, {n_assets} assets",
            "seconds": t_nb,
            "speed-up": t_nb / t_ours,
            "max |diff|": nb_diff,
        },
    ]

    # one target vs N
    target = frame.iloc[:, 0].rename("TARGET")
    assets = frame.iloc[:, 1:]
    t_pd_t, (pc, pb) = timed(lambda: pandas_target(target, assets, window), repeat=3)
    t_ours_t, res_t = timed(lambda: rolling_target_corr_beta(target, assets, window), repeat=5)
    rows += [
        {"case": f"1 vs {assets.shape[1]} corr+beta, pandas loop", "seconds": t_pd_t},
        {
            "case": f"1 vs {assets.shape[1]} corr+beta, ours",
            "seconds": t_ours_t,
            "speed-up": t_pd_t / t_ours_t,
            "max |diff|": max(
                maxdiff(res_t.corr.to_numpy(), pc), maxdiff(res_t.beta.to_numpy(), pb)
            ),
        },
    ]

    table = pd.DataFrame(rows).set_index("case")
    with pd.option_context("display.width", 160, "display.float_format", "{:.4g}".format):
        print(table.to_string(na_rep=""))
    print(
        f"speed-up column: pandas (or, for numbagg, numbagg) time / ours; pandas at "
        f"{n_assets} assets is the {subset}-asset time × {pairs_full / pairs_sub:.1f} "
        "(pair count), not measured; peak/output = tracemalloc peak / "
        f"{out_bytes / 1e9:.2f} GB output cube"
    )


if __name__ == "__main__":
    main()
