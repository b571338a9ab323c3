"""Fixtures of the report tests: a sample-market store and one with a hostile symbol."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.stores import add_hostile_series, build_sample_store


@pytest.fixture(scope="session")
def report_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full sample market (2017-2026), built once per session."""
    return build_sample_store(tmp_path_factory.mktemp("report") / "store.duckdb")


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample market from 2023 plus a series named ``<SCRIPT>...</SCRIPT>``."""
    path = build_sample_store(tmp_path_factory.mktemp("hostile") / "store.duckdb", "2023-01-03")
    return add_hostile_series(path)
