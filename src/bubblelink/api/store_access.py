"""One read-only store connection shared by every request, behind a lock.

A DuckDB connection must not be used from two threads at once, and FastAPI runs
synchronous endpoints in a thread pool; :class:`StoreAccess` serialises store use. The
connection is opened on first use and kept: while the server runs, other processes
cannot write to the store (DuckDB's file lock), so stop the server to ingest.

Because a read-only connection's store cannot change under it, the store's state token
is read once per connection (when it opens) and served from memory afterwards: cached
requests never wait for the store lock.
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
    """Serialised access to one read-only :class:`Store`.

    Parameters
    ----------
    path : path-like or None
        The store file (None: the default location).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = resolve_store_path(path)
        self._lock = threading.RLock()
        self._store: Store | None = None
        self._token: str | None = None

    @property
    def is_open(self) -> bool:
        """True once the connection is open (the state token is then in memory)."""
        return self._token is not None

    @contextmanager
    def open(self) -> Iterator[Store]:
        """The shared store, held exclusively for the ``with`` block."""
        with self._lock:
            if self._store is None:
                from bubblelink.service.data import open_read_only

                self._store = open_read_only(self.path)
                self._token = self._store.state_token()
            yield self._store

    def state_token(self) -> str:
        """The store's :meth:`Store.state_token`, read when the connection opened."""
        token = self._token
        if token is not None:
            return token
        with self.open():
            return self._token  # type: ignore[return-value]

    def close(self) -> None:
        """Close the connection (reopened on next use)."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
                self._token = None
