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
    there even when it is the busier one; a new key goes to a free worker."""
    from bubblelink.api.processes import ProcessRenderer

    renderer = ProcessRenderer(tmp_path / "store.duckdb", 2)  # no process started
    renderer._owners["corr-key"] = 0
    renderer._busy[:] = [3, 0]
    assert renderer._choose("corr-key") == 0
    assert renderer._choose("another-key") == 1
    assert renderer._busy == [4, 1]


def _free(renderer: Any, worker: int) -> None:
    with renderer._lock:
        renderer._busy[worker] -= 1
        renderer._freed.notify_all()


def test_new_work_waits_for_a_free_worker_in_arrival_order(tmp_path: Path) -> None:
    """With every worker busy, new keys wait (not in a worker's queue) and go, first come
    first served, to whichever worker frees first; a shutdown refuses those waiting."""
    import threading
    import time

    from bubblelink.api.processes import ProcessRenderer
    from bubblelink.api.workers import Overloaded

    renderer = ProcessRenderer(tmp_path / "store.duckdb", 2)  # no process started
    renderer._busy[:] = [1, 1]
    chosen: dict[str, int | str] = {}

    def ask(key: str) -> None:
        try:
            chosen[key] = renderer._choose(key)
        except Overloaded as exc:
            chosen[key] = str(exc)

    def waiting(n: int) -> None:
        deadline = time.monotonic() + 10
        while len(renderer._waiting) != n and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(renderer._waiting) == n

    threads = [threading.Thread(target=ask, args=(key,)) for key in ("first", "second", "third")]
    for n, thread in enumerate(threads, start=1):
        thread.start()
        waiting(n)  # each in line before the next arrives
    assert chosen == {}
    _free(renderer, 1)
    threads[0].join(10)
    waiting(2)
    assert chosen == {"first": 1}  # the first in line, on the worker that freed
    _free(renderer, 0)
    threads[1].join(10)
    assert chosen == {"first": 1, "second": 0}
    renderer.shutdown()
    threads[2].join(10)
    assert "stopping" in str(chosen["third"]) and renderer._busy == [1, 1]
