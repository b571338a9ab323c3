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
usual. The JSON and the chart of the same question and parameters go to the same
worker, which computed the result once. A worker process that dies (killed, out of
memory) is replaced: the request is tried once more on a new process, then answered 503.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Hashable
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
    """Initializer of a worker process: its store access, its result cache, the warm-up
    (imports, and the data many questions share read into its store memory)."""
    from bubblelink.api.app import _warm_up
    from bubblelink.api.cache import ResultCache
    from bubblelink.api.store_access import StoreAccess
    from bubblelink.service import one_blas_thread_for_the_process

    one_blas_thread_for_the_process()  # results equal the CLI's to the last digit
    _WORKER["access"] = StoreAccess(Path(store))
    _WORKER["cache"] = ResultCache(64)
    _warm_up()
    _WORKER["access"].warm(data=True)


def render(kind: str, name: str, params: Params) -> bytes:
    """In a worker: the body of registry question ``name`` (``kind``: ``json`` or
    ``chart``), computed and rendered as the server's threads do."""
    from bubblelink.api.routes.registry import ENDPOINTS
    from bubblelink.api.service import analysis_key, body_of, cached_analysis

    spec = next(e for e in ENDPOINTS if e.name == name)
    access = _WORKER["access"]
    key = analysis_key(name, params, access)
    result = cached_analysis(_WORKER["cache"], access, key, lambda st: spec.run(st, params))
    return body_of(kind, result, spec.chart)


# -- in the server process --------------------------------------------------------------
#: Analyses whose worker the server remembers (the JSON and the chart of one question and
#: parameters go to the worker that computed it, which holds the result).
OWNERS_KEPT = 1024


class ProcessRenderer:
    """``processes`` worker processes rendering registry answers on ``store``.

    Each worker is its own one-process executor, so the server chooses where a request
    goes: to the worker that computed the same analysis (its JSON or its chart was asked
    before: that worker holds the result in its cache), else to the first worker that is
    free, in the order the requests came (they wait here, not in a worker's queue). Sent
    at arrival to the worker with the fewest requests in flight, the dashboard's fourteen
    panels split 11 to 4 (ties went to the first worker, and a count says nothing of the
    work): its heaviest questions queued behind each other on one worker while the other
    was idle.

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
        self._executors: list[ProcessPoolExecutor | None] = [None] * processes
        self._busy = [0] * processes
        self._owners: OrderedDict[Hashable, int] = OrderedDict()
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)
        self._waiting: deque[object] = deque()  # requests waiting for a free worker, in order
        self._stops = 0  # shutdowns so far: a request waiting through one is refused
        self.restarts = 0

    def _pool(self, i: int) -> ProcessPoolExecutor:
        with self._lock:
            executor = self._executors[i]
            if executor is None:
                executor = ProcessPoolExecutor(
                    1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(str(self.store),),
                )
                self._executors[i] = executor
            return executor

    def start(self) -> None:
        """Start every worker process and wait until each has warmed up."""
        calls = [self._pool(i).submit(os.getpid) for i in range(self.processes)]
        for call in calls:
            call.result(timeout=START_TIMEOUT)

    def pids(self) -> list[int]:
        """The worker processes' ids (those started so far)."""
        pids: list[int] = []
        for executor in self._executors:
            pids.extend(getattr(executor, "_processes", None) or {})
        return sorted(pids)

    def _choose(self, key: Hashable) -> int:
        """The worker for ``key``: its owner, else the first free one (waiting in turn)."""
        with self._lock:
            i = self._owners.get(key)
            if i is None:
                turn, stops = object(), self._stops
                self._waiting.append(turn)
                try:
                    while True:
                        if self._stops != stops:
                            raise Overloaded("the server is stopping: retry in 5 s", 5)
                        free = [j for j in range(self.processes) if not self._busy[j]]
                        if free and self._waiting[0] is turn:
                            i = free[0]
                            break
                        # woken when a worker frees, a waiter leaves or the server stops
                        self._freed.wait()
                finally:
                    self._waiting.remove(turn)
                    self._freed.notify_all()
            self._busy[i] += 1
            return i

    def render(self, kind: str, name: str, params: Params, key: Hashable) -> bytes:
        """The body, rendered in a worker process (tried once more if the worker died).

        ``key`` identifies the analysis (question, parameters, store state, user files).
        """
        i = self._choose(key)
        try:
            for attempt in (1, 2):
                executor = self._pool(i)
                try:
                    body: bytes = executor.submit(render, kind, name, params).result()
                    break
                except BrokenProcessPool:
                    with self._lock:
                        if self._executors[i] is executor:
                            self._executors[i] = None
                            self.restarts += 1
                    executor.shutdown(wait=False, cancel_futures=True)
                    if attempt == 2:
                        raise Overloaded("a worker process died: retry in 5 s", 5) from None
        finally:
            with self._lock:
                self._busy[i] -= 1
                self._freed.notify_all()
        with self._lock:
            self._owners[key] = i
            self._owners.move_to_end(key)
            while len(self._owners) > OWNERS_KEPT:
                self._owners.popitem(last=False)
        return body

    def shutdown(self) -> None:
        """Stop the worker processes (the next request starts new ones)."""
        with self._lock:
            executors, self._executors = self._executors, [None] * self.processes
            self._stops += 1
            self._freed.notify_all()
        for executor in executors:
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
