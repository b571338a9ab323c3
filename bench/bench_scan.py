"""``scan`` on the local engine and on Dask: scaling, overhead, pairwise memory, a 16-node estimate.

Run ``python bench/bench_scan.py`` (2,000 assets × 2,520 sessions; pairs: 1,000 assets;
~10 min on 2 cores), ``--quick`` (200 × 756, pairs 100; a minute). Data:

* **SYNTHETIC** three-factor daily returns (seed 17): ``r_i = B_i f + e_i`` with ``f`` three
  N(0, 1%) factors, loadings N(0.5, 0.3), idiosyncratic N(0, 1.5%); the target
  ``SYN-BTC = 0.6 f_1 + N(0, 3%)``. Written to a store as synthetic series (every output
  says SYNTHETIC), then exported to Parquet (`store export`), which both engines read.
* **Real**: every price series of ``../shared/data/real`` (ingested from the CSV files)
  against BTC-USD, local vs a 2-worker cluster.

Rows (each figure run once, not a median: the machine is shared and the runs are long;
the load average is recorded with the results):

1. target vs universe rolling corr + beta (window 60): the kernel alone on the whole
   matrix, the local engine (read + kernel, measured blocks), Dask ``LocalCluster`` with 1
   and 2 worker processes (1 thread each; cluster start not timed), results equal bit for bit;
2. per-task overhead: 200 empty tasks through the scheduler; serialised sizes of the
   target and of one block's result;
3. ``--pairs`` top 20 for 1,000 assets: wall time and peak RSS of a child process;
4. a worked estimate for 50,000 assets × 10 years on 16 nodes from the measured terms.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.service.scan import scan
from bubblelink.service.store_parquet import store_export
from bubblelink.sessions import nyse_sessions
from bubblelink.store import Store
from harness import Recorder, bench_parser, mode_of, ratio, seconds

WINDOW = 60


def synthetic_store(path: Path, n_assets: int, n_days: int) -> Path:
    """The SYNTHETIC factor market (see the module docstring) in a new store."""
    dates = nyse_sessions(pd.Timestamp("2014-01-02"), pd.Timestamp("2026-12-31"))[: n_days + 1]
    dates = dates.tz_localize(None)
    rng = np.random.default_rng(17)
    f = rng.normal(0, 0.01, (len(dates), 3))
    loadings = rng.normal(0.5, 0.3, (3, n_assets))
    returns = f @ loadings + rng.normal(0, 0.015, (len(dates), n_assets))
    target = 0.6 * f[:, 0] + rng.normal(0, 0.03, len(dates))

    def batch(sid: str, r: np.ndarray) -> SeriesBatch:
        meta = SeriesMeta(id=sid, kind="price", unit="USD", frequency="business",
                          source="bench-synthetic", calendar="XNYS", synthetic=True,
                          metadata={"model": "three-factor, seed 17"})  # fmt: skip
        data = pd.DataFrame({"date": dates, "field": "close", "value": 100 * np.exp(np.cumsum(r))})
        return SeriesBatch(meta=meta, data=data)

    batches = [batch(f"SYN{i:05d}", returns[:, i]) for i in range(n_assets)]
    batches.append(batch("SYN-BTC", target))
    with Store(path) as st:
        st.write(batches, "bench")
    return path


def universe_file(folder: Path, symbols: list[str], name: str) -> Path:
    path = folder / f"{name}.csv"
    path.write_text("symbol\n" + "\n".join(symbols) + "\n")
    return path


def cluster(workers: int) -> Any:
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None,
                        silence_logs=logging.ERROR)  # fmt: skip


def timed(call: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    value = call()
    return time.perf_counter() - began, value


# Peak RSS is the child's VmHWM (its own address space's high-water mark). Not
# ru_maxrss: on Linux a process started by fork/vfork + exec inherits its parent's peak
# in ru_maxrss (exec records the old address space's high-water mark), so the child
# would report this script's peak from the 2,000-asset scans (2.14 GB in one run).
PAIRS_CHILD = """
import json, sys, time
from bubblelink.service.scan import scan
began = time.perf_counter()
r = scan(None, source=sys.argv[1], universe=sys.argv[2], pairs=True, window=60, top=20)
wall = time.perf_counter() - began
with open("/proc/self/status") as status:
    hwm = [line.split() for line in status if line.startswith("VmHWM:")][0]
peak = int(hwm[1]) * 1024  # kB
print(json.dumps({"wall_s": wall, "peak_rss_bytes": peak,
                  "bound_bytes": r.result.memory_bound_bytes, "chunks": r.result.chunks,
                  "top": r.to_dict()["top"][:3]}))
