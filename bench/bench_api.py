"""API latency on loopback: cached corr and risk at 50 concurrent clients, first uncached corr.

Starts ``bubblelink serve`` (a separate process) on 127.0.0.1 with a free port against a
fresh sample-market store, then generates load with a bounded number of requests and a
hard deadline; stops the server and exits by itself. Targets: p95 of cached corr and
risk requests < 150 ms at 50 concurrent clients; first uncached corr of two assets
< 500 ms.

Run: ``.venv/bin/python bench/bench_api.py``
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

CLIENTS = 50
REQUESTS_PER_CLIENT = 20
DEADLINE_SECONDS = 120.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_store(folder: Path) -> Path:
    """The full sample market (2017-2026) in a new store."""
    from bubblelink.ingest import ingest
    from bubblelink.providers.sample import SampleProvider
    from bubblelink.store import Store

    path = folder / "store.duckdb"
    with Store(path) as st:
        ingest(st, SampleProvider().fetch(), "sample")
    return path


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    """``bubblelink serve`` in a child process; returns once /api/health answers."""
    command = [
        sys.executable,
        "-m",
        "bubblelink",
        "serve",
        "--port",
        str(port),
        "--store",
        str(store),
    ]
    env = {**os.environ, "BUBBLELINK_API_TOKEN": ""}
    launched = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"server exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                print(
                    f"server ready (launch to first /api/health answer): {time.monotonic() - launched:5.2f} s"
                )
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("server did not start within 30 s")


def timed_get(client: httpx.Client, url: str) -> float:
    """Seconds for one GET (raises on a non-200 answer)."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
    return elapsed


def load(base: str, path: str, stop_at: float) -> list[float]:
    """CLIENTS threads, each REQUESTS_PER_CLIENT sequential requests (until ``stop_at``)."""

    def client_run(_: int) -> list[float]:
        out = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(REQUESTS_PER_CLIENT):
                if time.monotonic() > stop_at:
                    break
                out.append(timed_get(client, path))
        return out

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [t for chunk in pool.map(client_run, range(CLIENTS)) for t in chunk]


def p95(values: list[float]) -> float:
    """95th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def main() -> None:
    stop_at = time.monotonic() + DEADLINE_SECONDS
    with tempfile.TemporaryDirectory() as folder:
        store = build_store(Path(folder))
        port = free_port()
        server = start_server(store, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                first = timed_get(client, "/api/corr?a=BTC-USD&b=NVDA&window=30")
                more = [
                    timed_get(client, f"/api/corr?a=BTC-USD&b=ORCL&window={w}")
                    for w in (31, 45, 60, 90, 120)
                ]
                risk_first = timed_get(client, "/api/risk")
            print(
                f"first uncached corr (cold server, 2 assets): {first * 1000:7.1f} ms"
                "  (target < 500 ms)"
            )
            print(
                f"uncached corr, warm server (median of 5):    "
                f"{statistics.median(more) * 1000:7.1f} ms"
            )
            print(f"first uncached risk score:                   {risk_first * 1000:7.1f} ms")
            for name, path in (
                ("corr", "/api/corr?a=BTC-USD&b=NVDA&window=30"),
                ("risk", "/api/risk"),
            ):
                times = load(base, path, stop_at)
                print(
                    f"cached {name}: {len(times)} requests, {CLIENTS} clients: "
                    f"p50 {statistics.median(times) * 1000:6.1f} ms, "
                    f"p95 {p95(times) * 1000:6.1f} ms, max {max(times) * 1000:6.1f} ms"
                    "  (target p95 < 150 ms)"
                )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
