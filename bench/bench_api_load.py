"""API under load: cached endpoints at 50 and 200 clients, and a heavy endpoint hammered.

Builds a store from the real data (``/work/shared/data/real`` or ``--data``; through the
ingest service, not timed), starts ``bubblelink serve`` in a child process on 127.0.0.1
(pinned to CPU 0 with ``taskset`` when the machine has 2+ cores; the load generator
pins itself to CPU 1), and drives it with asyncio + aiohttp clients, each one connection
sending sequential requests. Every scenario is bounded (requests per client and a hard
deadline); a request that gets no answer within the client timeout (30 s) counts as a
client time-out. Scenarios:

* **cached** — ``/api/corr`` (900 B), ``/api/claims`` (~100 kB) after one computation,
  at 50 clients, and ``/api/corr`` at 200 clients: p50/p95/p99 and errors;
* **hammer** — 50 clients ask ``/api/claims`` with a different ``as_of`` on every request
  (each one a real ~10 s computation) for a fixed window, while one prober sends cached
  ``/api/corr`` every 100 ms: statuses (200, 503, ...), client time-outs, the prober's
  latencies; then, after the hammer's clients are gone, how long a new uncached
  ``/api/corr`` takes (does the server still compute for clients that left?).

Targets: cached p95 < 150 ms at 50 clients; at 200 clients no error and p99 < 1 s; under
the hammer no client time-out (answers or clean 503s) and the prober's p95 near its
unloaded value.

Run ``python bench/bench_api_load.py`` (writes bench/results.json) or ``--quick``
(fewer requests, a 10 s hammer). The machine's cores are shared with other work: the
load average is recorded with the results.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from harness import Recorder, bench_parser, load_average, mode_of, seconds

REAL_DATA = Path("/work/shared/data/real")
CLIENT_TIMEOUT = 30.0
SERVER_CPU, CLIENT_CPU = 0, 1


@contextmanager
def real_store(data: Path) -> Iterator[Path]:
    """A new store holding every file of ``data`` (``bubblelink ingest csv``), not timed."""
    from bubblelink.service.ingest import ingest_csv

    folder = Path(tempfile.mkdtemp(prefix="bubblelink-bench-load-"))
    try:
        path = folder / "real.duckdb"
        ingest_csv(path, [data])
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinning() -> bool:
    """True when server and clients can sit on separate CPUs (2+ CPUs and taskset)."""
    return (
        hasattr(os, "sched_setaffinity")
        and len(os.sched_getaffinity(0)) >= 2
        and shutil.which("taskset") is not None
    )


def start_server(store: Path, port: int, extra: list[str]) -> subprocess.Popen[bytes]:
    """``bubblelink serve`` in a child process (pinned to CPU 0), once /api/health answers."""
    command = [sys.executable, "-m", "bubblelink", "serve", "--port", str(port)]
    command += ["--store", str(store), *extra]
    if pinning():
        command = ["taskset", "-c", str(SERVER_CPU), *command]
    env = {**os.environ, "BUBBLELINK_API_TOKEN": ""}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (the server's stderr, kept while it runs)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"server exited: {log.read().decode(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not start within 90 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class Outcomes:
    """Latencies by outcome: an HTTP status (``"200"``, ``"503"``), ``"timeout"``, ``"error"``."""

    latencies: dict[str, list[float]] = field(default_factory=dict)

    def add(self, outcome: str, seconds_: float) -> None:
        self.latencies.setdefault(outcome, []).append(seconds_)

    @property
    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in sorted(self.latencies.items())}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def all(self) -> list[float]:
        return [t for v in self.latencies.values() for t in v]

    def errors(self, ok: tuple[str, ...] = ("200",)) -> int:
        return sum(n for k, n in self.counts.items() if k not in ok)


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile (inclusive method; the value itself for one observation)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def figures(values: list[float]) -> dict[str, float]:
    return {
        "p50_s": quantile(values, 0.50),
        "p95_s": quantile(values, 0.95),
        "p99_s": quantile(values, 0.99),
        "max_s": max(values) if values else float("nan"),
    }


async def one_request(session: aiohttp.ClientSession, url: str, out: Outcomes) -> str:
    started = time.perf_counter()
    try:
        async with session.get(url) as response:
            await response.read()
            outcome = str(response.status)
    except TimeoutError:
        outcome = "timeout"
    except aiohttp.ClientError:
        outcome = "error"
    out.add(outcome, time.perf_counter() - started)
    return outcome


async def clients(
    base: str,
    n: int,
    url: Callable[[int, int], str],
    requests: int,
    stop_at: float,
    out: Outcomes,
) -> None:
    """``n`` clients, each its own connection, ``requests`` sequential GETs until ``stop_at``."""
    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)

    async def client(i: int) -> None:
        connector = aiohttp.TCPConnector(limit=1, force_close=False)
        async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
            for k in range(requests):
                if time.monotonic() > stop_at:
                    return
                await one_request(session, url(i, k), out)

    await asyncio.gather(*(client(i) for i in range(n)))


async def single(base: str, path: str, timeout: float = 120.0) -> tuple[str, float]:
    out = Outcomes()
    limit = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(base, timeout=limit) as session:
        outcome = await one_request(session, path, out)
    return outcome, out.all()[0]


CORR = "/api/corr?a=BTC-USD&b=NVDA&window=30"
CLAIMS = "/api/claims"


async def cached(base: str, path: str, n: int, requests: int) -> dict[str, Any]:
    outcome, first = await single(base, path)
    if outcome != "200":
        raise SystemExit(f"{path}: first request answered {outcome}")
    out = Outcomes()
    started = time.monotonic()
    await clients(base, n, lambda i, k: path, requests, started + 120, out)
    wall = time.monotonic() - started
    ok = out.latencies.get("200", [])
    return {
        "path": path,
        "clients": n,
        "requests": out.total,
        "counts": out.counts,
        "errors": out.errors(),
        "first_s": first,
        "throughput_rps": out.total / wall,
        **figures(ok),
    }


def hammer_url(i: int, k: int) -> str:
    """A different ``as_of`` for every (client, request): each one a real computation."""
    day = date(2024, 1, 1) + timedelta(days=(i * 97 + k * 7) % 600)
    return f"{CLAIMS}?as_of={day.isoformat()}"


async def hammer(base: str, n: int, window: float) -> dict[str, Any]:
    await single(base, CORR)  # the prober's URL is cached before the hammer
    quiet = Outcomes()
    for _ in range(20):
        await one_request_once(base, CORR, quiet)
    out = Outcomes()
    probe = Outcomes()
    stop_at = time.monotonic() + window

    async def prober() -> None:
        timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)
        async with aiohttp.ClientSession(base, timeout=timeout) as session:
            while time.monotonic() < stop_at:
                await one_request(session, CORR, probe)
                await asyncio.sleep(0.1)

    started = time.monotonic()
    await asyncio.gather(clients(base, n, hammer_url, 10_000, stop_at, out), prober())
    wall = time.monotonic() - started
    # the clients are gone: how soon does a new (uncached, cheap) question get answered?
    after_outcome, after = await single(base, "/api/corr?a=BTC-USD&b=ORCL&window=77")
    return {
        "clients": n,
        "window_s": window,
        "wall_s": wall,
        "counts": out.counts,
        "timeouts": out.counts.get("timeout", 0),
        "answered": out.counts.get("200", 0),
        "answered_p50_s": quantile(out.latencies.get("200", []), 0.5),
        "rejected_p95_s": quantile(out.latencies.get("503", []), 0.95),
        "probe_quiet": figures(quiet.all()),
        "probe": {"counts": probe.counts, **figures(probe.latencies.get("200", []))},
        "after": {"outcome": after_outcome, "seconds": after},
    }


async def one_request_once(base: str, path: str, out: Outcomes) -> None:
    async with aiohttp.ClientSession(base) as session:
        await one_request(session, path, out)


def ms(value: float) -> str:
    return seconds(value) if value == value else "–"


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="fewer requests, a 10 s hammer",
        default="50 clients × 40 and 200 × 10 cached requests, a 30 s hammer",
    )
    parser.add_argument("--data", type=Path, default=REAL_DATA, help="CSV folder to ingest")
    parser.add_argument("--label", default="", help="a word for the setup column (e.g. before)")
    parser.add_argument(
        "--serve-args", default="", help="extra `bubblelink serve` options, space-separated"
    )
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no data folder {args.data}: pass --data PATH")
    mode = mode_of(args)
    per50, per200, per_claims, window = (10, 4, 5, 10.0) if args.quick else (40, 10, 20, 30.0)
    rec = Recorder("bench_api_load.py", mode)
    pinned = pinning()
    if pinned:
        os.sched_setaffinity(0, {CLIENT_CPU})
    with real_store(args.data) as store:
        port = free_port()
        server = start_server(store, port, args.serve_args.split())
        base = f"http://127.0.0.1:{port}"
        try:
            runs = {
                "corr_50": asyncio.run(cached(base, CORR, 50, per50)),
                "claims_50": asyncio.run(cached(base, CLAIMS, 50, per_claims)),
                "corr_200": asyncio.run(cached(base, CORR, 200, per200)),
                "hammer": asyncio.run(hammer(base, 50, window)),
            }
        finally:
            stop_server(server)
    where = (
        f"server on CPU {SERVER_CPU}, clients on CPU {CLIENT_CPU} (taskset)"
        if pinned
        else "server and clients share the cores"
    )
    label = f"{args.label}: " if args.label else ""
    setup = (
        f"{label}`bubblelink serve` on 127.0.0.1, store from `{args.data.name}/` (real data); "
        f"{where}; asyncio+aiohttp clients, one connection each, {CLIENT_TIMEOUT:.0f} s client "
        f"time-out; load average {load_average():.1f} on 2 shared cores"
    )
    for key, title in (
        ("corr_50", "cached `corr`, 50 clients"),
        ("claims_50", "cached `claims` (~100 kB), 50 clients"),
        ("corr_200", "cached `corr`, 200 clients"),
    ):
        r = runs[key]
        rec.add(
            f"API under load: {title}",
            setup + f"; {r['clients']} clients × sequential requests to `{r['path']}`",
            f"p50 {ms(r['p50_s'])}, p95 {ms(r['p95_s'])}, p99 {ms(r['p99_s'])}; "
            f"{r['throughput_rps']:.0f} req/s; errors {r['errors']} of {r['requests']}",
            r,
        )
    h = runs["hammer"]
    counts = Counter(h["counts"])
    rec.add(
        "API under load: 50 clients hammer uncached `claims`",
        setup + f"; 50 clients, a new `as_of` per request, {h['window_s']:.0f} s; a prober "
        "sends cached `corr` every 100 ms",
        f"{counts.get('200', 0)} answered (p50 {ms(h['answered_p50_s'])}), "
        f"{counts.get('503', 0)} × 503 (p95 {ms(h['rejected_p95_s'])}), "
        f"{counts.get('timeout', 0)} client time-outs, "
        f"{sum(v for k, v in counts.items() if k not in ('200', '503', 'timeout'))} other; "
        f"prober p50 {ms(h['probe']['p50_s'])} p95 {ms(h['probe']['p95_s'])} "
        f"(quiet p95 {ms(h['probe_quiet']['p95_s'])}); next uncached `corr` after the clients "
        f"left: {ms(h['after']['seconds'])} ({h['after']['outcome']})",
        h,
    )
    rec.write(args)


if __name__ == "__main__":
    main()