"""


def main() -> None:
    parser = bench_parser(__doc__ or "", "200 × 756, pairs 100", "2,000 × 2,520, pairs 1,000")
    args = parser.parse_args()
    mode = mode_of(args)
    n_assets, n_days, n_pairs = (200, 756, 100) if args.quick else (2000, 2520, 1000)
    rec = Recorder("bench_scan.py", mode)
    folder = Path(tempfile.mkdtemp(prefix="bubblelink-bench-scan-"))
    try:
        build, _ = timed(lambda: synthetic_store(folder / "syn.duckdb", n_assets, n_days))
        export = folder / "export"
        export_s, _ = timed(lambda: store_export(folder / "syn.duckdb", str(export)))
        symbols = [f"SYN{i:05d}" for i in range(n_assets)]
        uni = universe_file(folder, symbols, "synthetic")
        kw = dict(universe=str(uni), target="SYN-BTC", window=WINDOW, metrics="corr,beta",
                  source=str(export))  # fmt: skip
        setup = (f"SYNTHETIC three-factor market, {n_assets:,} assets × {n_days:,} sessions, "
                 f"window {WINDOW}; both engines read the Parquet export (built in "
                 f"{seconds(build)}, exported in {seconds(export_s)}); one run each")  # fmt: skip

        # 1. the kernel alone, the local engine, Dask 1 and 2 workers
        from bubblelink.analytics.universe import rolling_target_corr_beta

        values = pd.DataFrame(np.random.default_rng(1).normal(0, 0.01, (n_days, n_assets)))
        target = pd.Series(np.random.default_rng(2).normal(0, 0.01, n_days))
        rolling_target_corr_beta(target, values.iloc[:100, :10], WINDOW)  # compile/load
        kernel_s, _ = timed(lambda: rolling_target_corr_beta(target, values, WINDOW))
        local_s, local = timed(lambda: scan(None, **kw))
        runs: dict[int, dict[str, Any]] = {}
        for workers in (1, 2):
            with cluster(workers) as c:
                from distributed import Client

                with Client(c, set_as_default=False) as client:
                    client.run(lambda: None)
                    wall, result = timed(lambda c=c: scan(None, engine="dask",
                                                          scheduler=c.scheduler_address, **kw))  # fmt: skip
                    same = result.result.rows.equals(local.result.rows)
                    n_tasks = 200
                    began = time.perf_counter()
                    futures = [client.submit(int, i, pure=False) for i in range(n_tasks)]
                    client.gather(futures)
                    per_task = (time.perf_counter() - began) / n_tasks
                    runs[workers] = {"wall_s": wall, "equal_bits": same, "per_task_s": per_task,
                                     "blocks": result.to_dict()["blocks"],
                                     "block_size": result.to_dict()["block_size"]}  # fmt: skip
        block_bytes = len(pickle.dumps(local.result.rows.head(local.to_dict()["block_size"])))
        target_bytes = len(pickle.dumps(pd.Series(np.zeros(n_days), name="SYN-BTC")))
        per_asset = local_s / n_assets
        rec.add(
            f"scan: target vs {n_assets:,} assets, rolling corr + beta, local vs Dask",
            setup,
            f"kernel alone {seconds(kernel_s)}; local engine {seconds(local_s)} "
            f"({seconds(per_asset)}/asset incl. Parquet reads, {local.to_dict()['blocks']} blocks); "
            f"Dask 1 worker {seconds(runs[1]['wall_s'])}, 2 workers {seconds(runs[2]['wall_s'])} "
            f"(2 workers / local = {ratio(runs[2]['wall_s'], local_s)}, target ≤ 1.3×; "
            f"1→2 workers speed-up {ratio(runs[1]['wall_s'], runs[2]['wall_s'])}); results equal "
            f"bit for bit: {runs[1]['equal_bits'] and runs[2]['equal_bits']}",
            {
                "kernel_s": kernel_s,
                "local_s": local_s,
                "per_asset_s": per_asset,
                "dask": runs,
                "load_average_1m": os.getloadavg()[0],
            },
        )
        rec.add(
            "scan on Dask: per-task overhead and what travels",
            f"{runs[2]['blocks']} blocks of {runs[2]['block_size']} assets on 2 workers; 200 "
            "empty tasks through the scheduler",
            f"{seconds(runs[2]['per_task_s'])} per empty task (submit → gather); target "
            f"scattered once: {target_bytes / 1024:.0f} KB; one block's result "
            f"{block_bytes / 1024:.0f} KB ({block_bytes / max(local.to_dict()['block_size'], 1):.0f} "
            "B/asset)",
            {
                "per_task_s": runs[2]["per_task_s"],
                "target_bytes": target_bytes,
                "block_bytes": block_bytes,
            },
        )

        # 3. pairs, peak memory of a child process
        pair_uni = universe_file(folder, symbols[:n_pairs], "pairs")
        child = subprocess.run([sys.executable, "-c", PAIRS_CHILD, str(export), str(pair_uni)],
                               capture_output=True, text=True, check=True, env=os.environ)  # fmt: skip
        pairs = json.loads(child.stdout.strip().splitlines()[-1])
        pairs["cube_bytes"] = n_days * n_pairs**2 * 8
        rec.add(
            f"scan --pairs: top 20 pairs per window, {n_pairs:,} assets × {n_days:,} sessions",
            f"SYNTHETIC market (the first {n_pairs:,} assets), window {WINDOW}, local engine "
            "in a child process (peak RSS = its VmHWM, the whole process: Python, libraries, "
            "data)",
            f"{seconds(pairs['wall_s'])}; peak RSS {pairs['peak_rss_bytes'] / 2**30:.2f} GB "
            f"(target < 2 GB; stated bound {pairs['bound_bytes'] / 2**30:.2f} GB, "
            f"{pairs['chunks']} chunks); the full cube would be "
            f"{pairs['cube_bytes'] / 2**30:.1f} GB",
            pairs,
        )

        # 4. 50,000 assets × 10 years on 16 nodes, from the measured terms
        nodes, per_node = 16, 8
        workers = nodes * per_node
        n_big, days_big = 50_000, 2_520
        compute = n_big * per_asset * (days_big / n_days) / workers
        size = max(1, int(np.ceil(1.0 / max(per_asset, 1e-9))))
        tasks = int(np.ceil(n_big / size))
        scheduling = tasks * runs[2]["per_task_s"]
        results_mb = n_big * block_bytes / max(local.to_dict()["block_size"], 1) / 2**20
        transfer = results_mb / 100  # 100 MB/s into the client, conservative
        scatter = target_bytes * workers / 2**20 / 100
        terms = {"compute": compute, "scheduling": scheduling, "results": transfer,
                 "scatter": scatter}  # fmt: skip
        dominant = max(terms, key=lambda k: terms[k])
        rec.add(
            "scan: worked estimate, 50,000 assets × 10 years on 16 nodes",
            f"16 nodes × {per_node} worker processes = {workers} workers (assumed); measured "
            f"here: {seconds(per_asset)}/asset for {n_days:,} sessions (scaled linearly to "
            f"{days_big:,}), {seconds(runs[2]['per_task_s'])}/task, {block_bytes / max(local.to_dict()['block_size'], 1):.0f} B/asset of "
            "results, 100 MB/s to the client",
            f"≈ {seconds(sum(terms.values()))}: compute {seconds(compute)}, scheduling "
            f"{tasks:,} tasks {seconds(scheduling)}, results {results_mb:.0f} MB "
            f"{seconds(transfer)}, target scatter {seconds(scatter)}; **{dominant} dominates**",
            {"terms_s": terms, "tasks": tasks, "workers": workers},
        )

        # real data: every price series of the shared real files vs BTC-USD
        real = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
        if (real / "symbols.csv").exists() and not args.quick:
            from bubblelink.service.ingest import ingest_csv

            real_store = folder / "real.duckdb"
            ingest_csv(real_store, [real])
            listed = pd.read_csv(real / "symbols.csv")
            prices = sorted(set(listed.loc[listed["kind"] == "price", "symbol"]) - {"BTC-USD"})
            runi = universe_file(folder, prices, "real_prices")
            rkw = dict(universe=str(runi), window=WINDOW, metrics="corr,beta")
            rlocal_s, rlocal = timed(lambda: scan(real_store, **rkw))
            rexport = _export(real_store, folder)
            with cluster(2) as c:
                rdask_s, rdask = timed(lambda: scan(real_store, engine="dask",
                                                    scheduler=c.scheduler_address,
                                                    source=rexport, **rkw))  # fmt: skip
            top = rlocal.to_frame().head(3)
            rec.add(
                f"scan: real shared data, {len(prices)} price series vs BTC-USD",
                "../shared/data/real (real market data), window 60, corr + beta; local engine "
                "on the store vs Dask 2 workers on its Parquet export",
                f"local {seconds(rlocal_s)}, Dask {seconds(rdask_s)}; equal bits: "
                f"{rlocal.result.rows.equals(rdask.result.rows)}; top 3 by corr: "
                + ", ".join(f"{a} {c:.3f}" for a, c in zip(top["asset"], top["corr"], strict=True)),
                {"local_s": rlocal_s, "dask_s": rdask_s},
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rec.write(args)


def _export(store: Path, folder: Path) -> str:
    target = folder / "real_export"
    if not target.exists():
        store_export(store, str(target))
    return str(target)


if __name__ == "__main__":
    main()
