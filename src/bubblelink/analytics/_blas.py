"""One BLAS thread around small-matrix estimators (VARs, DCC's second step, regressions).

The estimators here multiply and factor matrices of a few rows and columns (5×5
covariances, VAR designs of a few dozen columns) many times. Multi-threaded BLAS gains
nothing on such sizes and loses badly when processes compete for the cores: every call
wakes and synchronises the BLAS threads, which then spin against the other process's.
Measured by ``bench/bench_blas_threads.py`` with two processes at once on the 2-core
machine: a full-sample VAR spillover with AIC lag choice takes 2.0 s with the default
pool and 0.13 s with one BLAS thread (15x); a Granger test 0.12 s vs 0.07 s. Alone,
and for the rolling spillover and DCC (whose matrices are too small for OpenBLAS to
thread), the limit changes nothing measurable.

:func:`single_blas_thread` limits the BLAS libraries loaded in the process (OpenBLAS,
MKL, BLIS, through ``threadpoolctl``) to one thread for the duration of a ``with``
block, then restores the previous setting. Nested blocks
are counted: only the outermost one sets and restores.

Threads: a BLAS thread limit is process-wide, and changing it is only reliable from the
main thread (``threadpoolctl`` documents that scope; OpenBLAS's pthreads build
silently ignores some changes made from other threads, so a limit set in one request
thread and restored in another can leave the process at one thread). Outside the main
thread the helper therefore does nothing: a server that runs estimators in worker
threads should bound BLAS once for the process (``OPENBLAS_NUM_THREADS=1`` or one
``threadpool_limits`` call at start-up). Large products (the N×N correlation scan) are
not wrapped and keep every thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from threadpoolctl import threadpool_limits

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0
_limiter: Any = None  # the open threadpool_limits while _depth > 0


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread (main thread only; see the module docstring)."""
    global _depth, _limiter
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with _lock:
        if _depth == 0:
            _limiter = threadpool_limits(limits=1, user_api="blas")
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _limiter is not None:
                _limiter.restore_original_limits()
                _limiter = None


_process_limit: list[Any] = []


def one_blas_thread_for_the_process() -> None:
    """Limit BLAS to one thread for the rest of the process (idempotent, main thread only).

    What the service layer, the CLI and the API server call before computing: besides the
    oversubscription above, a multi-threaded BLAS reduction sums in a thread-dependent
    order, so the last digits of a result (a GARCH likelihood, a DCC parameter) would
    depend on whether the CLI's main thread or an API worker thread computed it. With one
    BLAS thread set once at start-up, every surface gives the same numbers. Called from
    another thread it does nothing (see the module docstring): servers call it at start-up.

    ``threadpool_limits`` only reaches the BLAS libraries already loaded; SciPy loads its
    own OpenBLAS on the first ``scipy.linalg`` import, which may come later (the API builds
    its app before importing any of the data stack). The ``*_NUM_THREADS`` variables are
    therefore set too: a BLAS library loaded afterwards reads them when it initialises.
    """
    if _process_limit or threading.current_thread() is not threading.main_thread():
        return
    for variable in _BLAS_THREAD_VARIABLES:
        os.environ[variable] = "1"
    _process_limit.append(threadpool_limits(limits=1, user_api="blas"))


#: What OpenBLAS (NumPy's and SciPy's builds), MKL and BLIS read when they load.
_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
