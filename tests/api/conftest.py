"""Fixtures of the API tests: an app on a sample-market store and a test client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from bubblelink.api import ApiSettings, create_app
from tests.report.stores import add_hostile_series, build_sample_store

warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample market from 2023 (short: fast analyses) plus the hostile series."""
    path = build_sample_store(tmp_path_factory.mktemp("api") / "store.duckdb", "2023-01-03")
    return add_hostile_series(path)


@pytest.fixture(scope="session")
def api_app(api_store: Path) -> FastAPI:
    """One app for the session (its cache warms up across tests)."""
    return create_app(ApiSettings(store=api_store))


@pytest.fixture()
def client(api_app: FastAPI) -> Iterator[object]:
    """A TestClient of :func:`api_app`."""
    from fastapi.testclient import TestClient

    with TestClient(api_app, raise_server_exceptions=False) as test_client:
        yield test_client
