"""API errors name the problem without listing the store or revealing server paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import bubblelink
from bubblelink.api import ApiSettings, create_app
from bubblelink.api.errors import public_detail
from bubblelink.errors import ConfigError, DataError
from bubblelink.store import Store


def test_unknown_series_404_lists_nothing_and_hides_the_store(client: Any, api_store: Path) -> None:
    with Store(api_store, read_only=True) as store:
        stored = store.series_ids()
    for url in ("/api/series/NOPE", "/api/perf?symbols=NOPE"):
        response = client.get(url)
        assert response.status_code == 404, response.text
        detail = response.json()["detail"]
        assert "unknown series 'NOPE'" in detail
        assert str(api_store) not in response.text and api_store.name not in response.text
        assert not any(f" {sid}," in detail or f" {sid})" in detail for sid in stored)
        assert "stored:" not in detail


def test_the_cli_message_still_names_the_store_and_its_series(api_store: Path) -> None:
    with Store(api_store, read_only=True) as store, pytest.raises(DataError) as info:
        store.meta("NOPE")
    assert str(api_store) in str(info.value) and "stored:" in str(info.value)
    assert str(api_store) not in info.value.public_message


@pytest.mark.parametrize("kind", ["missing", "directory", "not-duckdb"])
def test_store_errors_do_not_reveal_the_store_path(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "secret-folder" / "store.duckdb"
    if kind == "directory":
        path.mkdir(parents=True)
    elif kind == "not-duckdb":
        path.parent.mkdir(parents=True)
        path.write_bytes(b"this is not a database\n" * 100)
    with TestClient(create_app(ApiSettings(store=path)), raise_server_exceptions=False) as c:
        for url in ("/api/health", "/api/series/BTC-USD"):
            response = c.get(url)
            assert response.status_code == 503, response.text
            assert "secret-folder" not in response.text and str(tmp_path) not in response.text


def test_package_folder_is_taken_out_of_422_messages() -> None:
    package = Path(bubblelink.__file__).resolve().parent
    shipped = package / "data" / "claims" / "narrative_2025-12.yaml"
    exc = ConfigError(f"{shipped}:12:3: claim 'x': unknown key 'y'")
    detail = public_detail(exc)
    assert (
        detail == "bubblelink/data/claims/narrative_2025-12.yaml:12:3: claim 'x': unknown key 'y'"
    )
    assert str(package.parent) not in detail
