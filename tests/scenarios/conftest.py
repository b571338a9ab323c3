"""Fixtures of the scenario tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bubblelink.ingest import ingest
    from bubblelink.providers.sample import SampleProvider
    from bubblelink.store import Store

    path = tmp_path_factory.mktemp("scenario-sample") / "store.duckdb"
    with Store(path) as st:
        ingest(st, SampleProvider().fetch(), "sample")
    return path
