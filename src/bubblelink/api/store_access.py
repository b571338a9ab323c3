"""Read-only store connections for the request workers: one per thread.

A DuckDB connection must not be used from two threads at once. Each thread that
computes (the workers of :class:`bubblelink.api.workers.ComputePool`) gets its own
read-only connection to the store, opened on first use and kept, so workers compute in
parallel; DuckDB shares one database instance between the connections of a process.
While the server runs, other processes cannot write to the store (DuckDB's file lock),
so stop the server to ingest.

Because a read-only store cannot change under the server, the store's state token is
read once (when the first connection opens) and served from memory afterwards: cached
requests never touch the store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bubblelink.config import resolve_store_path

if TYPE_CHECKING:
    from bubblelink.store import Store


class StoreAccess:
    """Per-thread read-only :class:`Store` connections to one file.

    Parameters
    ----------
    path : path-like or None
        The store file (None: the default location).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = resolve_store_path(path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._stores: list[Store] = []
        self._token: str | None = None

    @property
    def is_open(self) -> bool:
        """True once a connection is open (the state token is then in memory)."""
        return self._token is not None

    def _thread_store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            from bubblelink.service.data import open_read_only

            store = open_read_only(self.path)
            with self._lock:
                self._stores.append(store)
                if self._token is None:
                    self._token = store.state_token()
            self._local.store = store
        return store

    @contextmanager
    def open(self) -> Iterator[Store]:
        """This thread's connection to the store (opened on first use, kept)."""
        yield self._thread_store()

    def state_token(self) -> str:
        """The store's :meth:`Store.state_token`, read when the first connection opened."""
        token = self._token
        if token is not None:
            return token
        self._thread_store()
        return self._token  # type: ignore[return-value]

    def close(self) -> None:
        """Close every connection (each thread reopens its own on next use)."""
        with self._lock:
            stores, self._stores = self._stores, []
            self._token = None
            self._local = threading.local()
        for store in stores:
            store.close()
