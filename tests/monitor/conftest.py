"""Fixtures: the real-data and sample stores (built once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analytics.liquidity.stores import real_store, sample_store


@pytest.fixture(scope="session")
def liquidity_real_store(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return real_store(real_data_dir, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def liquidity_sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.getbasetemp())
