"""Store benchmark: ingest and load of 500 symbols x 10 years of daily bars.

Measures the real code paths (validation + one DuckDB transaction; frames.load_returns)
and, side by side in the same run, the notebook baseline of reading the same 10 series
from CSV files with pandas and aligning them by hand.

Run: ``python bench/bench_store.py [--symbols 500] [--years 10] [--quick]``
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.frames import load_returns, nyse_sessions
from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta, wide_to_long
from bubblelink.store import Store


def make_batches(n_symbols: int, years: int, seed: int = 1) -> list[SeriesBatch]:
    """Random-walk OHLCV bars on NYSE sessions for ``n_symbols`` tickers."""
    rng = np.random.default_rng(seed)
    end = pd.Timestamp("2026-08-31")
    sessions = nyse_sessions(end - pd.DateOffset(years=years), end).tz_localize(None)
    n = len(sessions)
    batches = []
    for i in range(n_symbols):
        close = 50.0 * np.exp(np.cumsum(rng.normal(0.0003, 0.02, n)))
        frame = pd.DataFrame(
            {
                "date": sessions,
                "open": close * np.exp(rng.normal(0, 0.003, n)),
                "high": close * 1.01,
                "low": close * 0.99,
                "close": close,
                "adj_close": close,
                "volume": rng.integers(1_000, 1_000_000, n).astype(float),
            }
        )
        meta = SeriesMeta(
            id=f"SYM{i:03d}", kind="price", frequency="business", calendar="XNYS", source="bench"
        )
        batches.append(SeriesBatch(meta=meta, data=wide_to_long(frame)))
    return batches


def timed(label: str, func, results: list[tuple[str, float, str]], note: str = "") -> object:
    start = time.perf_counter()
    value = func()
    results.append((label, time.perf_counter() - start, note))
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--symbols", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="50 symbols (smoke run)")
    args = parser.parse_args()
    n_symbols = 50 if args.quick else args.symbols
    workdir = Path(tempfile.mkdtemp(prefix="bubblelink-bench-"))
    results: list[tuple[str, float, str]] = []
    try:
        batches = make_batches(n_symbols, args.years)
        rows = sum(len(b.data) for b in batches)
        path = workdir / "store.duckdb"
        with Store(path) as st:
            summary = timed(
                f"ingest {n_symbols} symbols x {args.years}y ({rows:,} rows)",
                lambda: ingest(st, FetchResult(batches=batches), "bench"),
                results,
            )
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
            assert summary.ok and summary.added == rows  # type: ignore[attr-defined]
            results[-1] = (*results[-1][:2], f"peak RSS of the process {peak:,.0f} MiB")
            again = timed(
                "re-ingest identical data (idempotent)",
                lambda: ingest(st, FetchResult(batches=batches), "bench"),
                results,
            )
            assert again.added == 0  # type: ignore[attr-defined]
        size = path.stat().st_size / 2**20
        ten = [f"SYM{i:03d}" for i in range(10)]
        load_returns(ten, store=path)  # warm the calendar cache and the OS file cache
        repeats = 5
        start = time.perf_counter()
        for _ in range(repeats):
            rf = load_returns(ten, store=path)
        ours = (time.perf_counter() - start) / repeats
        results.append(
            (
                f"load_returns 10 series x {args.years}y aligned (equity calendar)",
                ours,
                f"{rf.returns.shape[0]} sessions",
            )
        )

        csv_dir = workdir / "csv"
        csv_dir.mkdir()
        for b in batches[:10]:
            b.data.pivot(index="date", columns="field", values="value").to_csv(
                csv_dir / f"{b.meta.id}.csv"
            )
        start = time.perf_counter()
        for _ in range(repeats):
            closes = pd.concat(
                {
                    p.stem: pd.read_csv(p, index_col="date", parse_dates=True)["adj_close"]
                    for p in sorted(csv_dir.glob("*.csv"))
                },
                axis=1,
            )
            np.log(closes).diff().dropna()
        baseline = (time.perf_counter() - start) / repeats
        results.append(
            (
                "baseline: pandas read_csv of the same 10 series + log returns",
                baseline,
                "no calendar, no vintages",
            )
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"{'benchmark':<70} {'seconds':>9}  notes")
    for label, seconds, note in results:
        print(f"{label:<70} {seconds:>9.3f}  {note}")
    print(
        f"store file: {size:,.0f} MiB; load vs pandas CSV baseline: {ours / baseline:.2f}x the time"
    )


if __name__ == "__main__":
    main()
