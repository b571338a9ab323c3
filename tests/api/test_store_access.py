"""The server's store connections: one DuckDB thread (its processes already use the cores);
what they remembered outlives the idle close while the file is unchanged."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bubblelink.api.store_access import DUCKDB_THREADS, StoreAccess
from bubblelink.errors import StoreError
from bubblelink.providers.base import SeriesBatch, SeriesMeta
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


# -- what a connection remembered outlives the idle close ----------------------------------

IDLE = 0.05


def _closes(value: float) -> SeriesBatch:
    dates = pd.date_range("2024-01-01", periods=30, freq="D")
    data = pd.DataFrame({"date": dates, "field": "close", "value": value})
    return SeriesBatch(SeriesMeta(id="TEST"), data)


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    with Store(path) as st:
        st.write([_closes(1.0)], "test")
    return path


def _wait_closed(access: StoreAccess) -> None:
    deadline = time.monotonic() + 10
    while access.connections and time.monotonic() < deadline:
        time.sleep(IDLE)
    assert access.connections == 0


def test_the_next_connection_adopts_what_the_closed_one_remembered(small_store: Path) -> None:
    access = StoreAccess(small_store, idle_close=IDLE)
    computed: list[int] = []
    try:
        with access.open() as store:
            first = store.info()
            assert store.remembered(("k",), lambda: computed.append(1) or "v") == "v"
        _wait_closed(access)
        with access.open() as store:  # a new connection: registry and values kept
            assert [i is j for i, j in zip(store.info(), first, strict=True)] == [True]
            assert store.remembered(("k",), lambda: computed.append(2) or "w") == "v"
        assert computed == [1]
    finally:
        access.close()


def test_a_write_between_connections_discards_the_memory(small_store: Path) -> None:
    access = StoreAccess(small_store, idle_close=IDLE)
    try:
        with access.open() as store:
            assert store.read(["TEST"])["value"].iloc[0] == 1.0
            store.remembered(("k",), lambda: "before")
        _wait_closed(access)
        with Store(small_store) as writer:  # e.g. an ingest while the server is idle
            writer.write([_closes(2.0)], "test")
        with access.open() as store:
            assert store.read(["TEST"])["value"].iloc[0] == 2.0
            assert store.remembered(("k",), lambda: "after") == "after"
    finally:
        access.close()


def test_warm_reads_the_registry_for_the_first_request(
    small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = StoreAccess(small_store, idle_close=IDLE)
    scans: list[int] = []
    real = Store._scan_info

    def counted(self: Store) -> Any:
        scans.append(1)
        return real(self)

    monkeypatch.setattr(Store, "_scan_info", counted)
    try:
        access.warm()
        _wait_closed(access)
        with access.open() as store:
            assert [i.id for i in store.info()] == ["TEST"]
        assert scans == [1]  # read once, at warm-up
    finally:
        access.close()


def test_warm_leaves_a_missing_store_to_the_first_request(tmp_path: Path) -> None:
    access = StoreAccess(tmp_path / "absent.duckdb", idle_close=IDLE)
    access.warm()  # no error at start-up ...
    # ... the request says what to do
    with pytest.raises(StoreError, match="no store"), access.open():
        pass
