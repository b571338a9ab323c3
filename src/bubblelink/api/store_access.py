"""Read-only store connections for the request workers: one per thread, released when idle.

A DuckDB connection must not be used from two threads at once. Each thread that
computes (the workers of :class:`bubblelink.api.workers.ComputePool`) gets its own
read-only connection to the store, opened on first use, so workers compute in parallel;
DuckDB shares one database instance between the connections of a process.

DuckDB lets one process write a file only when no other process has it open, so the
server closes every connection once no computation has used the store for
:data:`IDLE_CLOSE_SECONDS`: an ingest (which waits ``--wait`` seconds for the lock)
lands between bursts of requests, and the next request reopens the store and sees its
data. While the ingest holds the lock, opening waits for it (the store's read retry).

The store's state token (part of every cache key) is the store file's and its WAL's
modification time and size, read without opening the store: a cached request never
touches the store, and any write, by any process, changes the token.

What a connection remembered of the file (its registry, whole-series reads, derived
values such as the macro data: :meth:`bubblelink.store.Store.detach_memory`) outlives the
idle close: it is kept with the token taken while the connection was open (no writer can
change the file then), and the next connection adopts it when the file's token is still
the same. A question asked after a pause then reads nothing again; after an ingest, the
token differs and everything is read anew. :meth:`StoreAccess.warm` reads the registry
at start-up, so the first request does not scan the store for it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bubblelink.config import file_stamp, resolve_store_path
from bubblelink.errors import StoreError

if TYPE_CHECKING:
    from bubblelink.store import Store, StoreMemory


#: Seconds without a computation after which the server closes its store connections.
IDLE_CLOSE_SECONDS = 1.0

#: DuckDB threads of the server's (and each worker process's) store connections. The
#: server's processes already keep the cores busy (a worker per CPU, and the browser on
#: the same machine when it is local): DuckDB's own threads (one per core by default)
#: only contend with them. Measured with ``bench/bench_dashboard.py``'s cold launch,
#: six pairs alternating 1 and the default: first panel median 1.07 s vs 1.39 s (1 was
#: lower in every pair), all panels 4.37 s vs 4.77 s.
DUCKDB_THREADS = 1


class StoreAccess:
    """Per-thread read-only :class:`Store` connections to one file, closed when idle.

    Parameters
    ----------
    path : path-like or None
        The store file (None: the default location).
    idle_close : float or None
        Close every connection once no computation has used the store for this many
        seconds (None: keep them until :meth:`close`).
    """

    def __init__(
        self, path: str | Path | None = None, idle_close: float | None = IDLE_CLOSE_SECONDS
    ) -> None:
        self.path = resolve_store_path(path)
        self.idle_close = idle_close
        self._lock = threading.Lock()
        self._local = threading.local()
        self._stores: list[Store] = []
        self._opened = False
        self._active = 0
        self._timer: threading.Timer | None = None
        # what closed connections remembered, with the file's token when they closed;
        # each is adopted by one new connection (a Store's memory has one user at a time)
        self._memories: list[tuple[str, StoreMemory]] = []

    @property
    def is_open(self) -> bool:
        """True once the store has been opened successfully (it exists and is a store)."""
        return self._opened

    @property
    def connections(self) -> int:
        """Connections open now."""
        return len(self._stores)

    def _thread_store(self) -> Store:
        local = self._local
        store: Store | None = getattr(local, "store", None)
        if store is None:
            from bubblelink.service.data import open_read_only

            store = open_read_only(self.path)
            store.use_threads(DUCKDB_THREADS)
            token = self._file_token()  # taken while open: no writer can change it now
            with self._lock:
                self._stores.append(store)
                self._opened = True
                memory = next((m for t, m in self._memories if t == token), None)
                if memory is not None:
                    self._memories = [(t, m) for t, m in self._memories if m is not memory]
            if memory is not None:
                store.adopt_memory(memory)
            local.store = store
        return store

    @contextmanager
    def open(self) -> Iterator[Store]:
        """This thread's connection to the store (opened on first use; all are closed
        :attr:`idle_close` seconds after the last use ends)."""
        with self._lock:
            self._active += 1
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        try:
            yield self._thread_store()
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0 and self.idle_close is not None and self._stores:
                    self._timer = threading.Timer(self.idle_close, self._close_if_idle)
                    self._timer.daemon = True
                    self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._active:
                return
            stores, self._stores = self._stores, []
            self._local = threading.local()
            self._timer = None
            token = self._file_token()  # the connections are still open: the file is theirs
            kept = [(token, m) for m in (s.detach_memory() for s in stores) if m is not None]
            # the unadopted ones of the same file too (at most one per connection)
            self._memories = (kept + [(t, m) for t, m in self._memories if t == token])[
                : max(len(stores), 1)
            ]
        for store in stores:
            store.close()

    def warm(self, data: bool = False) -> None:
        """Open the store, read its registry, and release it (closed when idle, the
        registry kept for the next connection): what a server does while it starts. A
        missing or unreadable store is left for the first request to report.

        With ``data`` also read what many questions share
        (:func:`bubblelink.service.data.warm_reads`: net liquidity, global M2, the
        gauges' series, the default universe's prices): the worker processes, whose
        first requests (the dashboard's panels) otherwise each load them again."""
        try:
            with self.open() as store:
                store.info()
                if data:
                    from bubblelink.service.data import warm_reads

                    warm_reads(store)
        except StoreError:
            pass

    def _file_token(self) -> str:
        parts = [str(self.path)]
        for file in (self.path, self.path.with_name(self.path.name + ".wal")):
            parts.append(file_stamp(file) or "-")
        return "|".join(parts)

    def state_token(self) -> str:
        """Changes whenever the store file changes: its and its WAL's mtime and size."""
        token = self._file_token()
        if not self._opened:
            with self.open():  # a store that cannot be opened fails here, with its reason
                pass
        return token

    def close(self) -> None:
        """Close every connection (each thread reopens its own on next use)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            stores, self._stores = self._stores, []
            self._opened = False
            self._local = threading.local()
            self._memories = []
        for store in stores:
            store.close()
