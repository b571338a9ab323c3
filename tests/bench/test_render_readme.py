"""The README's benchmark table is exactly what bench/render_readme.py makes of bench/results.json."""

from __future__ import annotations

import importlib.util
import json
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
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


render = _load("render_readme")


def _section(script: str, rows: list[dict[str, Any]], mode: str = "default") -> dict[str, Any]:
    return {
        "script": f"bench/{script}.py",
        "mode": mode,
        "run_at": "2026-01-02T03:04:05Z",
        "load_average": [0.5, 1.5],
        "machine": {"cpu": "CPU", "cores": 2, "memory_gib": 23.6, "python": "3.11.9"},
        "rows": rows,
    }


def _row(name: str, setup: str = "median of 5 runs after 1 warm-up", result: str = "1 s") -> dict:
    return {"benchmark": name, "setup": setup, "result": result, "values": {}}


def test_readme_table_equals_the_rendering_of_the_results_file() -> None:
    readme = render.README.read_text(encoding="utf-8")
    table = render.render_table(render.load_results(render.RESULTS))
    assert render.rewrite(readme, table) == readme, (
        "README.md's benchmark table is stale: run `python bench/render_readme.py`"
    )


def test_every_recorded_figure_states_a_median_setup_and_its_script() -> None:
    results = render.load_results(render.RESULTS)
    for key, section in results["benchmarks"].items():
        assert (BENCH / f"{key}.py").exists(), f"no script for section {key}"
        assert section["rows"], f"{key} recorded no rows"
        for row in section["rows"]:
            assert row["setup"].strip() and row["result"].strip()
            assert "best of" not in row["setup"].lower() + row["result"].lower()


def test_rows_follow_the_script_order_after_the_machine_row() -> None:
    results = {
        "benchmarks": {
            "bench_zzz": _section("bench_zzz", [_row("last")]),
            "bench_api": _section("bench_api", [_row("api")]),
            "bench_store": _section("bench_store", [_row("ingest"), _row("load")], "full"),
        }
    }
    lines = render.render_table(results).splitlines()
    assert lines[:2] == ["| benchmark | setup | result |", "|---|---|---|"]
    names = [line.split(" | ")[0].removeprefix("| ") for line in lines[2:]]
    assert names == ["machine and runs", "ingest (`--full`)", "load (`--full`)", "api", "last"]
    assert "(`bench/bench_store.py`)" in lines[3]
    assert "load average 0.5–1.5" in lines[2] and "run 2026-01-02" in lines[2]


def test_cells_stay_on_one_line_with_pipes_escaped() -> None:
    results = {"benchmarks": {"bench_x": _section("bench_x", [_row("a|b", "x\ny", "p | q")])}}
    row = render.render_table(results).splitlines()[-1]
    assert row == "| a\\|b | x y (`bench/bench_x.py`) | p \\| q |"
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # three cells, four unescaped pipes


def test_rewrite_replaces_only_what_lies_between_the_markers() -> None:
    text = f"intro\n{render.START}\nold | table\n{render.END}\noutro\n"
    assert render.rewrite(text, "NEW") == f"intro\n{render.START}\nNEW\n{render.END}\noutro\n"
    again = render.rewrite(render.rewrite(text, "NEW"), "NEW")
    assert again == render.rewrite(text, "NEW")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no markers", "exactly once each"),
        (f"{render.START}{render.START}{render.END}", "exactly once each"),
        (f"{render.END} x {render.START}", "comes before"),
    ],
)
def test_bad_markers_are_a_one_line_error(text: str, message: str) -> None:
    with pytest.raises(render.RenderError, match=message) as caught:
        render.rewrite(text, "T")
    assert "\n" not in str(caught.value)


def test_empty_or_missing_results_are_errors(tmp_path: Path) -> None:
    with pytest.raises(render.RenderError, match="no benchmarks"):
        render.render_table({"benchmarks": {}})
    with pytest.raises(render.RenderError, match="not found"):
        render.load_results(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(render.RenderError, match="not valid JSON"):
        render.load_results(bad)


def test_recorder_merges_sections_that_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    harness = _load("harness")
    path = tmp_path / "results.json"

    class Args:
        quick = False
        results = path

    for script, name in (("bench_api.py", "api row"), ("bench_store.py", "store row")):
        rec = harness.Recorder(script, "default")
        rec.add(name, "median of 3 runs after 1 warm-up", "2 s", {"x": 1})
        rec.write(Args())
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(document["benchmarks"]) == ["bench_api", "bench_store"]
    table = render.render_table(document)
    assert table.index("store row") < table.index("api row")  # ORDER, not file order


def test_time_cases_reports_the_median_of_interleaved_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    harness = _load("harness")
    clock = iter([0.0, 1.0, 10.0, 13.0, 20.0, 22.0, 30.0, 35.0, 40.0, 49.0, 50.0, 52.0])
    calls: list[str] = []
    monkeypatch.setattr(harness.time, "perf_counter", lambda: next(clock))
    timings = harness.time_cases(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeat=3, warmup=1
    )
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b"]  # warm-ups, then rotated rounds
    assert timings["a"].runs == (1.0, 5.0, 9.0) and timings["a"].median == 5.0
    assert timings["b"].runs == (3.0, 2.0, 2.0) and timings["b"].median == 2.0
    assert harness.timing_rule(timings) == "median of 3 runs after 1 warm-up, peers interleaved"
