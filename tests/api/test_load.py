"""The API under load: the bounded pool (503/504, single flight, abandoned work never
starts), the rate limit (429), the cached-answer fast path, settings."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bubblelink.api import ApiSettings, create_app
from bubblelink.api.ratelimit import RateLimit
from bubblelink.api.workers import ClientGone, ComputePool, ComputeTimeout, Overloaded
from bubblelink.errors import ConfigError

# -- the pool on its own ----------------------------------------------------------------


def test_identical_requests_in_flight_share_one_computation() -> None:
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "answer"

    async def main() -> list[str]:
        pool = ComputePool(workers=2, queue_limit=0, timeout=5)
        # ten identical requests take one slot: no 503 although the queue holds nothing
        return await asyncio.gather(*(pool.run("k", compute) for _ in range(10)))

    assert asyncio.run(main()) == ["answer"] * 10
    assert len(calls) == 1


def test_a_full_queue_refuses_at_once_with_retry_after() -> None:
    release = threading.Event()

    async def main() -> None:
        pool = ComputePool(workers=1, queue_limit=1, timeout=5)
        running = asyncio.ensure_future(pool.run("a", release.wait))
        queued = asyncio.ensure_future(pool.run("b", lambda: "b"))
        await asyncio.sleep(0.05)
        assert (pool.running, pool.queued) == (1, 1) and pool.full
        started = time.monotonic()
        with pytest.raises(Overloaded, match="busy") as refused:
            await pool.run("c", lambda: "c")
        assert time.monotonic() - started < 0.1  # refused without waiting
        assert refused.value.retry_after >= 1 and pool.rejected == 1
        release.set()
        assert await running is True and await queued == "b"

    asyncio.run(main())


def test_work_whose_client_left_before_it_started_never_runs() -> None:
    release = threading.Event()
    ran: list[str] = []

    async def gone() -> bool:
        return True

    async def main() -> None:
        pool = ComputePool(workers=1, queue_limit=4, timeout=5)
        running = asyncio.ensure_future(pool.run("a", release.wait))
        await asyncio.sleep(0.05)
        with pytest.raises(ClientGone):
            await pool.run("b", lambda: ran.append("b"), gone)
        assert pool.cancelled == 1 and pool.queued == 0
        release.set()
        await running
        await asyncio.sleep(0.1)  # the worker is free: b would run now if it were queued

    asyncio.run(main())
    assert ran == []


def test_a_request_stops_waiting_at_the_timeout() -> None:
    release = threading.Event()

    async def main() -> None:
        pool = ComputePool(workers=1, queue_limit=4, timeout=0.3)
        running = asyncio.ensure_future(pool.run("a", release.wait))
        queued = asyncio.ensure_future(pool.run("b", lambda: "b"))
        with pytest.raises(ComputeTimeout, match=r"longer than 0\.3 s; it goes on"):
            await running
        with pytest.raises(Overloaded, match=r"did not start within 0\.3 s"):
            await queued
        assert pool.cancelled == 1  # b's only waiter left before it started
        release.set()

    asyncio.run(main())


def test_the_pool_restarts_after_a_shutdown() -> None:
    async def main() -> None:
        pool = ComputePool(workers=1, queue_limit=0, timeout=5)
        assert await pool.run("a", lambda: 1) == 1
        pool.shutdown()
        assert await pool.run("b", lambda: 2) == 2
        pool.shutdown()

    asyncio.run(main())


# -- over HTTP ----------------------------------------------------------------------------

GATE = threading.Event()
STARTED: list[int] = []


def slow_service(store: Any, params: Any) -> Any:
    """A service function that waits for :data:`GATE` (then answers like ``corr``)."""
    from bubblelink.service.linkage import correlation

    STARTED.append(params.window)
    GATE.wait(10)
    return correlation(store, params)


@pytest.fixture()
def slow_corr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``/api/corr`` runs :func:`slow_service` (held until ``GATE`` is set)."""
    from bubblelink.api.routes import analyses

    endpoints = tuple(
        dataclasses.replace(e, service="tests.api.test_load:slow_service")
        if e.name == "corr"
        else e
        for e in analyses.ENDPOINTS
    )
    monkeypatch.setattr(analyses, "ENDPOINTS", endpoints)
    GATE.clear()
    STARTED.clear()
    yield
    GATE.set()


def _wait_for(condition: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def test_a_full_pool_answers_503_with_retry_after(api_store: Path, slow_corr: None) -> None:
    app = create_app(ApiSettings(store=api_store, workers=1, queue_limit=0, timeout=20))
    pool = app.state.service.pool
    with TestClient(app) as c:
        c.get("/api/health")  # opens the store
        first: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: first.update(r=c.get("/api/corr?window=30")))
        thread.start()
        _wait_for(lambda: pool.running == 1)
        busy = c.get("/api/corr?window=31")
        assert busy.status_code == 503
        assert int(busy.headers["Retry-After"]) >= 1
        assert busy.json()["detail"].startswith("the server is busy") and "retry in" in busy.text
        assert c.get("/api/health").json()["workers"]["running"] == 1  # health still answers
        GATE.set()
        thread.join(20)
        assert first["r"].status_code == 200
        assert c.get("/api/corr?window=31").status_code == 200  # free again


def test_identical_requests_over_http_are_computed_once(api_store: Path, slow_corr: None) -> None:
    app = create_app(ApiSettings(store=api_store, workers=1, queue_limit=0, timeout=20))
    pool = app.state.service.pool
    with TestClient(app) as c:
        c.get("/api/health")
        answers: list[Any] = []
        threads = [
            threading.Thread(target=lambda: answers.append(c.get("/api/corr?window=35")))
            for _ in range(5)
        ]
        for thread in threads:
            thread.start()
        _wait_for(lambda: pool.running == 1)
        time.sleep(0.3)  # the other four join the flight (a full pool would refuse others)
        GATE.set()
        for thread in threads:
            thread.join(20)
    assert [a.status_code for a in answers] == [200] * 5
    assert len({a.content for a in answers}) == 1
    assert STARTED == [35] and pool.rejected == 0


