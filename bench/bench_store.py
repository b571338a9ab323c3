"""Ingest from CSV and load aligned returns: the paths ``bubblelink ingest csv`` and every
analysis command run, beside the pandas floor, in one run.

Run ``python bench/bench_store.py`` (200 symbols × 10 years), ``--quick`` (20 symbols ×
3 years) or ``--full`` (500 symbols × 10 years, the universe size of a scan). Data:
random-walk daily OHLCV bars on NYSE sessions written as Yahoo-style CSV files
(``Date, Open, High, Low, Close, Adj Close, Volume``) with a ``symbols.csv``, the layout
``bubblelink ingest csv DIR`` reads.

* **ingest**: ``bubblelink.service.ingest.ingest_csv(store, [DIR])`` — the function the
  CLI command calls (read and parse every file, validate, write in one transaction,
  the per-symbol summary) — each run into a new store; beside it, interleaved, the
  floor: pandas ``read_csv`` of the same files (parsing only: no validation, no store).
* **re-ingest**: the same call on the store that already holds the data (0 rows added).
* **load**: ``store_data(store).returns(10 symbols)`` — how every analysis service reads
  aligned log returns (NYSE sessions, vintages, provenance) — vs pandas ``read_csv`` of
  the same 10 files + log returns of the adjusted closes (no calendar, no vintages).

The timing rule is :mod:`harness`'s (warm-up, interleaved, median).
"""

from __future__ import annotations

import shutil
import tempfile
from itertools import count
from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.frames import nyse_sessions
from bubblelink.service.data import store_data
from bubblelink.service.ingest import ingest_csv
from harness import Recorder, bench_parser, mode_of, ratio, spread, time_cases, timing_rule

SIZES = {"quick": (20, 3), "default": (200, 10), "full": (500, 10)}
REPEATS = {"quick": 3, "default": 3, "full": 3}
LOAD_REPEATS = 7


def write_csv_files(folder: Path, n_symbols: int, years: int, seed: int = 1) -> int:
    """Yahoo-style CSV files and a symbols.csv; returns the number of stored values."""
    rng = np.random.default_rng(seed)
    end = pd.Timestamp("2026-08-31")
    sessions = nyse_sessions(end - pd.DateOffset(years=years), end).tz_localize(None)
    n = len(sessions)
    mapping = []
    for i in range(n_symbols):
        close = 50.0 * np.exp(np.cumsum(rng.normal(0.0003, 0.02, n)))
        frame = pd.DataFrame(
            {
                "Date": sessions.strftime("%Y-%m-%d"),
                "Open": close * np.exp(rng.normal(0, 0.003, n)),
                "High": close * 1.01,
                "Low": close * 0.99,
                "Close": close,
                "Adj Close": close,
                "Volume": rng.integers(1_000, 1_000_000, n),
            }
        )
        name = f"sym{i:03d}.csv"
        frame.to_csv(folder / name, index=False)
        mapping.append({"file": name, "symbol": f"SYM{i:03d}", "kind": "price", "source": "bench"})
    pd.DataFrame(mapping).to_csv(folder / "symbols.csv", index=False)
    return n_symbols * n * 6


def pandas_read_all(folder: Path) -> list[pd.DataFrame]:
    return [
        pd.read_csv(p, index_col="Date", parse_dates=True)
        for p in sorted(folder.glob("sym[0-9]*.csv"))
    ]


def pandas_returns(files: list[Path]) -> pd.DataFrame:
    closes = pd.concat(
        {p.stem: pd.read_csv(p, index_col="Date", parse_dates=True)["Adj Close"] for p in files},
        axis=1,
    )
    return np.log(closes).diff().dropna()


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="20 symbols × 3 years",
        default="200 symbols × 10 years",
        full="500 symbols × 10 years",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    n_symbols, years = SIZES[mode]
    repeat = REPEATS[mode]
    rec = Recorder("bench_store.py", mode)
    workdir = Path(tempfile.mkdtemp(prefix="bubblelink-bench-"))
    try:
        folder = workdir / "csv"
        folder.mkdir()
        values = write_csv_files(folder, n_symbols, years)
        stores = (workdir / f"store{i}.duckdb" for i in count())
        added: list[int] = []
        cases = {
            "ingest_csv": lambda: ingest_csv(next(stores), [folder]),
            "pandas": lambda: pandas_read_all(folder),
        }
        t = time_cases(
            cases,
            repeat,
            after=lambda k, v: added.append(v.result.added) if k == "ingest_csv" else None,
        )
        assert set(added) == {values}, f"rows added {set(added)} != {values}"
        what = f"{n_symbols} symbols × {years} years of daily bars ({values:,} stored values)"
        rec.add(
            f"ingest {what} from CSV",
            f"`bubblelink.service.ingest.ingest_csv(store, [DIR])` (what `bubblelink ingest "
            f"csv DIR` runs: parse, validate, one transaction), each run into a new DuckDB "
            f"store; floor: pandas `read_csv` of the same {n_symbols} files (parsing only); "
            f"{timing_rule(t)}",
            f"{spread(t['ingest_csv'])} ({values / t['ingest_csv'].median:,.0f} values/s); "
            f"pandas parsing alone {spread(t['pandas'])} "
            f"(ingest takes {ratio(t['ingest_csv'].median, t['pandas'].median)} the parse)",
            {k: v.to_dict() for k, v in t.items()} | {"values": values},
        )
        full_store = workdir / "store0.duckdb"
        again: list[int] = []
        t_re = time_cases(
            {"ingest_csv": lambda: ingest_csv(full_store, [folder])},
            repeat,
            after=lambda _, v: again.append(v.result.added),
        )
        assert set(again) == {0}
        rec.add(
            "re-ingest the same files (idempotent: 0 rows added)",
            f"{what}; the same `ingest_csv` call on the store that holds them; {timing_rule(t_re)}",
            spread(t_re["ingest_csv"]),
            {"ingest_csv": t_re["ingest_csv"].to_dict()},
        )
        ten = [f"SYM{i:03d}" for i in range(min(10, n_symbols))]
        files = [folder / f"sym{i:03d}.csv" for i in range(len(ten))]
        shapes: list[tuple[int, int]] = []

        def ours() -> pd.DataFrame:
            with store_data(full_store) as data:
                return data.returns(ten).returns

        t_load = time_cases(
            {"ours": ours, "pandas": lambda: pandas_returns(files)},
            LOAD_REPEATS,
            after=lambda k, v: shapes.append(v.shape) if k == "ours" else None,
        )
        rec.add(
            f"load aligned returns of {len(ten)} series × {years} years",
            f"`store_data(store).returns(symbols)` (how every analysis service reads: NYSE "
            f"sessions, log returns, vintages, provenance; store opened read-only each run) "
            f"vs pandas `read_csv` of the same {len(ten)} files + log returns (no calendar, "
            f"no vintages); {timing_rule(t_load)}",
            f"{spread(t_load['ours'])} ({shapes[-1][0]:,} sessions) vs pandas "
            f"{spread(t_load['pandas'])}",
            {k: v.to_dict() for k, v in t_load.items()},
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rec.write(args)


if __name__ == "__main__":
    main()
