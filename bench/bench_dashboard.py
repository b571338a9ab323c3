"""The dashboard in a real browser: cold server to first and last panel painted; updates.

Starts ``bubblelink serve`` (a separate process) on 127.0.0.1 with a free port against
the real store (``../shared/data``: ``real/`` and ``world/`` by ``ingest csv``, the ETF
flow tables by ``ingest etf-flows``, as in the README's "Global liquidity" section), then
opens the dashboard in headless chromium (``/usr/bin/chromium`` through Playwright, as
the browser tests do) the moment ``/api/health`` answers. The page records when each
panel was painted (``window.dashboardTimes``, ``performance.now()`` since the
navigation): the figures are

* **first panel** and **all panels**: from the navigation to the first and the last
  panel painted (fourteen panels: the charts of the grid and the claims table), on the
  cold server (nothing computed, nothing cached: a fresh ``$BUBBLELINK_HOME``, so no
  answers kept on disk; the server's own warm-up done);
* the same on a **restarted server**: a new server process on the same store and the
  home of the previous launch, whose answers ``serve`` kept on disk
  (``--keep-answers``, the default): nothing in memory, nothing computed again;
* **update, uncached**: Asset B set to NVDA and Update (the seven panels of the pair
  computed anew, the others answered from the server's cache);
* **update, cached**: the browser's back button, to BTC-USD vs ^IXIC again (the seven
  panels of the pair asked again and answered from the cache): from the click to the
  last panel repainted.

Run ``python bench/bench_dashboard.py`` (three cold launches, then three restarts;
``--store PATH`` reuses a store
built before, else one is built in a temporary folder, ~1 min) or ``--quick`` (one
launch on the SYNTHETIC sample market from 2023, for CI without the real data). Each
figure is the median over the launches, with its range.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from harness import HERE, Recorder, bench_parser, mode_of, sample_market, sample_store, seconds

SHARED = Path(os.environ.get("BUBBLELINK_SHARED_DATA", HERE.parent.parent / "shared" / "data"))
CHROMIUM = Path(os.environ.get("BUBBLELINK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
READY_TIMEOUT = 180.0
PAGE_TIMEOUT_MS = 300_000
WIDTH = 1280
QUICK_START = "2023-01-03"

#: How the real store is built (the README's "Global liquidity" commands).
INGESTS = (
    ("ingest", "csv", "{shared}/real"),
    ("ingest", "csv", "{shared}/world"),
    ("ingest", "etf-flows", "{shared}/flows/etf_flows_btc_to2026.csv"),
    ("ingest", "etf-flows", "{shared}/flows/etf_flows_btc_total.csv"),
)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_real_store(path: Path) -> Path:
    """The real store: real/ and world/ by ``ingest csv``, the flow tables by ``etf-flows``."""
    for words in INGESTS:
        command = [sys.executable, "-m", "bubblelink", *words[:2],
                   words[2].format(shared=SHARED), "--store", str(path)]  # fmt: skip
        print("$", " ".join(command[2:]), flush=True)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return path


def start_server(store: Path, port: int, home: Path) -> tuple[subprocess.Popen[bytes], float]:
    """``bubblelink serve`` in a child process, once /api/health answers; launch-to-ready s.

    ``home`` is its ``$BUBBLELINK_HOME`` (where it keeps its answers)."""
    command = [sys.executable, "-m", "bubblelink", "serve", "--port", str(port),
               "--store", str(store)]  # fmt: skip
    env = {**os.environ, "BUBBLELINK_API_TOKEN": "", "BUBBLELINK_HOME": str(home)}
    launched = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while time.monotonic() < launched + READY_TIMEOUT:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"server exited: {error}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process, time.monotonic() - launched
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"server did not start within {READY_TIMEOUT:.0f} s")


def _update(page: Any, action: str) -> dict[str, Any]:
    """``new``: Asset B set to NVDA and Update; ``back``: the browser's back button; the
    update's record once every panel it asked for is repainted."""
    stamp = page.evaluate("document.body.dataset.updated")
    if action == "new":
        page.fill("#sym-b", "NVDA")
        page.click("#update")
    else:
        page.go_back()
    page.wait_for_function(f"document.body.dataset.updated !== '{stamp}'", timeout=PAGE_TIMEOUT_MS)
    record: dict[str, Any] = page.evaluate("window.dashboardTimes.update")
    return record