def test_a_computation_longer_than_the_timeout_is_a_504(api_store: Path, slow_corr: None) -> None:
    app = create_app(ApiSettings(store=api_store, workers=1, queue_limit=2, timeout=0.5))
    with TestClient(app) as c:
        started = time.monotonic()
        answer = c.get("/api/corr?window=40")
        assert time.monotonic() - started < 5
        assert answer.status_code == 504
        assert "takes longer than 0.5 s" in answer.json()["detail"]
        assert int(answer.headers["Retry-After"]) >= 1
        GATE.set()
        _wait_for(lambda: app.state.service.pool.running == 0)
        assert c.get("/api/corr?window=40").status_code == 200  # computed once, cached


def _live(app: Any) -> Iterator[int]:
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _wait_for(lambda: server.started, 20)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_client_that_disconnects_leaves_no_work_behind(api_store: Path, slow_corr: None) -> None:
    import httpx

    app = create_app(ApiSettings(store=api_store, workers=1, queue_limit=4, timeout=20))
    pool = app.state.service.pool
    for port in _live(app):
        base = f"http://127.0.0.1:{port}"
        httpx.get(f"{base}/api/health", timeout=10)
        holder = threading.Thread(
            target=httpx.get, args=(f"{base}/api/corr?window=50",), kwargs={"timeout": 30}
        )
        holder.start()
        _wait_for(lambda: pool.running == 1)
        with socket.create_connection(("127.0.0.1", port)) as sock:  # queued, then gone
            sock.sendall(b"GET /api/corr?window=51 HTTP/1.1\r\nHost: x\r\n\r\n")
            _wait_for(lambda: pool.queued == 1)
        _wait_for(lambda: pool.cancelled == 1)
        assert pool.queued == 0
        GATE.set()
        holder.join(20)
        _wait_for(lambda: pool.running == 0)
    assert STARTED == [50]  # window=51 never started


# -- rate limit ---------------------------------------------------------------------------


def test_rate_limit_bucket_refills_at_the_rate() -> None:
    now = [0.0]
    limit = RateLimit(app=None, rate=2.0, burst=3, clock=lambda: now[0])  # type: ignore[arg-type]
    assert [limit.allow("a") for _ in range(3)] == [0, 0, 0]
    assert limit.allow("a") == pytest.approx(0.5)  # empty: one request back in 1/2 s
    assert limit.allow("b") == 0  # another client has its own bucket
    now[0] += 0.5
    assert limit.allow("a") == 0
    now[0] += 10
    assert [limit.allow("a") for _ in range(4)][-1] > 0  # refilled to the burst, not beyond


def test_rate_limit_answers_429_with_retry_after(api_store: Path) -> None:
    app = create_app(ApiSettings(store=api_store, rate_limit=0.5, rate_burst=2))
    with TestClient(app) as c:
        assert [c.get("/api/health").status_code for _ in range(2)] == [200, 200]
        refused = c.get("/api/health")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "2"
        assert "at most 0.5 per second per client" in refused.json()["detail"]
        assert c.get("/static/dashboard.css").status_code == 200  # only /api/ and /login


def test_no_rate_limit_by_default(api_store: Path) -> None:
    app = create_app(ApiSettings(store=api_store))
    with TestClient(app) as c:
        assert {c.get("/api/health").status_code for _ in range(50)} == {200}


# -- the cached-answer fast path ----------------------------------------------------------


def test_a_repeated_request_is_answered_without_routing(api_store: Path) -> None:
    token = "k9-Vq2xLr7Tz4mWp8Yb3"
    app = create_app(ApiSettings(store=api_store, token=token))
    service = app.state.service
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as c:
        first = c.get("/api/corr?window=45", headers=auth)
        hits = service.cache.hits
        again = c.get("/api/corr?window=45", headers=auth)
        assert again.content == first.content and again.status_code == 200
        assert again.headers["content-type"] == "application/json"
        assert service.answers.hits == 1 and service.cache.hits == hits  # never routed
        assert c.get("/api/corr?window=45").status_code == 401  # auth still applies
        bad = c.get("/api/corr?window=45&nope=1", headers=auth)
        assert bad.status_code == 422  # another query string: parsed and validated


def test_health_reports_the_workers(client: Any) -> None:
    workers = client.get("/api/health").json()["workers"]
    assert set(workers) == {"workers", "queue_limit", "running", "queued", "cancelled", "rejected"}
    assert workers["queue_limit"] == 16 and workers["workers"] >= 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"workers": 0}, "--workers must be at least 1"),
        ({"queue_limit": -1}, "--queue-limit must be 0 or more"),
        ({"timeout": 0}, "--timeout must be a positive number"),
        ({"rate_limit": 0}, "--rate-limit must be a positive number"),
        ({"rate_limit": float("nan")}, "--rate-limit must be a positive number"),
        ({"rate_burst": 0}, "--rate-burst must be at least 1"),
    ],
)
def test_bad_limits_are_config_errors(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ApiSettings(**values)


def test_rate_burst_defaults_to_twice_the_rate() -> None:
    assert ApiSettings(rate_limit=20).burst == 40
    assert ApiSettings(rate_limit=1).burst == 10
    assert ApiSettings(rate_limit=1, rate_burst=3).burst == 3
