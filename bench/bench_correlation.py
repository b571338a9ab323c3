"""Universe correlation kernels against pandas and numbagg, like for like, in one run.

Run ``python bench/bench_correlation.py`` (200 assets × 2,520 days, window 60; a few
minutes), ``--quick`` (50 × 756, seconds; CI) or ``--full`` (500 × 2,520: the outputs
are 5.04 GB each, pandas takes ~1.5 min a run; ~15 min in all). Data: synthetic
three-factor daily returns with late listings (NaNs in the first 100 rows of 2% of the
assets). The timing rule is :mod:`harness`'s: warm-up, then peers interleaved, median.

Every peer gets the same setup:

* **N×N into a reused buffer**: ``rolling_pairwise_corr(frame, w, out=buf)`` vs
  ``numbagg.move_corrmatrix(values, w, out=buf)``, each writing into its own buffer
  touched beforehand (pandas has no ``out=`` and is not in this row). Once at the
  default thread count (ours: numba's threads = the cores; numbagg: one 2-D input is
  one gufunc call, which runs on one thread), once with ``numba.set_num_threads(1)``
  for both.
* **N×N into a fresh output** on every call: ours, numbagg and pandas
  ``DataFrame.rolling(w).corr()`` (whose result is a (T·N) × N frame); plus the first
  touch of an output-sized array alone (``np.empty`` + ``fill``), the page-fault cost
  every fresh output pays.
* **Peak memory** of ours (child processes: peak-RSS growth over one call), fresh and
  into a buffer.
* **One target vs N**: ``rolling_target_corr_beta`` vs a pandas loop over the columns
  (``rolling.corr``, ``rolling.cov / rolling.var``) and numbagg (``move_corr``,
  ``move_cov / move_var`` broadcast over the columns, numba's threads); all allocate
  their outputs (none of the three is given a buffer).
* **numba vs the numpy fallback** (``BUBBLELINK_NO_NUMBA=1``): both kernels into the
  same reused buffer / fresh arrays.

Each row states the largest difference between the peers' outputs (NaN masks equal).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from dataclasses import dataclass
from functools import partial
from typing import Any

import numba
import numbagg
import numpy as np
import pandas as pd

from bubblelink.analytics._compat.numba import HAS_NUMBA
from bubblelink.analytics.universe import rolling_pairwise_corr, rolling_target_corr_beta
from bubblelink.analytics.universe._windows import (
    rolling_corr_beta_fallback,
    rolling_corr_beta_numba,
    rolling_corr_matrices_fallback,
    rolling_corr_matrices_numba,
)
from harness import (
    Recorder,
    Timing,
    bench_parser,
    blas_threads,
    difference,
    mode_of,
    ratio,
    spread,
    time_cases,
    timing_rule,
    versus,
)

SIZES = {"quick": (756, 50), "default": (2520, 200), "full": (2520, 500)}
REPEATS = {"quick": 3, "default": 5, "full": 3}
WINDOW = 60
SUBSET = 50  # assets on which pandas' cube is compared with ours (memory)


@dataclass(frozen=True)
class Size:
    days: int
    assets: int
    window: int
    repeat: int

    @property
    def out_bytes(self) -> int:
        return self.days * self.assets * self.assets * 8

    def text(self) -> str:
        gb = self.out_bytes / 1e9
        return (
            f"{self.assets} assets × {self.days:,} days, window {self.window} "
            f"(output {gb:.2f} GB float64)"
        )


def make_returns(n_days: int, n_assets: int, seed: int = 0) -> pd.DataFrame:
    """Three-factor returns with late listings (NaNs), daily-return scale."""
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(n_days, 3)) * 0.01
    loadings = rng.normal(size=(3, n_assets))
    data = factors @ loadings + rng.normal(size=(n_days, n_assets)) * 0.015
    data[:100, : max(n_assets // 50, 1)] = np.nan  # late listings
    idx = pd.bdate_range("2015-01-01", periods=n_days, tz="UTC", name="date")
    return pd.DataFrame(data, index=idx, columns=[f"A{i:03d}" for i in range(n_assets)])


def max_abs_diff(a: np.ndarray, b: np.ndarray, rows: int = 64) -> str:
    """``max |a - b|`` where both are finite, and NaN-mask mismatches, by blocks of rows."""
    diff, mismatched = 0.0, 0
    for start in range(0, a.shape[0], rows):
        a_blk, b_blk = a[start : start + rows], b[start : start + rows]
        nan_a, nan_b = np.isnan(a_blk), np.isnan(b_blk)
        both = ~(nan_a | nan_b)
        if both.any():
            diff = max(diff, float(np.max(np.abs(a_blk[both] - b_blk[both]))))
        mismatched += int(np.count_nonzero(nan_a != nan_b))
    return difference(diff) + ("" if mismatched == 0 else f" ({mismatched} NaN mismatches)")


def pandas_cube(frame: pd.DataFrame, window: int) -> np.ndarray:
    n_obs, n_cols = frame.shape
    return frame.rolling(window).corr().to_numpy().reshape(n_obs, n_cols, n_cols)


def touched(shape: tuple[int, ...]) -> np.ndarray:
    buf = np.empty(shape)
    buf.fill(0.0)
    return buf


def with_threads(threads: int, func: Any) -> Any:
    def run() -> Any:
        numba.set_num_threads(threads)
        return func()

    return run


def bench_reused(size: Size, frame: pd.DataFrame, rec: Recorder) -> None:
    values = frame.to_numpy(dtype=np.float64)
    shape = (size.days, size.assets, size.assets)
    cores = numba.config.NUMBA_NUM_THREADS
    ours_buf, nb_buf = touched(shape), touched(shape)
    ours = partial(rolling_pairwise_corr, frame, size.window, out=ours_buf)
    theirs = partial(numbagg.move_corrmatrix, values, size.window, out=nb_buf)
    results: dict[int, dict[str, Timing]] = {}
    for threads in (cores, 1):
        cases = {
            "ours": with_threads(threads, ours),
            "numbagg": with_threads(threads, theirs),
        }
        results[threads] = time_cases(cases, size.repeat)
    numba.set_num_threads(cores)
    diff = max_abs_diff(ours_buf, nb_buf)
    del ours_buf, nb_buf
    gc.collect()
    for threads, label in ((cores, f"default threads ({cores})"), (1, "one thread each")):
        t = results[threads]
        who = (
            f"ours on {cores} numba threads, numbagg on 1 (one 2-D input is one gufunc call)"
            if threads == cores
            else "numba.set_num_threads(1) for both"
        )
        rec.add(
            f"N×N rolling correlation into a reused `out=` buffer, {label}",
            f"{size.text()}; `rolling_pairwise_corr(frame, {size.window}, out=buf)` vs "
            f"numbagg `move_corrmatrix(values, {size.window}, out=buf)`, each buffer touched "
            f"beforehand; {who}; {timing_rule(t)}",
            f"ours {spread(t['ours'])}, numbagg {spread(t['numbagg'])}: "
            f"{versus(t['numbagg'].median, t['ours'].median)}; max |diff| {diff}",
            {
                "threads": {"ours": threads, "numbagg": 1},
                "ours": t["ours"].to_dict(),
                "numbagg": t["numbagg"].to_dict(),
                "max_abs_diff": diff,
            },
        )


def bench_fresh(size: Size, frame: pd.DataFrame, rec: Recorder) -> None:
    values = frame.to_numpy(dtype=np.float64)
    shape = (size.days, size.assets, size.assets)
    cores = numba.config.NUMBA_NUM_THREADS
    cases = {
        "ours": lambda: rolling_pairwise_corr(frame, size.window),
        "numbagg": lambda: numbagg.move_corrmatrix(values, size.window),
        "pandas": lambda: frame.rolling(size.window).corr(),
        "first touch": lambda: touched(shape),
    }
    t = time_cases(cases, size.repeat)
    sub = frame.iloc[:, :SUBSET]
    pd_diff = max_abs_diff(
        rolling_pairwise_corr(sub, size.window).values, pandas_cube(sub, size.window)
    )
    pd_ratio = versus(t["pandas"].median, t["ours"].median)
    nb_ratio = versus(t["numbagg"].median, t["ours"].median)
    rec.add(
        "N×N rolling correlation into a fresh output on every call",
        f"{size.text()}; `rolling_pairwise_corr(frame, {size.window})` ({cores} numba "
        f"threads) vs numbagg `move_corrmatrix(values, {size.window})` (1 thread) vs pandas "
        f"`frame.rolling({size.window}).corr()` (1 thread; no `out=`, returns a "
        f"(T·N) × N frame); each allocates its output; {timing_rule(t)}",
        f"ours {spread(t['ours'])}, numbagg {spread(t['numbagg'])} "
        f"({nb_ratio}), pandas {spread(t['pandas'])} ({pd_ratio}); first touch of "
        f"an output-sized array alone {spread(t['first touch'])}; max |diff| to pandas "
        f"{pd_diff} (first {min(SUBSET, size.assets)} assets)",
        {
            "threads": {"ours": cores, "numbagg": 1, "pandas": 1},
            **{name: timing.to_dict() for name, timing in t.items()},
            "max_abs_diff_pandas": pd_diff,
        },
    )


def peak_child(n_days: int, n_assets: int, window: int, reuse: int) -> None:
    """(child process) Print the peak-RSS growth of one ``rolling_pairwise_corr`` call."""
    frame = make_returns(n_days, n_assets)
    rolling_pairwise_corr(frame.iloc[:200, :10], window)  # JIT (cached) + thread pool
    buf = touched((n_days, n_assets, n_assets)) if reuse else None
    gc.collect()
    try:  # reset VmHWM to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        reset = True
    except OSError:
        reset = False
    before = _status("VmRSS")
    rolling_pairwise_corr(frame, window, out=buf)
    print(json.dumps({"growth": _status("VmHWM") - before, "hwm_reset": reset}))


def _status(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def bench_peak(size: Size, rec: Recorder) -> None:
    growth = {}
    for reuse in (0, 1):
        cmd = [sys.executable, __file__, "--peak-child"]
        cmd += [str(v) for v in (size.days, size.assets, size.window, reuse)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        if not report["hwm_reset"]:
            print("peak memory: VmHWM could not be reset; figure skipped")
            return
        growth[reuse] = report["growth"]
    out = size.out_bytes
    rec.add(
        "peak memory of the N×N kernel",
        f"{size.text()}; growth of the peak resident set over one `rolling_pairwise_corr` "
        "call in a fresh child process (VmHWM reset before the call), one run each",
        f"fresh output: {growth[0] / out:.3f}× the output ({growth[0] / 1e9:.3f} GB); "
        f"into a touched `out=` buffer: {growth[1] / 1e6:.1f} MB beyond it",
        {"output_bytes": out, "growth_fresh": growth[0], "growth_out": growth[1]},
    )


def pandas_target(y: pd.Series, x: pd.DataFrame, window: int) -> tuple[np.ndarray, np.ndarray]:
    corr = np.column_stack([y.rolling(window).corr(x[c]).to_numpy() for c in x])
    beta = np.column_stack(
        [(y.rolling(window).cov(x[c]) / x[c].rolling(window).var()).to_numpy() for c in x]
    )
    return corr, beta


def numbagg_target(y: np.ndarray, x: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    yy = y[:, None]
    corr = numbagg.move_corr(x, yy, window=window, axis=0)
    beta = numbagg.move_cov(x, yy, window=window, axis=0) / numbagg.move_var(
        x, window=window, axis=0
    )
    return corr, beta


def bench_target(size: Size, frame: pd.DataFrame, rec: Recorder) -> None:
    target = frame.iloc[:, 0].rename("TARGET")
    assets = frame.iloc[:, 1:]
    y, x = target.to_numpy(), assets.to_numpy()
    n = assets.shape[1]
    kept: dict[str, Any] = {}
    cases = {
        "ours": lambda: rolling_target_corr_beta(target, assets, size.window),
        "numbagg": lambda: numbagg_target(y, x, size.window),
        "pandas": lambda: pandas_target(target, assets, size.window),
    }
    t = time_cases(cases, max(size.repeat, 5), after=lambda k, v: kept.__setitem__(k, v))
    ours = kept["ours"]
    diffs = {
        peer: f"corr {max_abs_diff(ours.corr.to_numpy(), kept[peer][0])}, "
        f"beta {max_abs_diff(ours.beta.to_numpy(), kept[peer][1])}"
        for peer in ("numbagg", "pandas")
    }
    cores = numba.config.NUMBA_NUM_THREADS
    rec.add(
        f"one target vs {n}: rolling correlation + beta",
        f"{size.days:,} days × {n} assets, window {size.window}; "
        f"`rolling_target_corr_beta(target, assets, {size.window})` ({cores} numba threads) "
        f"vs numbagg `move_corr` + `move_cov / move_var` over the columns ({cores} numba "
        f"threads) vs a pandas loop of `rolling.corr` and `rolling.cov / rolling.var` "
        f"(1 thread); each allocates its outputs; {timing_rule(t)}",
        f"ours {spread(t['ours'])}, numbagg {spread(t['numbagg'])} "
        f"({versus(t['numbagg'].median, t['ours'].median)}), pandas "
        f"{spread(t['pandas'])} ({versus(t['pandas'].median, t['ours'].median)}); "
        f"max |diff| to numbagg {diffs['numbagg']}; to pandas {diffs['pandas']}",
        {name: timing.to_dict() for name, timing in t.items()} | {"max_abs_diff": diffs},
    )


def bench_fallback(size: Size, frame: pd.DataFrame, rec: Recorder) -> None:
    if not HAS_NUMBA:
        print("\nnumba vs numpy fallback: numba not installed or disabled, skipped")
        return
    values = frame.to_numpy(dtype=np.float64)
    shape = (size.days, size.assets, size.assets)
    nb_buf, np_buf = touched(shape), touched(shape)
    t_nxn = time_cases(
        {
            "numba": partial(rolling_corr_matrices_numba, values, size.window, out=nb_buf),
            "numpy": partial(rolling_corr_matrices_fallback, values, size.window, out=np_buf),
        },
        size.repeat,
    )
    diff_nxn = max_abs_diff(nb_buf, np_buf)
    del nb_buf, np_buf
    gc.collect()
    y, x = values[:, 0], values[:, 1:]
    kept: dict[str, Any] = {}
    t_one = time_cases(
        {
            "numba": partial(rolling_corr_beta_numba, y, x, size.window),
            "numpy": partial(rolling_corr_beta_fallback, y, x, size.window),
        },
        max(size.repeat, 5),
        after=lambda k, v: kept.__setitem__(k, v),
    )
    diff_one = max_abs_diff(kept["numba"][0], kept["numpy"][0])
    cores = numba.config.NUMBA_NUM_THREADS
    rec.add(
        "without numba (`BUBBLELINK_NO_NUMBA=1`): the numpy fallback",
        f"{size.text()}; N×N each into its own touched buffer, one-vs-{size.assets - 1} "
        f"fresh; numba kernels on {cores} threads, the fallback numpy ({blas_threads()}); "
        f"{timing_rule(t_nxn)}"
        + (
            "" if timing_rule(t_one) == timing_rule(t_nxn) else f" (one-vs-N: {timing_rule(t_one)})"
        ),
        f"N×N: fallback {spread(t_nxn['numpy'])} vs numba {spread(t_nxn['numba'])} "
        f"({ratio(t_nxn['numpy'].median, t_nxn['numba'].median)}), max |diff| {diff_nxn}; "
        f"one-vs-N: {spread(t_one['numpy'])} vs {spread(t_one['numba'])} "
        f"({ratio(t_one['numpy'].median, t_one['numba'].median)}), max |diff| {diff_one}",
        {
            "nxn": {k: v.to_dict() for k, v in t_nxn.items()},
            "one_vs_n": {k: v.to_dict() for k, v in t_one.items()},
            "max_abs_diff": {"nxn": diff_nxn, "one_vs_n": diff_one},
        },
    )


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--peak-child":
        peak_child(*(int(a) for a in sys.argv[2:]))
        return
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="50 assets × 756 days",
        default="200 assets × 2,520 days",
        full="500 assets × 2,520 days (5.04 GB outputs; ~15 min)",
    )
    parser.add_argument(
        "--sections",
        default="reused,fresh,peak,target,fallback",
        help="comma-separated parts to run: reused, fresh, peak, target, fallback",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    days, assets = SIZES[mode]
    size = Size(days, assets, WINDOW, REPEATS[mode])
    sections = set(args.sections.split(","))
    frame = make_returns(days, assets)
    # JIT of every numba kernel (cached on disk) before anything is timed
    rolling_pairwise_corr(frame.iloc[:200, :10], WINDOW)
    numbagg.move_corrmatrix(frame.to_numpy()[:200, :10], WINDOW)
    rec = Recorder("bench_correlation.py", mode)
    if "reused" in sections:
        bench_reused(size, frame, rec)
    if "fresh" in sections:
        bench_fresh(size, frame, rec)
    if "peak" in sections:
        bench_peak(size, rec)
    if "target" in sections:
        bench_target(size, frame, rec)
    if "fallback" in sections:
        bench_fallback(size, frame, rec)
    rec.write(args)


if __name__ == "__main__":
    main()
