"""Progress on stderr: the non-terminal line fallback, and the callbacks the services make."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.cli import progress as progress_module
from bubblelink.cli.progress import LineProgress
from tests.clirunner import CliRunner

Call = tuple[str, int, int, str]


class FakeClock:
    """Seconds set by the test."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _csv_dir(root: Path, names: list[str], days: int = 12) -> Path:
    """Hand-made daily close files, one per name (symbol = upper-cased file name)."""
    root.mkdir()
    dates = pd.date_range("2024-01-01", periods=days, freq="D")
    for i, name in enumerate(names):
        pd.DataFrame(
            {"date": dates.strftime("%Y-%m-%d"), "close": 100.0 + i + pd.RangeIndex(days)}
        ).to_csv(root / f"{name}.csv", index=False)
    return root


def test_line_progress_waits_then_prints_at_most_every_interval() -> None:
    clock, lines = FakeClock(), []
    show = LineProgress(lines.append, clock=clock, after=1.0, interval=2.0)
    # (seconds since start, done, item): one call per step of a 48-step task
    steps = [(0.0, 0, "AAA"), (0.5, 1, "BBB"), (1.2, 2, "CCC"), (2.0, 3, "DDD"),
             (3.1, 4, "EEE"), (3.3, 5, "FFF"), (5.2, 6, "GGG"), (6.0, 48, "")]  # fmt: skip
    for at, done, item in steps:
        clock.now = 100.0 + at
        show("ingest csv", done, 48, item)
    assert lines == [
        "ingest csv: 2/48 CCC (1 s)",  # the first call after 1 s
        # 2.0 s and 3.1 s: less than 2 s after the previous line
        "ingest csv: 5/48 FFF (3 s)",  # 2.1 s after it
        # 5.2 s: 1.9 s after it
        "ingest csv: 48/48 done (6 s)",  # the closing line of a task that printed
    ]


def test_a_fast_run_prints_nothing_and_small_tasks_never_print() -> None:
    clock, lines = FakeClock(), []
    show = LineProgress(lines.append, clock=clock, after=1.0, interval=2.0)
    for done in range(10):
        clock.now += 0.05
        show("ingest yahoo", done, 10, f"S{done}")
    show("ingest yahoo", 10, 10, "")
    assert lines == []
    # one step: nothing even after a long time
    show("report", 0, 1, "only")
    clock.now += 60
    show("report", 1, 1, "")
    assert lines == []


def test_each_label_is_its_own_task_and_restarts_after_finishing() -> None:
    clock, lines = FakeClock(), []
    show = LineProgress(lines.append, clock=clock, after=0.0, interval=10.0)
    show("ingest csv", 0, 2, "a.csv")
    show("report", 0, 3, "Risk")
    show("ingest csv", 2, 2, "")
    clock.now += 1
    show("ingest csv", 0, 2, "again.csv")  # a new task under the same label
    assert lines == [
        "ingest csv: 0/2 a.csv (0 s)",
        "report: 0/3 Risk (0 s)",
        "ingest csv: 2/2 done (0 s)",
        "ingest csv: 0/2 again.csv (0 s)",
    ]


def test_ingest_csv_of_a_directory_reports_each_file_then_each_series(tmp_path: Path) -> None:
    from bubblelink.service.ingest import ingest_csv

    names = ["aaa", "bbb", "ccc", "ddd"]
    folder = _csv_dir(tmp_path / "files", names)
    calls: list[Call] = []
    result = ingest_csv(tmp_path / "s.duckdb", [folder], progress=lambda *c: calls.append(c))
    assert result.result.ok
    files = [c for c in calls if c[0] == "ingest csv"]
    assert [c[1] for c in files] == [0, 1, 2, 3, 4]
    assert {c[2] for c in files} == {4}
    assert [c[3] for c in files] == [f"{n}.csv" for n in names] + [""]
    checks = [c for c in calls if c[0] == "ingest csv: validate, write"]
    assert [c[1] for c in checks] == [0, 1, 2, 3, 4, 5] and {c[2] for c in checks} == {5}
    assert [c[3] for c in checks[:4]] == ["AAA", "BBB", "CCC", "DDD"]
    assert checks[4][3] == "write 4 series"
    # files first, then validation; counts never go down within a task
    assert calls.index(files[-1]) < calls.index(checks[0])


def test_cli_ingest_prints_progress_lines_on_stderr_when_not_a_terminal(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "LINE_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "LINE_INTERVAL_SECONDS", 0.0)
    folder = _csv_dir(tmp_path / "files", ["aaa", "bbb", "ccc"])
    result = cli("ingest", "csv", folder, "--store", tmp_path / "s.duckdb", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["added"] == 36  # stdout is the result only
    lines = result.err.splitlines()
    assert [ln.split(" (")[0] for ln in lines if ln.startswith("ingest csv: ") and "/3" in ln] == [
        "ingest csv: 0/3 aaa.csv",
        "ingest csv: 1/3 bbb.csv",
        "ingest csv: 2/3 ccc.csv",
        "ingest csv: 3/3 done",
    ]
    assert any(ln.startswith("ingest csv: validate, write: 3/4 write 3 series") for ln in lines)


def test_cli_ingest_with_the_default_thresholds_prints_no_progress_for_a_fast_run(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "LINE_AFTER_SECONDS", 1e9)  # "a run shorter than that"
    folder = _csv_dir(tmp_path / "files", ["aaa", "bbb"])
    result = cli("ingest", "csv", folder, "--store", tmp_path / "s.duckdb")
    assert result.code == 0 and result.err == ""


def test_the_old_import_path_still_works() -> None:
    from bubblelink.cli.ingest import progress_bar

    assert progress_bar is progress_module.progress_bar


def test_report_build_calls_progress_per_section_without_changing_the_report(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bubblelink.report import build_report
    from bubblelink.report import sections as report_sections

    def one(ctx: report_sections.ReportContext) -> report_sections.Section:
        return report_sections.Section("one", "First")

    def two(ctx: report_sections.ReportContext) -> report_sections.Section:
        raise report_sections.BubblelinkError("no data for two")

    monkeypatch.setattr(
        report_sections, "SECTIONS", (("one", "First", one), ("two", "Second", two))
    )
    calls: list[Call] = []
    with_progress = build_report(sample_store, progress=lambda *c: calls.append(c))
    assert calls == [("report", 0, 2, "First"), ("report", 1, 2, "Second"), ("report", 2, 2, "")]
    plain = build_report(sample_store)
    assert [s.id for s in with_progress.sections] == [s.id for s in plain.sections]
    assert with_progress.unavailable() == plain.unavailable() == {"two": "no data for two"}


def test_on_a_terminal_the_progress_is_a_bar_not_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from bubblelink.cli import output

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100, highlight=False)
    monkeypatch.setattr(output, "stderr_console", lambda: terminal)
    monkeypatch.setattr(progress_module, "LINE_AFTER_SECONDS", 0.0)
    with progress_module.progress_bar() as show:
        assert not isinstance(show, LineProgress)
        show("ingest csv", 0, 3, "aaa.csv")
        show("ingest csv", 2, 3, "ccc.csv")
        show("ingest csv", 3, 3, "")
    drawn = screen.getvalue()
    assert "ingest csv" in drawn and "3/3" in drawn  # the bar (redrawn on a timer)
    assert "ingest csv: 2/3" not in drawn  # no line-mode text on a terminal
