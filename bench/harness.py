"""What every benchmark shares: one timing rule, one results file, one way to say the setup.

Timing rule (:func:`time_cases`): each case is called ``warmup`` times untimed (JIT,
caches, imports), then ``repeat`` rounds in which every case runs once, the order
rotated from round to round so that background load and cache state hit the peers
alike; the figure is the **median** of a case's ``repeat`` runs (never the best), shown
with its min–max. ``gc.collect()`` runs before each timed call, outside the timing.

Results file (:class:`Recorder`): every script writes its rows — ``benchmark``,
``setup``, ``result`` (the text the README shows) and ``values`` (the raw numbers) —
into ``bench/results.json`` under the script's name, with the machine it ran on, the
mode (``quick``/``default``/``full``) and the time. ``bench/render_readme.py`` renders
the README's table from that file alone. ``--quick`` is a smoke run: it prints and
writes nothing unless ``--results PATH`` is given, so CI-size figures never reach the
README by accident.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from unittest import mock

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


@dataclass(frozen=True)
class Timing:
    """Wall times of one case: the median of ``runs`` (after ``warmup`` untimed calls)."""

    runs: tuple[float, ...]
    warmup: int

    @property
    def median(self) -> float:
        return float(statistics.median(self.runs))

    @property
    def low(self) -> float:
        return min(self.runs)

    @property
    def high(self) -> float:
        return max(self.runs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "median_s": self.median,
            "min_s": self.low,
            "max_s": self.high,
            "runs": len(self.runs),
            "warmup": self.warmup,
        }


def time_cases(
    cases: Mapping[str, Callable[[], Any]],
    repeat: int,
    warmup: int = 1,
    after: Callable[[str, Any], None] | None = None,
) -> dict[str, Timing]:
    """Time every case ``repeat`` times, interleaved and rotated; medians (module docstring).

    ``after(name, value)`` receives each timed call's return value (e.g. to keep one
    for a comparison) outside the timing; the value is dropped before the next call.
    """
    names = list(cases)
    for name in names:
        for _ in range(warmup):
            cases[name]()
            gc.collect()
    runs: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        k = round_ % len(names)
        for name in names[k:] + names[:k]:
            gc.collect()
            started = time.perf_counter()
            value = cases[name]()
            runs[name].append(time.perf_counter() - started)
            if after is not None:
                after(name, value)
            del value
    gc.collect()
    return {name: Timing(tuple(runs[name]), warmup) for name in names}


@contextmanager
def stage_clock(targets: Mapping[str, tuple[Any, str]]) -> Iterator[dict[str, list[float]]]:
    """Time the stages of the real call: ``label → (owner, attribute)`` wrapped in a timer.

    Inside the block every call of ``owner.attribute`` (a module function, or a method
    patched on its class) appends its wall time to ``spent[label]``; the call itself is
    unchanged. Used to say where the time of a service call goes without re-writing the
    service's steps in the benchmark.
    """
    spent: dict[str, list[float]] = {label: [] for label in targets}
    with ExitStack() as stack:
        for label, (owner, attribute) in targets.items():
            original = getattr(owner, attribute)

            def timed(*args: Any, _original: Any = original, _label: str = label, **kw: Any) -> Any:
                started = time.perf_counter()
                try:
                    return _original(*args, **kw)
                finally:
                    spent[_label].append(time.perf_counter() - started)

            stack.enter_context(mock.patch.object(owner, attribute, timed))
        yield spent


def stage_medians(spent: Mapping[str, list[float]], runs: int) -> dict[str, Timing]:
    """The last ``runs`` calls of each stage (one call per timed run) as timings."""
    return {label: Timing(tuple(values[-runs:]), 0) for label, values in spent.items()}


def sample_market(start: str | None) -> str:
    """How a setup names the sample market it ran on."""
    from bubblelink.providers.sample import DEFAULT_END, DEFAULT_START

    return f"the SYNTHETIC sample market {start or DEFAULT_START} to {DEFAULT_END}"


@contextmanager
def sample_store(start: str | None = None) -> Iterator[Path]:
    """A new store holding the sample market, built by the ingest service (not timed)."""
    from bubblelink.service.ingest import ingest_sample

    folder = Path(tempfile.mkdtemp(prefix="bubblelink-bench-"))
    try:
        path = folder / "sample.duckdb"
        ingest_sample(path, start=start)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def seconds(value: float) -> str:
    """A duration with 3 significant figures in s or ms: ``0.352 s``, ``7.93 ms``."""
    if value >= 100:
        return f"{value:.0f} s"
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} µs"


def span(low: float, high: float) -> str:
    """``341–370 ms``: a range of durations, the unit written once when it is shared."""
    a, b = seconds(low), seconds(high)
    if a.split()[-1] == b.split()[-1]:
        a = a.rsplit(" ", 1)[0]
    return f"{a}–{b}"


def spread(timing: Timing) -> str:
    """``352 ms (341–370 ms)``: the median and the range of the runs."""
    return f"{seconds(timing.median)} ({span(timing.low, timing.high)})"


def ratio(slow: float, fast: float) -> str:
    """``13.8×`` (3 significant figures)."""
    value = slow / fast
    return f"{value:.3g}×" if value < 1000 else f"{value:,.0f}×"


def versus(peer: float, ours: float) -> str:
    """How much longer the peer took, bold: ``**13.8×**``, or ``**0.89×**, ours slower``."""
    return f"**{ratio(peer, ours)}**" + (", ours slower" if peer < ours else "")


def difference(value: float) -> str:
    """A largest absolute difference: ``3e-15``, or ``0`` when the outputs are identical."""
    return "0" if value == 0 else f"{value:.0e}"


def timing_rule(timings: Mapping[str, Timing]) -> str:
    """How the figures were taken, for the setup column (one phrase for all the cases)."""
    runs = {len(t.runs) for t in timings.values()}
    warm = {t.warmup for t in timings.values()}
    r = "/".join(str(n) for n in sorted(runs))
    w = "/".join(str(n) for n in sorted(warm))
    peers = ", peers interleaved" if len(timings) > 1 else ""
    return f"median of {r} runs after {w} warm-up{'s' if warm != {1} else ''}{peers}"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _meminfo(key: str) -> int:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> float:
    """The 1-minute load average (other processes compete for the cores)."""
    try:
        return float(os.getloadavg()[0])
    except OSError:
        return float("nan")


def blas_threads() -> str:
    """The BLAS pools numpy has loaded and their threads, e.g. ``openblas 2 threads``."""
    from threadpoolctl import threadpool_info

    pools = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    kinds = dict.fromkeys(
        f"{i['internal_api']} {i['num_threads']} thread{'s' if i['num_threads'] != 1 else ''}"
        for i in pools
    )
    return ", ".join(kinds) or "none"


def machine() -> dict[str, Any]:
    """The machine and the libraries the figures were measured with."""
    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_meminfo("MemTotal") / 2**30, 1),
        "python": platform.python_version(),
        "blas": blas_threads(),
    }
    for package in ("numpy", "pandas", "numba", "numbagg", "duckdb", "statsmodels", "scipy"):
        info[package] = _version(package)
    return info


def bench_parser(description: str, quick: str, default: str, full: str | None = None) -> Any:
    """The options every script takes: ``--quick`` (and ``--full``), ``--results``."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--quick", action="store_true", help=f"CI-size smoke run: {quick}")
    if full is not None:
        sizes.add_argument("--full", action="store_true", help=f"the full size: {full}")
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help=f"results file to update (default: {RESULTS.relative_to(HERE.parent)}, "
        f"except with --quick, which writes only when given a path); default size: {default}",
    )
    return parser


