"""Results cached per (endpoint, parameters, store state), computed once per key.

The key includes the store's state token, so an ingest makes every cached result
unreachable (old entries age out of the LRU). Concurrent requests for the same missing
key wait for one computation instead of each running it ("single flight").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ResultCache:
    """A thread-safe LRU cache with single-flight computation.

    Parameters
    ----------
    maxsize : int
        Entries kept; the least recently used is dropped beyond it.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return True, self._data[key]
            return False, None

    def peek(self, key: Hashable) -> tuple[bool, Any]:
        """``(True, value)`` when ``key`` is cached, else ``(False, None)``; never computes."""
        return self._lookup(key)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, computing (once) and storing it when missing.

        An exception from ``compute`` propagates and nothing is stored.
        """
        found, value = self._lookup(key)
        if found:
            return value
        with self._lock:
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            found, value = self._lookup(key)
            if found:
                return value
            try:
                value = compute()
            finally:
                with self._lock:
                    self._flights.pop(key, None)
            with self._lock:
                self.misses += 1
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value`` under ``key`` (the least recently used entry drops beyond maxsize)."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._data.clear()
