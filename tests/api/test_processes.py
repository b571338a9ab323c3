"""Worker processes (``serve --processes N``): the same bytes as the threads, in parallel,
and a killed worker replaced."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bubblelink.api import ApiSettings, create_app

URLS = (
    "/api/corr?window=30",
    "/api/charts/corr?window=30",
    "/api/charts/beta",
    "/api/charts/risk",
    "/api/claims",
    "/api/corr?a=NO-SUCH-SYMBOL",  # 404: the worker's error, answered as usual
    "/api/corr?window=100000",  # 422
    "/api/series",  # not a registry question: computed in the server process
)


@pytest.fixture(scope="module")
def process_client(api_store: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    app = create_app(ApiSettings(store=api_store, processes=2))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_workers_answer_the_same_bytes_as_threads(process_client: Any, client: Any) -> None:
    renderer = process_client.app.state.service.processes
    assert len(renderer.pids()) == 2 and os.getpid() not in renderer.pids()
    for url in URLS:
        expected = client.get(url)
        got = process_client.get(url)
        assert got.status_code == expected.status_code, url
        assert got.content == expected.content, url
    # a thread waits for each process; the server's own answers have their threads
    expected = 2 + ApiSettings().workers
    assert process_client.get("/api/health").json()["workers"]["workers"] == expected


def test_a_killed_worker_is_replaced(process_client: Any) -> None:
    renderer = process_client.app.state.service.processes
    for pid in renderer.pids():
        os.kill(pid, signal.SIGKILL)
    response = process_client.get("/api/corr?window=60")  # not cached: computed anew
    assert response.status_code == 200, response.text
    assert renderer.restarts == 1
    assert len(renderer.pids()) >= 1


def test_the_json_and_the_chart_of_one_analysis_go_to_its_worker(tmp_path: Path) -> None:
    """The worker that computed an analysis holds it: the other body of the same key goes
    there even when it is the busier one; a new key goes to the least busy worker."""
    from bubblelink.api.processes import ProcessRenderer

    renderer = ProcessRenderer(tmp_path / "store.duckdb", 2)  # no process started
    renderer._owners["corr-key"] = 0
    renderer._busy[:] = [3, 0]
    assert renderer._choose("corr-key") == 0
    assert renderer._choose("another-key") == 1
    assert renderer._busy == [4, 1]
