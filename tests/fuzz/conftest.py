"""Print how many inputs each fuzz target ran (for the README counts)."""

from __future__ import annotations

import pytest

from tests.fuzz._harness import RUNS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if RUNS:
        counts = ", ".join(f"{target} {n}" for target, n in sorted(RUNS.items()))
        terminalreporter.write_line(f"fuzz inputs run: {sum(RUNS.values())} ({counts})")
