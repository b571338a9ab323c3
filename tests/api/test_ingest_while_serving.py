"""An ingest while ``bubblelink serve`` runs: the server releases the store when idle.

Real processes: the server is ``bubblelink serve`` in a subprocess, the ingest is
``bubblelink ingest csv`` in another; DuckDB lets a process write the file only when no
other process holds it open.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bubblelink.api.store_access import IDLE_CLOSE_SECONDS, StoreAccess

BIN = Path(sys.executable).parent / "bubblelink"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.fixture
def served(recent_sample_store: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    store = tmp_path / "store.duckdb"
    shutil.copy(recent_sample_store, store)
    port = _free_port()
    env = {**os.environ, "BUBBLELINK_HOME": str(tmp_path / "home")}
    server = subprocess.Popen(
        [BIN, "serve", "--store", store, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                _get(f"{base}/api/health")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield base, store
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_ingest_lands_while_the_server_runs_and_the_next_answer_sees_it(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    base, store = served
    before = _get(f"{base}/api/series")
    assert "NEWSYM" not in {s["series"] for s in before["series"]}
    csv = tmp_path / "new.csv"
    csv.write_text("Date,Close\n2025-01-02,10\n2025-01-03,10.5\n", encoding="utf-8")
    ingest = subprocess.run(
        [BIN, "ingest", "csv", csv, "--symbol", "NEWSYM", "--store", store, "--wait", "30"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "BUBBLELINK_HOME": str(tmp_path / "home")},
    )
    assert ingest.returncode == 0, ingest.stderr
    after = _get(f"{base}/api/series")  # the same query: a new store state, not the cache
    assert "NEWSYM" in {s["series"] for s in after["series"]}


def test_connections_close_after_the_idle_time_and_the_token_follows_the_file(
    recent_sample_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy(recent_sample_store, store)
    access = StoreAccess(store, idle_close=0.1)
    token = access.state_token()
    with access.open() as st:
        assert st.series_ids()
        assert access.connections == 1
    time.sleep(0.5)
    assert access.connections == 0
    assert access.state_token() == token  # reading and closing changes nothing
    os.utime(store)
    assert access.state_token() != token
    with access.open() as st:  # reopened on demand
        assert st.series_ids()
    access.close()
    assert IDLE_CLOSE_SECONDS <= 2  # an ingest's default --wait (10 s) outlasts it
