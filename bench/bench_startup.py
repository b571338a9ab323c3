"""CLI start-up benchmark: ``bubblelink --help`` and ``--version`` against Python itself.

Each command runs as a fresh process (what a user waits for), several times; the median
wall time is reported next to, in the same run, ``python -c pass`` (the floor) and
``python -c "import pandas"`` (what every command paid before the CLI imported lazily).
Also a real command (``series list`` on a tiny store) to show what a command that
computes costs. Target: ``--help`` and ``--version`` under 0.5 s.

Run: ``python bench/bench_startup.py`` (median of 7 fresh processes after 1 warm-up
per command) or ``--quick`` (3). The commands run one after another, not interleaved:
each is a separate process launched the same way.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Recorder, bench_parser, mode_of, seconds

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
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="median of 3 processes",
        default="median of 7 processes",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    repeat = 3 if args.quick else 7
    rec = Recorder("bench_startup.py", mode)
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
        results = {name: wall(argv, repeat) for name, argv in rows}
    floor = results["python -c pass"]
    pandas_cost = results["python -c 'import pandas'"]
    print(f"{'command':<30} {'median s':>9} {'x python':>9} {'x import pandas':>16}")
    for name, value in results.items():
        print(f"{name:<30} {value:>9.3f} {value / floor:>9.1f} {value / pandas_cost:>16.2f}")
    rec.add(
        "CLI start-up: `bubblelink --help` / `--version` (fresh process)",
        f"wall time of a fresh process, median of {repeat} after 1 warm-up per command; "
        'beside it, the same way: `python -c pass` (the floor) and `python -c "import '
        'pandas"` (what every command paid before the CLI imported lazily)',
        f"{seconds(results['bubblelink --help'])} / {seconds(results['bubblelink --version'])}"
        f" (`python -c pass` {seconds(floor)}, `import pandas` {seconds(pandas_cost)}; "
        f"`series list` on a small store {seconds(results['bubblelink series list'])})",
        {name: {"median_s": value, "runs": repeat, "warmup": 1} for name, value in results.items()},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
