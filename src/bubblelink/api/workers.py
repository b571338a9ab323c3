"""A bounded pool for the computations behind uncached requests.

The event loop never computes: a request whose answer is not cached hands its work to
:class:`ComputePool` and waits. The pool has ``workers`` threads and admits at most
``queue_limit`` computations waiting for one; beyond that a request is refused at once
with :class:`Overloaded` (the API answers 503 with ``Retry-After``) instead of queueing
work nobody will wait for.

Identical requests in flight share one computation (keyed like the cache). A request
stops waiting when its client disconnects or after ``timeout`` seconds; when the last
request waiting for a computation leaves before a worker picked it up, the computation
is cancelled and never starts. A computation already running cannot be interrupted (a
thread cannot be stopped safely): it finishes, its result is cached for the next asker,
and its worker is then free.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

#: How often a waiting request checks whether its client is still connected (seconds).
POLL_SECONDS = 0.25
#: Interpreter switch interval while the pool runs (seconds; Python's default 0.005):
#: the event loop gets the GIL back from a computing worker within about 1 ms.
SWITCH_INTERVAL = 0.001


class Overloaded(Exception):
    """Every worker is busy and the queue is full (or the work did not start in time).

    Attributes
    ----------
    retry_after : int
        Seconds a client should wait before asking again.
    """

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ComputeTimeout(Exception):
    """The computation started but did not finish within the request timeout.

    Attributes
    ----------
    retry_after : int
        Seconds after which the answer is likely cached.
    """

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ClientGone(Exception):
    """The client disconnected while its request waited."""


@dataclass
class _Flight:
    """One computation in the pool and the requests waiting for it."""

    future: Future[Any]
    done: asyncio.Future[Any]
    waiters: int = 0
    started: float | None = None
    submitted: float = field(default_factory=time.monotonic)


class ComputePool:
    """``workers`` threads, at most ``queue_limit`` computations waiting (module docstring).

    Parameters
    ----------
    workers : int
        Threads computing at once.
    queue_limit : int
        Computations admitted beyond the running ones; more are refused (503).
    timeout : float
        Seconds a request waits for its computation before it gets a 503 (not started)
        or a 504 (started, still running).
    """

    def __init__(self, workers: int, queue_limit: int, timeout: float) -> None:
        if workers < 1 or queue_limit < 0 or timeout <= 0:
            raise ValueError("workers >= 1, queue_limit >= 0 and timeout > 0 are required")
        self.workers = workers
        self.queue_limit = queue_limit
        self.timeout = timeout
        self._executor: ThreadPoolExecutor | None = None
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self._running = 0
        self._seconds: list[float] = []  # recent computation times, for Retry-After
        self.cancelled = 0
        self.rejected = 0

    # -- state (read on the event loop and in /api/health) ---------------------------
    @property
    def running(self) -> int:
        """Computations running now."""
        return self._running

    @property
    def queued(self) -> int:
        """Computations admitted and not started."""
        return sum(1 for f in self._flights.values() if f.started is None)

    def stats(self) -> dict[str, int]:
        """``workers``, ``queue_limit``, ``running``, ``queued``, ``cancelled``, ``rejected``."""
        return {
            "workers": self.workers,
            "queue_limit": self.queue_limit,
            "running": self.running,
            "queued": self.queued,
            "cancelled": self.cancelled,
            "rejected": self.rejected,
        }

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the typical computation time × queue depth."""
        typical = sorted(self._seconds)[len(self._seconds) // 2] if self._seconds else 1.0
        waves = 1 + len(self._flights) // self.workers
        return max(1, min(120, math.ceil(typical * waves)))

    # -- work ---------------------------------------------------------------------------
    def _call(self, flight: _Flight, fn: Callable[[], T]) -> T:
        flight.started = time.monotonic()
        with self._lock:
            self._running += 1
        try:
            return fn()
        finally:
            spent = time.monotonic() - flight.started
            with self._lock:
                self._running -= 1
                self._seconds = [*self._seconds[-49:], spent]

    @property
    def full(self) -> bool:
        """True when a new computation would be refused."""
        return len(self._flights) >= self.workers + self.queue_limit

    def refuse(self) -> Overloaded:
        """The error of a request refused because the pool is full (counted)."""
        self.rejected += 1
        wait = self.retry_after()
        return Overloaded(
            f"the server is busy ({self.workers} computations running, "
            f"{self.queue_limit} waiting): retry in {wait} s",
            wait,
        )

    def _admit(self, key: Hashable, fn: Callable[[], Any]) -> _Flight:
        loop = asyncio.get_running_loop()
        if self.full:
            raise self.refuse()
        done: asyncio.Future[Any] = loop.create_future()
        flight = _Flight(future=Future(), done=done)

        def settle(result: Future[Any]) -> None:
            if self._flights.get(key) is flight:
                del self._flights[key]
            if done.done():
                return
            if result.cancelled():
                done.cancel()
            elif (error := result.exception()) is not None:
                done.set_exception(error)
            else:
                done.set_result(result.result())

        if self._executor is None:  # first use, or the app started again after a shutdown
            self._executor = ThreadPoolExecutor(
                self.workers, thread_name_prefix="bubblelink-compute"
            )
        flight.future = self._executor.submit(self._call, flight, fn)
        flight.future.add_done_callback(lambda f: loop.call_soon_threadsafe(settle, f))
        self._flights[key] = flight
        return flight

    async def run(
        self,
        key: Hashable,
        fn: Callable[[], T],
        disconnected: Callable[[], Awaitable[bool]] | None = None,
    ) -> T:
        """``fn()`` computed in the pool, shared with identical requests in flight.

        Call on the event loop. ``disconnected`` (e.g. ``request.is_disconnected``) is
        polled while waiting.

        Raises
        ------
        Overloaded
            The queue is full, or the computation did not start within ``timeout``.
        ComputeTimeout
            The computation started but did not finish within ``timeout``.
        ClientGone
            ``disconnected()`` became true.
        """
        flight = self._flights.get(key) or self._admit(key, fn)
        flight.waiters += 1
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timed_out(flight)
                await asyncio.wait({flight.done}, timeout=min(POLL_SECONDS, remaining))
                if flight.done.done():
                    if flight.done.cancelled():  # the pool shut down under it
                        raise Overloaded("the server is shutting down: retry shortly", 5)
                    result: T = flight.done.result()
                    return result
                if disconnected is not None and await disconnected():
                    raise ClientGone()
        finally:
            flight.waiters -= 1
            if flight.waiters == 0 and flight.started is None and flight.future.cancel():
                self.cancelled += 1  # nobody waits and no worker took it: never runs
                if self._flights.get(key) is flight:
                    del self._flights[key]

    def _timed_out(self, flight: _Flight) -> Exception:
        if flight.started is None:
            wait = self.retry_after()
            return Overloaded(
                f"the server is busy: the computation did not start within "
                f"{self.timeout:g} s: retry in {wait} s",
                wait,
            )
        running = time.monotonic() - flight.started
        wait = max(1, math.ceil(running))
        return ComputeTimeout(
            f"the computation takes longer than {self.timeout:g} s; it goes on and its "
            f"answer will be cached: retry in {wait} s",
            wait,
        )

    def shutdown(self) -> None:
        """Cancel what has not started; the next request starts new threads."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
