"""Small-matrix estimators with and without the one-BLAS-thread limit, in one run.

Run ``python bench/bench_blas_threads.py`` (median of 5 runs per case and mode in each
process) or ``--quick`` (3). The estimators behind the spillover, Granger and DCC
commands run inside :func:`bubblelink.analytics._blas.single_blas_thread`. This script
measures what that buys: each case runs with the limit (as shipped) and without it (the
helper's ``threadpool_limits`` swapped for a no-op, so BLAS keeps its default pool of one
thread per core), the two modes interleaved in the same process (:mod:`harness`'s rule:
one warm-up each, then alternating, median) so that background load hits both alike;
first in one process alone, then in two processes at once, as when two API workers or
two ``pytest -n 2`` workers share the 2 cores, and last in one process whose pool is
larger than the machine (``OPENBLAS_NUM_THREADS=8``). The table shows the mean over the
processes of their medians and the ratio default / limited. Data: a simulated stable
VAR(1), 5 series × 2,500 days.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from harness import Recorder, bench_parser, blas_threads, mode_of, ratio, seconds, time_cases

OVERSIZED = {"OPENBLAS_NUM_THREADS": "8"}
N_DAYS, N_VARS = 2500, 5
CASES = (
    "VARSpillover, lags by AIC",
    "RollingSpillover, window 200, p=2",
    "DCC(1,1), 5 series",
    "Granger, both ways, lags by AIC",
)


def _returns(seed: int = 0) -> pd.DataFrame:
    """A stable VAR(1) with correlated shocks, N_DAYS × N_VARS (decimal units)."""
    rng = np.random.default_rng(seed)
    k = N_VARS
    a = 0.08 * rng.standard_normal((k, k))
    chol = np.linalg.cholesky(np.full((k, k), 0.3) + 0.7 * np.eye(k))
    y = np.zeros((N_DAYS, k))
    for t in range(1, N_DAYS):
        y[t] = a @ y[t - 1] + chol @ rng.standard_normal(k)
    index = pd.date_range("2015-01-01", periods=N_DAYS, freq="D", tz="UTC", name="date")
    return pd.DataFrame(0.01 * y, index=index, columns=[f"V{i}" for i in range(k)])


class _NoLimit:
    """Stands in for ``threadpool_limits``: leaves the BLAS pool as it is."""

    def __init__(self, **_: Any) -> None:
        pass

    def restore_original_limits(self) -> None:
        pass


def child(repeat: int) -> None:
    """(child process) Time each case both ways, interleaved; print JSON medians."""
    from bubblelink.analytics import _blas
    from bubblelink.analytics.dcc import DCC
    from bubblelink.analytics.leadlag import GrangerCausality
    from bubblelink.analytics.spillover import RollingSpillover, VARSpillover

    real_limits = _blas.threadpool_limits
    data = _returns()
    runs: dict[str, Callable[[], Any]] = {
        CASES[0]: lambda: VARSpillover().fit(data),
        CASES[1]: lambda: RollingSpillover(window=200, lags=2).fit(data),
        CASES[2]: lambda: DCC().fit(data),
        CASES[3]: lambda: GrangerCausality().fit(data["V0"], data["V1"]),
    }

    def under(limits: Any, run: Callable[[], Any]) -> Callable[[], Any]:
        def call() -> Any:
            _blas.threadpool_limits = limits
            return run()

        return call

    out: dict[str, dict[str, float]] = {}
    for name, run in runs.items():
        timings = time_cases(
            {"default": under(_NoLimit, run), "limited": under(real_limits, run)}, repeat
        )
        out[name] = {mode: t.median for mode, t in timings.items()}
    _blas.threadpool_limits = real_limits
    print(json.dumps(out))


def spawn(
    processes: int, repeat: int, env: dict[str, str] | None = None
) -> list[dict[str, dict[str, float]]]:
    """Start ``processes`` children at once (``env`` added to theirs); collect their timings."""
    child_env = {**os.environ, **(env or {})}
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", str(repeat)],
            stdout=subprocess.PIPE,
            text=True,
            env=child_env,
        )
        for _ in range(processes)
    ]
    results = []
    for proc in procs:
        stdout, _ = proc.communicate(timeout=900)
        if proc.returncode != 0:
            raise SystemExit(f"child failed with exit code {proc.returncode}")
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    return results


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="median of 3 runs per case and mode",
        default="median of 5 runs per case and mode",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    repeat = 3 if args.quick else 5
    rec = Recorder("bench_blas_threads.py", mode)
    print(f"BLAS pools: {blas_threads()}; {N_VARS} series x {N_DAYS} days")
    scenarios = (
        ("one process alone", 1, {}),
        ("2 processes at once", 2, {}),
        ("one process, OPENBLAS_NUM_THREADS=8", 1, OVERSIZED),
    )
    summary: list[str] = []
    values: dict[str, Any] = {}
    for what, processes, env in scenarios:
        results = spawn(processes, repeat, env)
        rows = []
        for case in CASES:
            t_free = float(np.mean([r[case]["default"] for r in results]))
            t_lim = float(np.mean([r[case]["limited"] for r in results]))
            rows.append(
                {
                    "case": case,
                    "default BLAS pool (s)": t_free,
                    "one BLAS thread (s)": t_lim,
                    "default/limited": t_free / t_lim,
                }
            )
        table = pd.DataFrame(rows).set_index("case")
        print(f"\n{what} (median of {repeat} runs per mode and process, mean over processes)")
        print(table.to_string(float_format=lambda v: f"{v:.3f}"))
        var = table.loc[CASES[0]]
        ratios = table["default/limited"]
        summary.append(
            f"{what}: `VARSpillover` {seconds(var['one BLAS thread (s)'])} with one thread vs "
            f"{seconds(var['default BLAS pool (s)'])} with the default pool "
            f"(**{ratio(var['default BLAS pool (s)'], var['one BLAS thread (s)'])}**; the four "
            f"cases {ratios.min():.2g}–{ratios.max():.2g}×)"
        )
        values[what] = table.to_dict(orient="index")
    rec.add(
        "small-matrix fits with one BLAS thread vs the default pool",
        f"{'; '.join(CASES)} — on a simulated VAR(1), {N_VARS} series × {N_DAYS:,} days; each "
        f"case with the shipped one-thread limit and without it, interleaved in the same "
        f"process, median of {repeat} runs after 1 warm-up per mode; BLAS: {blas_threads()}",
        "; ".join(summary),
        values,
    )
    rec.write(args)


if __name__ == "__main__":
    main()