def one_launch(store: Path, browser: Any, home: Path) -> dict[str, Any]:
    """Start a server, open the dashboard at once, update it twice, stop the server."""
    port = free_port()
    server, ready = start_server(store, port, home)
    out: dict[str, Any] = {"ready_s": ready}
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=PAGE_TIMEOUT_MS)
        load = page.evaluate("window.dashboardTimes.load")
        out["first_s"] = load["first"] / 1000
        out["all_s"] = load["all"] / 1000
        out["panels_s"] = {k: round(v / 1000, 3) for k, v in load["painted"].items()}
        out["panels"] = len(load["painted"])
        out["plotly_s"] = page.evaluate("window.dashboardTimes.plotly") / 1000
        for name, action in (("uncached", "new"), ("cached", "back")):
            update = _update(page, action)
            out[f"update_{name}_first_s"] = (update["first"] - update["started"]) / 1000
            out[f"update_{name}_all_s"] = (update["all"] - update["started"]) / 1000
        out["page_errors"] = errors
        print(
            f"ready {ready:.2f} s; first panel {out['first_s']:.2f} s, all "
            f"{out['panels']} {out['all_s']:.2f} s; update uncached "
            f"{out['update_uncached_all_s']:.2f} s, cached {out['update_cached_all_s']:.3f} s",
            flush=True,
        )
    finally:
        context.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return out


def _figure(runs: list[dict[str, Any]], key: str) -> str:
    values = sorted(float(r[key]) for r in runs)
    median = seconds(statistics.median(values))
    if len(values) == 1:
        return median
    return f"{median} ({seconds(values[0])}–{seconds(values[-1])})"


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="one launch on the sample market from 2023",
        default="three launches on the real store",
    )
    parser.add_argument("--store", type=Path, default=None, help="a real store built before")
    args = parser.parse_args()
    mode = mode_of(args)
    if not CHROMIUM.exists():
        raise SystemExit(f"chromium not found at {CHROMIUM}: run scripts/ensure-chromium.sh")
    from playwright.sync_api import sync_playwright

    rec = Recorder("bench_dashboard.py", mode)
    launches = 1 if args.quick else 3
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-dash-")))
        if args.quick:
            store = stack.enter_context(sample_store(QUICK_START))
            data = sample_market(QUICK_START)
        else:
            store = args.store or build_real_store(workdir / "real.duckdb")
            data = "the real store (`../shared/data`: real/ and world/ by `ingest csv`, the two "
            data += "ETF flow tables by `ingest etf-flows`)"
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        stack.callback(browser.close)
        print("cold: a new home each launch (no answers kept)", flush=True)
        runs = [one_launch(store, browser, workdir / f"home-{i}") for i in range(launches)]
        print("restarted: the last cold launch's home (its answers kept on disk)", flush=True)
        kept = workdir / f"home-{launches - 1}"
        restarts = [one_launch(store, browser, kept) for _ in range(launches)]

    last = runs[-1]["panels_s"]
    slowest = sorted(last.items(), key=lambda kv: -kv[1])[:3]
    how_many = "one launch" if launches == 1 else f"median (range) of {launches} launches"
    setup = (
        f"`bubblelink serve` on 127.0.0.1 on {data}; headless chromium {WIDTH} px through "
        f"Playwright opens `/` as soon as `/api/health` answers (server warm-up done, "
        f"nothing computed or cached: a fresh `$BUBBLELINK_HOME`, no answers kept on disk); "
        f"{runs[-1]['panels']} panels (the grid's charts and the "
        f"claims table), requests three light panels first then the heaviest, each painted on "
        f"arrival; times from the "
        f"navigation (`window.dashboardTimes`); {how_many} (`bench/bench_dashboard.py`)"
    )
    rec.add(
        "dashboard: cold server to first / all panels painted",
        setup,
        f"first panel {_figure(runs, 'first_s')}, all panels {_figure(runs, 'all_s')} "
        f"(last in the last launch: "
        + ", ".join(f"{name} {seconds(t)}" for name, t in slowest)
        + f"); plotly.js ready {_figure(runs, 'plotly_s')}; server launch to ready "
        f"{_figure(runs, 'ready_s')}",
        {"launches": runs},
    )
    rec.add(
        "dashboard: restarted server to first / all panels painted",
        f"as above, but a new `serve` process on the same store and the home of the last "
        f"cold launch: the answers that server computed are kept on disk per store version "
        f"(`serve --keep-answers`, the default) and read instead of computed; nothing in "
        f"memory; {how_many} (`bench/bench_dashboard.py`)",
        f"first panel {_figure(restarts, 'first_s')}, all panels {_figure(restarts, 'all_s')}"
        f"; plotly.js ready {_figure(restarts, 'plotly_s')}; server launch to ready "
        f"{_figure(restarts, 'ready_s')}",
        {"launches": restarts},
    )
    rec.add(
        "dashboard: update (new pair uncached; back to the first pair, cached)",
        f"the same page after the first load: Asset B ^IXIC → NVDA and Update (the pair's "
        f"seven panels computed, the rest from the server's cache), then the browser's back "
        f"button (the first pair again, every answer from the cache); from the click to the "
        f"last panel repainted; {how_many} (`bench/bench_dashboard.py`)",
        f"cached {_figure(runs, 'update_cached_all_s')} (first panel "
        f"{_figure(runs, 'update_cached_first_s')}); uncached "
        f"{_figure(runs, 'update_uncached_all_s')}",
        {"launches": runs},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
