"""The server's store connections: one DuckDB thread (its processes already use the cores)."""

from __future__ import annotations

from pathlib import Path

from bubblelink.api.store_access import DUCKDB_THREADS, StoreAccess
from bubblelink.store import Store


def test_server_connections_use_one_duckdb_thread(api_store: Path) -> None:
    with Store(api_store, read_only=True) as plain:
        default = plain.threads()
    access = StoreAccess(api_store, idle_close=None)
    try:
        with access.open() as store:
            assert store.threads() == DUCKDB_THREADS == 1
            assert len(store.read(["BTC-USD"], ["close"])) > 0  # reads as before
    finally:
        access.close()
    assert default >= 1  # DuckDB's own default (one per core) for other processes


def test_use_threads_sets_the_database_setting(api_store: Path) -> None:
    with Store(api_store, read_only=True) as store:
        store.use_threads(2)
        assert store.threads() == 2
        store.use_threads(1)
        assert store.threads() == 1
