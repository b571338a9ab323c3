"""Computations in worker processes, so independent panels compute in parallel.

The computations are Python (pandas, statsmodels, plotly's figure building) and hold the
interpreter lock most of the time: threads of one process take turns, and the
dashboard's fourteen panels, asked at once, were computed one after the other whatever
the number of threads. :class:`ProcessRenderer` runs each registry question's
computation and rendering in one of ``processes`` worker processes instead (started
with ``spawn``, each with its own read-only store connection, closed when idle like the
server's, and its own cache of results), so ``n`` panels compute on ``n`` CPUs.

The server process keeps everything else: the event loop, the bounded pool and its
single-flight keys (:class:`~bubblelink.api.workers.ComputePool`: each of its threads
waits for one worker process), the answer caches and the answers kept on disk. A worker
sends back the body's bytes (the same bytes the server would have rendered: the same
function on the same store) or the user error it raised, which the API answers as
usual. A worker process that dies (killed, out of memory) is replaced: the request is
tried once more on new processes, then answered 503.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from bubblelink.api.workers import Overloaded
from bubblelink.service.params import Params

#: Seconds to wait for the worker processes to start (import and warm up) at start-up.
START_TIMEOUT = 120.0

# -- in the worker processes ------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _start_worker(store: str) -> None:
    """Initializer of a worker process: its store access, its result cache, the warm-up."""
    from bubblelink.api.app import _warm_up
    from bubblelink.api.cache import ResultCache
    from bubblelink.api.store_access import StoreAccess
    from bubblelink.service import one_blas_thread_for_the_process

    one_blas_thread_for_the_process()  # results equal the CLI's to the last digit
    _WORKER["access"] = StoreAccess(Path(store))
    _WORKER["cache"] = ResultCache(64)
    _warm_up()


def _pid() -> int:
    time.sleep(0.05)  # long enough for the other idle workers to take the other calls
    return os.getpid()


def render(kind: str, name: str, params: Params) -> bytes:
    """In a worker: the body of registry question ``name`` (``kind``: ``json`` or ``chart``)."""
    from bubblelink.api.routes.registry import ENDPOINTS
    from bubblelink.report.charts import figure_json
    from bubblelink.service import user_files_token

    spec = next(e for e in ENDPOINTS if e.name == name)
    access = _WORKER["access"]
    key = (name, params.key(), access.state_token(), user_files_token())

    def compute() -> Any:
        with access.open() as store:
            return spec.run(store, params)

    result = _WORKER["cache"].get_or_compute(key, compute)
    if kind == "chart":
        assert spec.chart is not None
        return figure_json(spec.chart(result)).encode()
    body: bytes = result.to_json().encode()
    return body


# -- in the server process --------------------------------------------------------------
class ProcessRenderer:
    """``processes`` worker processes rendering registry answers on ``store``.

    Parameters
    ----------
    store : Path
        The store file.
    processes : int
        Worker processes (at least 1).
    """

    def __init__(self, store: Path, processes: int) -> None:
        self.store = store
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(str(self.store),),
                )
            return self._executor

    def start(self) -> None:
        """Start every worker process and wait until each has warmed up."""
        pool = self._pool()
        seen: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT
        while len(seen) < self.processes and time.monotonic() < deadline:
            calls = [pool.submit(_pid) for _ in range(self.processes)]
            seen.update(call.result(timeout=START_TIMEOUT) for call in calls)

    def pids(self) -> list[int]:
        """The worker processes' ids (those started so far)."""
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return sorted(processes)

    def render(self, kind: str, name: str, params: Params) -> bytes:
        """The body, rendered in a worker process (tried once more if the pool broke)."""
        for attempt in (1, 2):
            pool = self._pool()
            try:
                return pool.submit(render, kind, name, params).result()
            except BrokenProcessPool:
                with self._lock:
                    if self._executor is pool:
                        self._executor = None
                        self.restarts += 1
                pool.shutdown(wait=False, cancel_futures=True)
                if attempt == 2:
                    raise Overloaded("a worker process died: retry in 5 s", 5) from None
        raise AssertionError("unreachable")

    def shutdown(self) -> None:
        """Stop the worker processes (the next request starts new ones)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
