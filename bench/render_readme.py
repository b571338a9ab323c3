"""Write the README's benchmark table from ``bench/results.json`` (and nothing else).

The table sits between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in README.md;
everything between the markers is replaced, nothing outside them is touched. Columns:
benchmark, setup (sizes, data, what each peer ran with: buffers, threads, the timing
rule), result. Rows come in the order of :data:`ORDER` (scripts not listed follow,
alphabetically), after one row describing the machine and the runs. A section measured
with ``--quick`` or ``--full`` says so in its benchmark cell.

Run ``python bench/render_readme.py`` (``make bench`` does, after the scripts), or with
``--check`` to exit 1 when the README's table is not what the results file gives
(``tests/bench/test_render_readme.py`` checks the same). It also draws the scan chart
``docs/img/scan_scaling.svg`` from the same file (``bench/scan_chart.py``; checked by
``--check`` too).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
README = HERE.parent / "README.md"
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"

#: The order of the sections in the table (file stems of the scripts).
ORDER = (
    "bench_store",
    "bench_correlation",
    "bench_fisher",
    "bench_hac",
    "bench_logit",
    "bench_dcc",
    "bench_spillover",
    "bench_blas_threads",
    "bench_scenario",
    "bench_scenario_engines",
    "bench_report",
    "bench_startup",
    "bench_api",
    "bench_api_load",
)


class RenderError(Exception):
    """The README or the results file cannot be used (one-line message)."""


def cell(text: object) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _sections(results: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    benchmarks = results.get("benchmarks")
    if not isinstance(benchmarks, Mapping) or not benchmarks:
        raise RenderError("the results file has no benchmarks: run the bench scripts first")
    known = [k for k in ORDER if k in benchmarks]
    rest = sorted(k for k in benchmarks if k not in ORDER)
    return [(k, benchmarks[k]) for k in known + rest]


def machine_row(sections: list[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """The machine(s), libraries, run dates and load averages of the sections."""
    machines: list[str] = []
    for _, section in sections:
        m = section.get("machine", {})
        libraries = ", ".join(
            f"{name} {m[name]}"
            for name in ("numpy", "pandas", "numba", "numbagg", "duckdb")
            if m.get(name)
        )
        text = (
            f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('memory_gib', '?')} GiB; "
            f"Python {m.get('python', '?')}, {libraries}"
        )
        if text not in machines:
            machines.append(text)
    dates = sorted(str(s.get("run_at", "?"))[:10] for _, s in sections)
    loads = [v for _, s in sections for v in s.get("load_average", [])]
    when = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "?"
    return [
        "machine and runs",
        "; ".join(machines),
        f"run {when}, each script in its own process; 1-minute load "
        f"average {load} at the start/end of the scripts (other processes shared the cores)",
    ]


def render_table(results: Mapping[str, Any]) -> str:
    """The Markdown table for ``results`` (the parsed results file)."""
    sections = _sections(results)
    rows = [machine_row(sections)]
    for _, section in sections:
        mode = section.get("mode", "default")
        suffix = "" if mode == "default" else f" (`--{mode}`)"
        script = section.get("script", "")
        for row in section.get("rows", []):
            setup = f"{row['setup']} (`{script}`)" if script else row["setup"]
            rows.append([f"{row['benchmark']}{suffix}", setup, row["result"]])
    lines = ["| benchmark | setup | result |", "|---|---|---|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def rewrite(readme: str, table: str) -> str:
    """``readme`` with everything between the two markers replaced by ``table``."""
    if readme.count(START) != 1 or readme.count(END) != 1:
        raise RenderError(
            f"README must contain {START} and {END} exactly once each, the table between them"
        )
    if readme.index(END) < readme.index(START):
        raise RenderError(f"{END} comes before {START} in the README: swap them")
    head, rest = readme.split(START)
    tail = rest.split(END)[1]
    return f"{head}{START}\n{table}\n{END}{tail}"


def load_results(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise RenderError(f"{path} not found: run `make bench` (or a bench script)") from None
    except json.JSONDecodeError as exc:
        raise RenderError(f"{path} is not valid JSON ({exc}): rerun the bench scripts") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the README's table is out of date"
    )
    args = parser.parse_args()
    try:
        text = args.readme.read_text(encoding="utf-8")
        results = load_results(args.results)
        new = rewrite(text, render_table(results))
    except RenderError as exc:
        raise SystemExit(f"render_readme: {exc}") from None
    if args.check:
        if new != text:
            raise SystemExit(
                f"render_readme: the table in {args.readme} is not what {args.results} "
                "gives: run `python bench/render_readme.py`"
            )
        print(f"{args.readme}: benchmark table up to date")
        _scan_chart(results, check=True)
        return
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
        print(f"{args.readme}: benchmark table rewritten from {args.results}")
    else:
        print(f"{args.readme}: benchmark table already up to date")
    _scan_chart(results, check=False)


def _scan_chart(results: Mapping[str, Any], check: bool) -> None:
    """Draw (or check) the scan chart from the same results (``bench/scan_chart.py``)."""
    import sys

    if "bench_scan" not in (results.get("benchmarks") or {}):
        return
    sys.path.insert(0, str(HERE))
    import scan_chart

    try:
        svg = scan_chart.render(results)
    except (scan_chart.ChartError, KeyError) as exc:
        raise SystemExit(f"render_readme: scan chart: {exc}") from None
    path = scan_chart.CHART
    if check:
        if not path.exists() or path.read_text(encoding="utf-8") != svg:
            raise SystemExit(
                f"render_readme: {path} is not what the results give: run "
                "`python bench/render_readme.py`"
            )
        print(f"{path}: scan chart up to date")
        return
    changed = scan_chart.write_chart(results, path)
    print(f"{path}: scan chart {'drawn' if changed else 'already up to date'}")


if __name__ == "__main__":
    main()
