"""Benchmark the universe correlation kernels against pandas and numbagg, side by side.

Run ``python bench/bench_correlation.py`` (full: 500 assets × 2,520 days, window 60) or
``python bench/bench_correlation.py --quick`` (100 × 756). Everything is measured in
this one run on synthetic factor-model returns; the tables print timings, ratios, peak
memory and the largest difference to the reference.

* N×N rolling correlation: :func:`rolling_pairwise_corr` (ours) vs
  ``DataFrame.rolling(w).corr()`` and ``numbagg.move_corrmatrix``.

  - ours is timed into a **fresh** output (what a caller of ``rolling_pairwise_corr``
    pays, including the first touch of the output's memory pages) and into a
    **reused** (warm) buffer via ``rolling_corr_matrices(..., out=buf)``; the cost of
    first-touching a fresh output-sized array alone (``np.empty`` + ``fill``) is
    measured too. On a VM, pages the guest has never touched cost far more than pages
    it recycles, so the fresh figures depend on the machine's recent history.
  - pandas is measured at full size when its time, extrapolated from a
    ``--subset``-asset run by the pair count, is at most ``--pandas-limit`` seconds
    and there is memory for it (it peaks at ~2.5× the output); otherwise the
    extrapolation is reported, labelled as such.
  - peak memory: a child process runs ``rolling_pairwise_corr`` once and reports the
    growth of its peak resident set (``VmHWM`` after resetting it), which counts the
    numba kernel's own allocations as well as the output.

* One target vs N: :func:`rolling_target_corr_beta` vs a pandas loop over the N columns
  (``rolling.corr`` and ``rolling.cov / rolling.var``), best of several repeats.

* numba vs the pure-numpy fallback (what runs without numba or with
  ``BUBBLELINK_NO_NUMBA=1``): both kernels, warm (N×N into a reused buffer), with the
  largest difference between the two. ``--sections fallback`` runs this part alone.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics._compat.numba import HAS_NUMBA
from bubblelink.analytics.universe import rolling_pairwise_corr, rolling_target_corr_beta
from bubblelink.analytics.universe._windows import (
    rolling_corr_beta_fallback,
    rolling_corr_beta_numba,
    rolling_corr_matrices,
    rolling_corr_matrices_fallback,
    rolling_corr_matrices_numba,
)


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


def _proc_status(key: str) -> int:
    """A ``/proc/self/status`` memory figure in bytes (0 where unavailable)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def mem_available() -> int:
    """``MemAvailable`` in bytes (infinite where /proc/meminfo is missing)."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return sys.maxsize


def peak_child(n_days: int, n_assets: int, window: int) -> None:
    """(child process) Print the peak-RSS growth of one ``rolling_pairwise_corr`` call."""
    frame = make_returns(n_days, n_assets)
    rolling_pairwise_corr(frame.iloc[:200, :10], window)  # JIT (cached) + thread pool
    gc.collect()
    try:  # reset VmHWM to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        reset = True
    except OSError:
        reset = False
    before = _proc_status("VmRSS")
    result = rolling_pairwise_corr(frame, window)
    peak = _proc_status("VmHWM")
    print(json.dumps({"growth": peak - before, "hwm_reset": reset, "out": result.values.nbytes}))


def pandas_child(n_days: int, n_assets: int, window: int) -> None:
    """(child process) Time pandas at full size; compare with ours; print JSON."""
    frame = make_returns(n_days, n_assets)
    rolling_pairwise_corr(frame.iloc[:200, :10], window)  # JIT (cached)
    seconds, ref = timed(lambda: pandas_cube(frame, window))
    gc.collect()
    diff = compare(rolling_pairwise_corr(frame, window).values, ref)
    print(json.dumps({"seconds": seconds, "diff": diff}))


def run_child(mode: str, n_days: int, n_assets: int, window: int) -> dict[str, Any] | None:
    """Run this script in ``mode`` in a child process; None when it fails (e.g. OOM)."""
    cmd = [sys.executable, __file__, mode, str(n_days), str(n_assets), str(window)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{mode} child failed with exit code {done.returncode}", flush=True)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def pandas_cube(frame: pd.DataFrame, window: int) -> np.ndarray:
    n_obs, n_cols = frame.shape
    return frame.rolling(window).corr().to_numpy().reshape(n_obs, n_cols, n_cols)


def pandas_target(y: pd.Series, x: pd.DataFrame, window: int) -> tuple[np.ndarray, np.ndarray]:
    corr = np.column_stack([y.rolling(window).corr(x[c]).to_numpy() for c in x])
    beta = np.column_stack(
        [(y.rolling(window).cov(x[c]) / x[c].rolling(window).var()).to_numpy() for c in x]
    )
    return corr, beta


def max_abs_diff(a: np.ndarray, b: np.ndarray, rows: int = 64) -> tuple[float, int]:
    """``max |a - b|`` where both are finite, and the count of NaN-mask mismatches.

    Works through ``rows`` leading rows at a time: the temporaries of a whole 5 GB cube
    would not fit next to the two cubes.
    """
    diff, mismatched = 0.0, 0
    for start in range(0, a.shape[0], rows):
        a_blk, b_blk = a[start : start + rows], b[start : start + rows]
        nan_a, nan_b = np.isnan(a_blk), np.isnan(b_blk)
        both = ~(nan_a | nan_b)
        if both.any():
            diff = max(diff, float(np.max(np.abs(a_blk[both] - b_blk[both]))))
        mismatched += int(np.count_nonzero(nan_a != nan_b))
    return diff, mismatched


def compare(a: np.ndarray, b: np.ndarray) -> str:
    diff, mismatched = max_abs_diff(a, b)
    return f"{diff:.1e}" + ("" if mismatched == 0 else f" ({mismatched} NaN mismatches)")


def show(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    table = pd.DataFrame(rows).set_index("case")
    with pd.option_context("display.width", 200, "display.float_format", "{:.4g}".format):
        print(table.to_string(na_rep=""))


def bench_pairwise(n_days: int, n_assets: int, window: int, subset: int, limit: float) -> None:
    frame = make_returns(n_days, n_assets)
    values = frame.to_numpy(dtype=np.float64)
    shape = (n_days, n_assets, n_assets)
    out_bytes = n_days * n_assets * n_assets * 8
    rolling_pairwise_corr(frame.iloc[:200, :10], window)  # JIT (cached) + thread pool

    # ours first, while fresh memory is least likely to be recycled pages
    t_fresh, res = timed(lambda: rolling_pairwise_corr(frame, window))
    ours = res.values
    del res
    t_warm, _ = timed(partial(rolling_corr_matrices, values, window, out=ours), repeat=3)
    # first touch of an output-sized array alone, then rewriting the touched pages
    buf = np.empty(shape)  # reserves address space only: no page is touched yet
    t_touch, _ = timed(partial(buf.fill, 0.0))
    t_rewrite, _ = timed(partial(buf.fill, 1.0))
    del buf
    gc.collect()

    t_nb, nb_diff = float("nan"), ""
    try:
        import numbagg

        numbagg.move_corrmatrix(values[:200, :10], window=window)  # JIT
        t_nb, nb = timed(lambda: numbagg.move_corrmatrix(values, window=window))
        nb_diff = compare(np.asarray(nb), ours)
        del nb
    except ImportError:  # pragma: no cover - numbagg is a dev extra
        pass
    del ours
    gc.collect()

    # pandas: subset first, full size when predicted to fit the limits
    sub = frame.iloc[:, :subset]
    t_pd_sub, ref = timed(lambda: pandas_cube(sub, window))
    sub_diff = compare(rolling_pairwise_corr(sub, window).values, ref)
    del ref
    pair_ratio = (n_assets * (n_assets + 1) / 2) / (subset * (subset + 1) / 2)
    predicted = t_pd_sub * pair_ratio
    fits = mem_available() > 3.5 * out_bytes  # pandas peaks at ~2.5× the output
    full = None
    if n_assets > subset and predicted <= limit and fits:
        full = run_child("--pandas-child", n_days, n_assets, window)
    if full is not None:
        t_pd, pd_how, pd_diff = full["seconds"], "measured", full["diff"]
    elif n_assets <= subset:
        t_pd, pd_how, pd_diff = t_pd_sub, "measured", sub_diff
    else:
        t_pd = predicted
        why = (
            f"> {limit:.0f} s predicted"
            if predicted > limit
            else ("not enough memory" if not fits else "full run failed")
        )
        pd_how = f"extrapolated ×{pair_ratio:.1f} pairs from {subset} assets ({why})"
        pd_diff = f"{sub_diff} on {subset} assets"

    peak = run_child("--peak-child", n_days, n_assets, window) or {"growth": 0, "hwm_reset": 0}
    rows = [
        {"case": f"pandas rolling.corr, {subset} assets (measured)", "seconds": t_pd_sub},
        {
            "case": f"pandas rolling.corr ({pd_how})",
            "seconds": t_pd,
            "pandas/this": 1.0,
            "max |diff| to ours": pd_diff,
        },
        {
            "case": "numbagg.move_corrmatrix",
            "seconds": t_nb,
            "pandas/this": t_pd / t_nb,
            "max |diff| to ours": nb_diff,
        },
        {"case": "ours, fresh output (incl. first touch)", "seconds": t_fresh},
        {"case": "ours, reused buffer (out=)", "seconds": t_warm},
        {"case": "first touch of a fresh output-sized array alone", "seconds": t_touch},
        {"case": "rewriting that array once touched", "seconds": t_rewrite},
    ]
    for row in rows[3:5]:
        row["pandas/this"] = t_pd / row["seconds"]
        row["numbagg/this"] = t_nb / row["seconds"]
    show(f"N×N rolling correlation: {n_assets} assets × {n_days} days, window {window}", rows)
    growth = peak["growth"]
    print(
        f"peak memory of rolling_pairwise_corr (child process, peak-RSS growth"
        f"{'' if peak['hwm_reset'] else ', HWM not reset'}): {growth / 1e9:.3f} GB = "
        f"{growth / out_bytes:.3f} × the {out_bytes / 1e9:.3f} GB output"
    )


def bench_target(n_days: int, n_assets: int, window: int) -> None:
    frame = make_returns(n_days, n_assets)
    target = frame.iloc[:, 0].rename("TARGET")
    assets = frame.iloc[:, 1:]
    rolling_target_corr_beta(target.iloc[:200], assets.iloc[:200, :3], window)  # JIT
    t_pd, (pc, pb) = timed(lambda: pandas_target(target, assets, window), repeat=3)
    t_ours, res = timed(lambda: rolling_target_corr_beta(target, assets, window), repeat=9)
    diff_c, bad_c = max_abs_diff(res.corr.to_numpy(), pc)
    diff_b, bad_b = max_abs_diff(res.beta.to_numpy(), pb)
    n = assets.shape[1]
    rows = [
        {"case": f"pandas loop, 1 vs {n} (best of 3)", "seconds": t_pd},
        {
            "case": f"ours, 1 vs {n} (best of 9)",
            "seconds": t_ours,
            "pandas/ours": t_pd / t_ours,
            "max |diff| corr": f"{diff_c:.1e}",
            "max |diff| beta": f"{diff_b:.1e}",
            "NaN mismatches": bad_c + bad_b,
        },
    ]
    show(f"One target vs N: rolling corr + beta, {n_days} days, window {window}", rows)


def bench_fallback(n_days: int, n_assets: int, window: int) -> None:
    """numba kernels vs the numpy fallback, both warm, in this one run."""
    if not HAS_NUMBA:
        print("\nnumba vs numpy fallback: numba not installed or disabled, skipped")
        return
    frame = make_returns(n_days, n_assets)
    values = frame.to_numpy(dtype=np.float64)
    rolling_corr_matrices_numba(values[:200, :10], window)  # JIT (cached)
    rolling_corr_beta_numba(values[:200, 0], values[:200, 1:10], window)
    buf = np.empty((n_days, n_assets, n_assets))
    buf.fill(0.0)  # touched once: both runs rewrite warm pages
    t_nb, _ = timed(partial(rolling_corr_matrices_numba, values, window, out=buf), repeat=3)
    tail = buf[-256:].copy()  # the last 256 matrices, compared below
    t_np, _ = timed(partial(rolling_corr_matrices_fallback, values, window, out=buf), repeat=2)
    diff = f"{compare(buf[-256:], tail)} (last 256 rows)"
    del buf, tail
    gc.collect()
    y, x = values[:, 0], values[:, 1:]
    t_tnb, (c_nb, b_nb) = timed(partial(rolling_corr_beta_numba, y, x, window), repeat=9)
    t_tnp, (c_np, b_np) = timed(partial(rolling_corr_beta_fallback, y, x, window), repeat=3)
    rows = [
        {"case": "N×N numba, reused buffer (best of 3)", "seconds": t_nb},
        {
            "case": "N×N numpy fallback, reused buffer (best of 2)",
            "seconds": t_np,
            "fallback/numba": t_np / t_nb,
            "max |diff|": diff,
        },
        {"case": f"1 vs {n_assets - 1} numba (best of 9)", "seconds": t_tnb},
        {
            "case": f"1 vs {n_assets - 1} numpy fallback (best of 3)",
            "seconds": t_tnp,
            "fallback/numba": t_tnp / t_tnb,
            "max |diff|": f"corr {compare(c_np, c_nb)}, beta {compare(b_np, b_nb)}",
        },
    ]
    show(f"numba vs numpy fallback: {n_assets} assets × {n_days} days, window {window}", rows)


def main() -> None:
    children = {"--peak-child": peak_child, "--pandas-child": pandas_child}
    if len(sys.argv) == 5 and sys.argv[1] in children:
        children[sys.argv[1]](*(int(a) for a in sys.argv[2:]))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 assets × 756 days")
    parser.add_argument("--subset", type=int, default=100, help="assets in the pandas probe")
    parser.add_argument(
        "--pandas-limit", type=float, default=180.0, help="longest full pandas run (s)"
    )
    parser.add_argument(
        "--sections",
        default="pairwise,target,fallback",
        help="comma-separated parts to run: pairwise, target, fallback",
    )
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    n_days, n_assets, window = (756, 100, 60) if args.quick else (2520, 500, 60)
    subset = min(args.subset, 30 if args.quick else n_assets)
    if "pairwise" in sections:
        bench_pairwise(n_days, n_assets, window, subset, args.pandas_limit)
    if "target" in sections:
        bench_target(n_days, n_assets, window)
    if "fallback" in sections:
        bench_fallback(n_days, n_assets, window)


if __name__ == "__main__":
    main()
