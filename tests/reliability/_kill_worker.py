"""Kill-loop zygote: warm up once, then fork one child per bubblelink command.

Run as ``python _kill_worker.py SCRATCH`` with ``PYTHONPATH`` on the source tree. It
imports the CLI and everything the commands load lazily, replays FRED's CSV endpoint
from ``tests/providers/fixtures/fred`` with ``responses`` (no network; the rate
limiter's pause skipped, there is no server to spare), runs the commands of the first
request line once, in order, on a scratch store under SCRATCH (warm caches: calendars, parsers;
not the monitor, whose statistics start GNU OpenMP, after which ``fork()`` is unsafe),
prints ``ready``, then for each JSON request line ``{"marks": PATH, "args": [...]}``
forks a child that runs ``bubblelink ARGS`` (the real CLI entry point) and prints the
child's pid. A forked child starts in ~10 ms with everything imported, so a SIGKILL
lands in the command, not in Python's start-up.

The child appends one line per store phase to its marks file (``go``, ``create``,
``open``, ``begin``, ``commit``, ``committed``, ``exit N``, each followed by the
monotonic clock); each is one ``write()``,
already in the kernel when the process is killed, so the test can tell where a kill
landed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

import bubblelink.store.store as store_module

_marks: io.TextIOWrapper | None = None


def mark(what: str) -> None:
    """One line ``PHASE MONOTONIC_SECONDS`` (CLOCK_MONOTONIC is system-wide on Linux)."""
    if _marks is not None:
        _marks.write(f"{what} {time.monotonic():.6f}\n")


class TracedConnection:
    """A DuckDB connection that marks BEGIN, COMMIT and its completion."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def execute(self, sql: Any, *a: Any, **k: Any) -> Any:
        text = sql.strip().upper() if isinstance(sql, str) else ""
        if text.startswith("BEGIN"):
            mark("begin")
        if text == "COMMIT":
            mark("commit")
            result = self._con.execute(sql, *a, **k)
            mark("committed")
            return result
        return self._con.execute(sql, *a, **k)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


_connect = store_module._connect_waiting
_create = store_module._create_store_file


def traced_connect(path: Path, read_only: bool, wait: float) -> Any:
    mark("open")
    return TracedConnection(_connect(path, read_only, wait))


def traced_create(path: Path) -> None:
    mark("create")
    _create(path)


store_module._connect_waiting = traced_connect
store_module._create_store_file = traced_create

import responses  # noqa: E402
from responses import matchers  # noqa: E402

import bubblelink.cli.app  # noqa: E402
import bubblelink.monitor  # noqa: E402
import bubblelink.service.data  # noqa: E402
import bubblelink.service.ingest  # noqa: E402
import bubblelink.service.risk  # noqa: E402
from bubblelink.providers.fred import FRED_CSV_URL  # noqa: E402
from bubblelink.providers.http import RateLimiter  # noqa: E402

RateLimiter.acquire = lambda self: 0.0  # type: ignore[method-assign]
FIXTURES = Path(__file__).parents[1] / "providers" / "fixtures" / "fred"
replay = responses.RequestsMock(assert_all_requests_are_fired=False)
for sid, name in (
    ("DFF", "fredgraph_DFF.csv"),
    ("DEXUSEU", "fredgraph_DEXUSEU.csv"),
    ("M2SL", "fredgraph_M2SL_legacy.csv"),
):
    replay.add(
        responses.GET,
        FRED_CSV_URL,
        body=(FIXTURES / name).read_text(encoding="utf-8"),
        match=[matchers.query_param_matcher({"id": sid})],
    )
replay.start()


def run(args: list[str]) -> Any:
    """``bubblelink ARGS`` through the real entry point; its exit code."""
    sys.argv = ["bubblelink", *args]
    try:
        bubblelink.cli.app.main()
    except SystemExit as exc:
        return exc.code
    return 0


scratch = Path(sys.argv[1])
warm = json.loads(sys.stdin.readline())  # the commands, with {store} for the store path
with (
    open(os.devnull, "w") as quiet,
    contextlib.redirect_stdout(quiet),
    contextlib.redirect_stderr(quiet),
):
    for args in warm:  # one after the other on one scratch store
        run([a.replace("{store}", str(scratch / "warm.duckdb")) for a in args])

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        errors = os.open(request["marks"] + ".stderr", os.O_WRONLY | os.O_CREAT, 0o644)
        os.dup2(errors, 2)  # kept next to the marks, for a failure's diagnosis
        _marks = open(request["marks"], "a", buffering=1)  # noqa: SIM115 - until killed
        mark("go")
        code = run(request["args"])
        mark(f"exit {code}")
        _marks.flush()
        os._exit(0)
    print(pid, flush=True)
