"""The scan chart of the README (docs/img/scan_scaling.svg) is drawn from bench/results.json."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


chart = _load("scan_chart")


def _results(local: float, two: float, peak_gib: float) -> dict[str, Any]:
    rows = [
        {"benchmark": "scan: target vs 2,000 assets", "values": {
            "kernel_s": 0.5, "local_s": local,
            "dask": {"1": {"wall_s": local}, "2": {"wall_s": two}}}},
        {"benchmark": "scan on Dask: per-task overhead", "values": {"per_task_s": 0.002}},
        {"benchmark": "scan --pairs: top 20", "values": {
            "wall_s": 30.0, "peak_rss_bytes": peak_gib * 2**30, "bound_bytes": 0.5 * 2**30,
            "cube_bytes": 20 * 2**30}},
    ]  # fmt: skip
    return {"benchmarks": {"bench_scan": {"run_at": "2026-01-02T00:00:00Z", "rows": rows,
                                          "load_average": [0.5, 1.0]}}}  # fmt: skip


def _widths(svg: str) -> dict[str, float]:
    found = re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"[^>]*><title>([^:]+):', svg)
    return {label: float(width) for width, label in found}


def test_the_committed_chart_is_the_drawing_of_the_results_file() -> None:
    import json

    results = json.loads((BENCH / "results.json").read_text(encoding="utf-8"))
    assert chart.CHART.read_text(encoding="utf-8") == chart.render(results), (
        "docs/img/scan_scaling.svg is stale: run `python bench/render_readme.py`"
    )


def test_bars_are_proportional_on_each_panel_and_the_target_is_an_outline() -> None:
    svg = chart.render(_results(local=10.0, two=5.0, peak_gib=1.0))
    widths = _widths(svg)
    longest = chart.BAR_SPACE
    assert widths["local engine"] == widths["Dask, 1 worker"] == longest
    assert widths["Dask, 2 workers"] == longest / 2 and widths["kernel alone"] == longest / 20
    # memory: the 2 GB target is the longest bar; 1 GB peak is half of it
    assert widths["issue target"] == longest and widths["peak RSS"] == longest / 2
    assert widths["stated bound"] == longest / 4
    target = re.search(r"<rect [^>]*><title>issue target", svg)
    assert target is not None and 'fill="none"' in target.group(0)
    assert "10.0 s" in svg and "5.0 s" in svg and "500 ms" in svg and "20.0 GB" in svg
    assert chart.render(_results(10.0, 5.0, 1.0)) == svg  # same input, same bytes


def test_no_scan_figures_is_a_clear_error() -> None:
    with pytest.raises(chart.ChartError, match="no bench_scan section"):
        chart.render({"benchmarks": {}})
    broken = _results(1.0, 1.0, 1.0)
    broken["benchmarks"]["bench_scan"]["rows"].pop(2)
    with pytest.raises(chart.ChartError, match="no row 'scan --pairs"):
        chart.render(broken)
