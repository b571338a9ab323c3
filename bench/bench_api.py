"""API latency on loopback: cached corr and risk at 50 concurrent clients, first uncached corr.

Starts ``bubblelink serve`` (a separate process) on 127.0.0.1 with a free port against a
new sample-market store (built through the ingest service), then generates load with a
bounded number of requests and a hard deadline; stops the server and exits by itself. Targets: p95 of cached corr and
risk requests < 150 ms at 50 concurrent clients; first uncached corr of two assets
< 500 ms.

Run ``python bench/bench_api.py`` (three launches, 50 clients × 20 requests per cached
endpoint each) or ``--quick`` (one launch, 50 clients × 4 requests). Each figure is the
median over the launches (the cached p95: its range over the launches). The server and
the load generator share the machine's cores.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from harness import Recorder, bench_parser, mode_of, sample_market, sample_store, seconds, span

CLIENTS = 50
DEADLINE_SECONDS = 120.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(store: Path, port: int) -> tuple[subprocess.Popen[bytes], float]:
    """``bubblelink serve`` in a child process, once /api/health answers; launch-to-ready s."""
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
                ready = time.monotonic() - launched
                print(f"server ready (launch to first /api/health answer): {ready:5.2f} s")
                return process, ready
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


def load(base: str, path: str, stop_at: float, requests: int) -> list[float]:
    """CLIENTS threads, each ``requests`` sequential requests (until ``stop_at``)."""

    def client_run(_: int) -> list[float]:
        out = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(requests):
                if time.monotonic() > stop_at:
                    break
                out.append(timed_get(client, path))
        return out

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [t for chunk in pool.map(client_run, range(CLIENTS)) for t in chunk]


def p95(values: list[float]) -> float:
    """95th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def one_launch(store: Path, requests: int) -> dict[str, float]:
    """Start a server, measure, stop it: the figures of one launch."""
    stop_at = time.monotonic() + DEADLINE_SECONDS
    port = free_port()
    server, ready = start_server(store, port)
    base = f"http://127.0.0.1:{port}"
    out = {"ready_s": ready}
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            out["first_corr_s"] = timed_get(client, "/api/corr?a=BTC-USD&b=NVDA&window=30")
            more = [
                timed_get(client, f"/api/corr?a=BTC-USD&b=ORCL&window={w}")
                for w in (31, 45, 60, 90, 120)
            ]
            out["uncached_corr_warm_s"] = statistics.median(more)
            out["first_risk_s"] = timed_get(client, "/api/risk")
        for name, path in (
            ("corr", "/api/corr?a=BTC-USD&b=NVDA&window=30"),
            ("risk", "/api/risk"),
        ):
            times = load(base, path, stop_at, requests)
            out[f"cached_{name}_p50_s"] = statistics.median(times)
            out[f"cached_{name}_p95_s"] = p95(times)
            out[f"cached_{name}_n"] = len(times)
            print(
                f"cached {name}: {len(times)} requests, {CLIENTS} clients: "
                f"p50 {statistics.median(times) * 1000:6.1f} ms, p95 {p95(times) * 1000:6.1f} ms"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return out


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="one launch, 4 requests per client",
        default="three launches, 20 requests per client",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    launches, requests = (1, 4) if args.quick else (3, 20)
    rec = Recorder("bench_api.py", mode)
    with sample_store() as store:
        runs = [one_launch(store, requests) for _ in range(launches)]

    def med(key: str) -> float:
        return float(statistics.median(r[key] for r in runs))

    def p95_range(key: str) -> str:
        values = sorted(r[key] for r in runs)
        return seconds(values[0]) if len(values) == 1 else span(values[0], values[-1])

    store_text = f"{sample_market(None)} in a new store"
    how_many = "one launch" if launches == 1 else f"median of {launches} launches"
    launched = f"`bubblelink serve` on 127.0.0.1, {store_text}; {how_many}"
    rec.add(
        "API: launch to ready, first uncached `corr`",
        f"{launched}; ready = launch to the first `/api/health` answer (data stack and kernels "
        "loaded before accepting requests); first `GET /api/corr?a=BTC-USD&b=NVDA` on the "
        "cold server",
        f"ready {seconds(med('ready_s'))}; first uncached `corr` {seconds(med('first_corr_s'))} "
        f"(uncached `corr` on the warm server {seconds(med('uncached_corr_warm_s'))}; first "
        f"`risk` {seconds(med('first_risk_s'))})",
        {"launches": runs},
    )
    rec.add(
        f"API: cached `corr` / `risk`, {CLIENTS} concurrent clients",
        f"{launched}; {CLIENTS} client threads × {requests} sequential requests to one URL, "
        "after it was computed once; the load generator runs on the same 2 cores",
        f"p95 {p95_range('cached_corr_p95_s')} / {p95_range('cached_risk_p95_s')} (p50 "
        f"{seconds(med('cached_corr_p50_s'))} / {seconds(med('cached_risk_p50_s'))})",
        {"launches": runs},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
