"""Benchmark: small-matrix estimators with and without the one-BLAS-thread limit, in one run.

Run: ``.venv/bin/python bench/bench_blas_threads.py``. The estimators behind the
spillover, Granger and DCC commands run inside
:func:`bubblelink.analytics._blas.single_blas_thread`. This script measures what that
buys: each case runs with the limit (as shipped) and without it (the helper's
``threadpool_limits`` swapped for a no-op, so BLAS keeps its default pool of one thread
per core), alternating the two in the same process so that background load hits both
alike; first in one process alone, then in two processes at once, as when two API
workers or two ``pytest -n 2`` workers share the 2 cores, and last in one process
whose pool is larger than the machine (``OPENBLAS_NUM_THREADS=8``). Each process reports the
median of 5 runs per case and mode; the table shows the mean over the processes and
the ratio default / limited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OVERSIZED = {"OPENBLAS_NUM_THREADS": "8"}
N_DAYS, N_VARS = 2500, 5
CASES = (
    "VARSpillover, lags by AIC",
    "RollingSpillover, window 200, p=2",
    "DCC(1,1), 5 series",
    "Granger, both ways, lags by AIC",
)


def _returns() -> pd.DataFrame:
    sys.path.insert(0, str(HERE))
    from bench_spillover import simulated_returns

    return simulated_returns()


class _NoLimit:
    """Stands in for ``threadpool_limits``: leaves the BLAS pool as it is."""

    def __init__(self, **_: Any) -> None:
        pass

    def restore_original_limits(self) -> None:
        pass


def child() -> None:
    """(child process) Time each case both ways, alternating; print JSON medians."""
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
    out: dict[str, dict[str, float]] = {}
    for name, run in runs.items():
        times: dict[str, list[float]] = {"default": [], "limited": []}
        for _ in range(5):
            for mode, limits in (("default", _NoLimit), ("limited", real_limits)):
                _blas.threadpool_limits = limits  # type: ignore[assignment]
                t0 = time.perf_counter()
                run()
                times[mode].append(time.perf_counter() - t0)
        out[name] = {mode: float(np.median(values)) for mode, values in times.items()}
    _blas.threadpool_limits = real_limits  # type: ignore[assignment]
    print(json.dumps(out))


def spawn(processes: int, env: dict[str, str] | None = None) -> list[dict[str, dict[str, float]]]:
    """Start ``processes`` children at once (``env`` added to theirs); collect their timings."""
    child_env = {**os.environ, **(env or {})}
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child"], stdout=subprocess.PIPE, text=True, env=child_env
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
    if sys.argv[1:] == ["--child"]:
        child()
        return
    from threadpoolctl import threadpool_info  # numpy (imported above) has loaded BLAS

    pools = {(i["internal_api"], i["num_threads"]) for i in threadpool_info()}
    print(f"BLAS pools: {sorted(pools)}; {N_VARS} series x {N_DAYS} days")
    scenarios = (
        ("one process alone", 1, {}),
        ("2 processes at once", 2, {}),
        ("one process, OPENBLAS_NUM_THREADS=8 (pool larger than the cores)", 1, OVERSIZED),
    )
    for what, processes, env in scenarios:
        results = spawn(processes, env)
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
        print(f"\n{what} (median of 5 runs per mode and process, mean over processes)")
        print(table.to_string(float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
