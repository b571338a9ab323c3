"""The real data, ingested and reported as ``bubblelink ingest csv`` and ``report`` do.

Run ``python bench/bench_report.py`` (the real files of ``../shared/data/real``, or
``$BUBBLELINK_REAL_DATA``: Yahoo daily bars, FRED series, CoinGecko market cap) or
``--quick`` (the SYNTHETIC sample market from 2023-01-03, for CI without the real data).

* **ingest**: ``bubblelink.service.ingest.ingest_csv(store, [DIR])`` on the whole
  directory (its ``symbols.csv`` maps the files), each run into a new store;
* **report**: ``bubblelink.report.write_report(out, store)`` — every section and the
  summary, written to a file — what ``bubblelink report --out FILE`` runs; the slowest
  sections of the last run are named, with the CPU time of one build (process time,
  every thread: on a loaded machine the wall time grows, the CPU time much less) and
  how many service calls and store reads the report shared between sections.

The timing rule is :mod:`harness`'s (warm-up, median).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from itertools import count
from pathlib import Path
from typing import Any

from bubblelink.report import write_report
from bubblelink.service.ingest import ingest_csv
from harness import (
    HERE,
    Recorder,
    bench_parser,
    mode_of,
    sample_market,
    sample_store,
    seconds,
    spread,
    time_cases,
    timing_rule,
)

REAL = Path(os.environ.get("BUBBLELINK_REAL_DATA", HERE.parent.parent / "shared" / "data" / "real"))
REPEATS = {"quick": 2, "default": 3, "full": 5}
QUICK_START = "2023-01-03"


def ingest_real(rec: Recorder, workdir: Path, repeat: int) -> tuple[Path, str]:
    """Time ``ingest_csv`` on the real directory; the first store it wrote, and its name."""
    if not (REAL / "symbols.csv").exists():
        raise SystemExit(f"real data not found at {REAL}: set BUBBLELINK_REAL_DATA or use --quick")
    stores = (workdir / f"real{i}.duckdb" for i in count())
    added: list[int] = []
    t = time_cases(
        {"ingest": lambda: ingest_csv(next(stores), [REAL])},
        repeat,
        after=lambda _, v: added.append(v.result.added),
    )
    files = sum(1 for p in REAL.glob("*.csv") if p.name != "symbols.csv")
    data = f"the real data ({REAL.name}/: {files} files, {added[-1]:,} values)"
    rec.add(
        "ingest the real data directory",
        f"`bubblelink.service.ingest.ingest_csv(store, [DIR])` on {data}, each run into a new "
        f"store; {timing_rule(t)}",
        spread(t["ingest"]),
        {"ingest": t["ingest"].to_dict(), "values": added[-1]},
    )
    return workdir / "real0.duckdb", data


def _cpu_build(store: Path, out: Path) -> tuple[float, int, int]:
    """One more build: its CPU seconds, the service calls answered from the report's
    memo and the store reads answered from the shared reads (asked minus made)."""
    from bubblelink.report import sections
    from bubblelink.service import data
    from bubblelink.store import Store

    counts = {"calls_asked": 0, "calls_made": 0, "reads_asked": 0, "reads_made": 0}
    patched: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, wrap: Any) -> None:
        original = getattr(owner, name)
        patched.append((owner, name, original))
        setattr(owner, name, wrap(original))

    def count_call(original: Any) -> Any:
        def call(self: Any, function: Any, **kw: Any) -> Any:
            counts["calls_asked"] += 1
            before = len(self.memo)
            try:
                return original(self, function, **kw)
            finally:
                counts["calls_made"] += len(self.memo) - before

        return call

    def count(key: str) -> Any:
        def wrap(original: Any) -> Any:
            def counted(*a: Any, **k: Any) -> Any:
                counts[key] += 1
                return original(*a, **k)

            return counted

        return wrap

    patch(sections.ReportContext, "call", count_call)
    patch(data, "_read_key", count("reads_asked"))  # once per read asked
    patch(Store, "read", count("reads_made"))  # once per read sent to DuckDB
    patch(Store, "read_vintages", count("reads_made"))
    try:
        started = time.process_time()
        write_report(out, store=store)
        cpu = time.process_time() - started
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)
    return (
        cpu,
        counts["calls_asked"] - counts["calls_made"],
        counts["reads_asked"] - counts["reads_made"],
    )


def bench_report(rec: Recorder, store: Path, data: str, out: Path, repeat: int) -> None:
    kept: list[Any] = []
    t = time_cases(
        {"report": lambda: write_report(out, store=store)},
        repeat,
        after=lambda _, v: kept.append(v),
    )
    document = kept[-1]
    slowest = sorted(document.sections, key=lambda s: s.seconds, reverse=True)[:3]
    parts = ", ".join(f"{s.id} {seconds(s.seconds)}" for s in slowest)
    missing = document.unavailable()
    cpu, shared_calls, shared_reads = _cpu_build(store, out)
    rec.add(
        "HTML report, every section",
        f"`bubblelink.report.write_report(out, store)` (what `bubblelink report --out` runs) "
        f"on {data}; {timing_rule(t)}",
        f"{spread(t['report'])} (CPU {cpu:.1f} s; slowest sections in the last run: {parts}; "
        f"{len(document.sections) - len(missing)} of {len(document.sections)} built; "
        f"{shared_calls} service calls and {shared_reads} store reads shared)",
        {
            "report": t["report"].to_dict(),
            "cpu_s": cpu,
            "sections_s": {s.id: s.seconds for s in document.sections},
            "shared_service_calls": shared_calls,
            "shared_store_reads": shared_reads,
            "unavailable": missing,
        },
    )


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="the sample market from 2023 (no real data needed)",
        default=f"the real data in {REAL}",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    repeat = REPEATS[mode]
    rec = Recorder("bench_report.py", mode)
    workdir = Path(tempfile.mkdtemp(prefix="bubblelink-bench-"))
    try:
        if args.quick:
            with sample_store(QUICK_START) as store:
                bench_report(rec, store, sample_market(QUICK_START), workdir / "r.html", repeat)
        else:
            store, data = ingest_real(rec, workdir, repeat)
            bench_report(rec, store, data, workdir / "r.html", repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rec.write(args)


if __name__ == "__main__":
    main()