def mode_of(args: Any) -> str:
    return "quick" if args.quick else ("full" if getattr(args, "full", False) else "default")


@dataclass
class Recorder:
    """Rows of one script, written into the results file (one section per script)."""

    script: str
    mode: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    load: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.started = datetime.now(UTC)
        self.load.append(load_average())

    def add(
        self, benchmark: str, setup: str, result: str, values: Mapping[str, Any] | None = None
    ) -> None:
        """One row of the README table, printed as it is recorded."""
        self.rows.append(
            {"benchmark": benchmark, "setup": setup, "result": result, "values": dict(values or {})}
        )
        print(f"\n{benchmark}\n  setup : {setup}\n  result: {result}", flush=True)

    def section(self) -> dict[str, Any]:
        self.load.append(load_average())
        return {
            "script": f"bench/{self.script}",
            "mode": self.mode,
            "run_at": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "seconds": round((datetime.now(UTC) - self.started).total_seconds(), 1),
            "load_average": [round(v, 2) for v in self.load],
            "machine": machine(),
            "rows": self.rows,
        }

    def write(self, args: Any) -> Path | None:
        """Merge this script's section into the results file (see the module docstring)."""
        path = args.results if args.results is not None else (None if args.quick else RESULTS)
        if path is None:
            print("\n(--quick: results not written; pass --results PATH to keep them)")
            return None
        document: dict[str, Any] = {"benchmarks": {}}
        if path.exists():
            document = json.loads(path.read_text(encoding="utf-8"))
        key = Path(self.script).stem
        document.setdefault("benchmarks", {})[key] = self.section()
        document["benchmarks"] = dict(sorted(document["benchmarks"].items()))
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwrote {len(self.rows)} rows to {path}")
        return path
