"""CLI start-up benchmark: ``bubblelink --help`` and ``--version`` against Python itself.

Each command runs as a fresh process (what a user waits for), several times; the median
wall time is reported next to, in the same run, ``python -c pass`` (the floor) and
``python -c "import pandas"`` (what every command paid before the CLI imported lazily).
Also a real command (``series list`` on a tiny store) to show what a command that
computes costs. Target: ``--help`` and ``--version`` under 0.5 s.

Run: ``python bench/bench_startup.py [--repeat 7]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def wall(argv: list[str], repeat: int) -> float:
    """Median wall time of ``argv`` over ``repeat`` fresh processes (one warm-up first)."""
    subprocess.run(argv, capture_output=True, check=True)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cli = str(BIN / "bubblelink")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "s.duckdb"
        subprocess.run(
            [cli, "ingest", "sample", "--start", "2026-01-02", "--store", str(store)],
            capture_output=True,
            check=True,
        )
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("python -c 'import pandas'", [sys.executable, "-c", "import pandas"]),
            ("bubblelink --help", [cli, "--help"]),
            ("bubblelink --version", [cli, "--version"]),
            ("bubblelink corr --help", [cli, "corr", "--help"]),
            ("bubblelink series list", [cli, "series", "list", "--store", str(store)]),
        ]
        results = [(name, wall(argv, args.repeat)) for name, argv in rows]
    floor = results[0][1]
    pandas_cost = results[1][1]
    print(f"{'command':<30} {'median s':>9} {'x python':>9} {'x import pandas':>16}")
    for name, seconds in results:
        print(f"{name:<30} {seconds:>9.3f} {seconds / floor:>9.1f} {seconds / pandas_cost:>16.2f}")
    help_s = dict(results)["bubblelink --help"]
    version_s = dict(results)["bubblelink --version"]
    verdict = "PASS" if max(help_s, version_s) < 0.5 else "FAIL"
    print(f"--help {help_s:.3f} s, --version {version_s:.3f} s (target < 0.5 s): {verdict}")


if __name__ == "__main__":
    main()
