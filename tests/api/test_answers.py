"""Answers kept on disk per store version (``bubblelink serve``'s ``--keep-answers``)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from bubblelink.api import ApiSettings, create_app
from bubblelink.api import answers as answers_module
from bubblelink.api.answers import PersistedAnswers

CALLS: list[Any] = []


def counted_correlation(store: Any, params: Any) -> Any:
    """``linkage:correlation``, counting its calls."""
    from bubblelink.service.linkage import correlation

    CALLS.append(params)
    return correlation(store, params)


def test_round_trip_states_and_trim(tmp_path: Path) -> None:
    kept = PersistedAnswers(tmp_path / "answers", max_bytes=1000)
    store = tmp_path / "a.duckdb"
    kept.put(store, "state-1", ("corr", 1), b'{"x": 1}')
    assert kept.get(store, "state-1", ("corr", 1)) == b'{"x": 1}'
    assert kept.get(store, "state-1", ("corr", 2)) is None  # other parameters
    assert kept.get(store, "state-2", ("corr", 1)) is None  # the store changed
    assert kept.get(tmp_path / "b.duckdb", "state-1", ("corr", 1)) is None  # another store
    # the first answer of a new state deletes the older states of the same store
    kept.put(store, "state-2", ("corr", 1), b'{"x": 2}')
    folders = list((tmp_path / "answers").iterdir())
    assert len(folders) == 1 and len(list(folders[0].iterdir())) == 1
    assert kept.get(store, "state-1", ("corr", 1)) is None
    # beyond max_bytes the oldest answers go, down to half the limit
    for i in range(10):
        kept.put(store, "state-2", ("big", i), b"x" * 300)
    assert kept.get(store, "state-2", ("big", 9)) == b"x" * 300
    assert kept.get(store, "state-2", ("big", 0)) is None
    files = list(next(folders[0].iterdir()).glob("*.json"))
    assert sum(f.stat().st_size for f in files) <= 1000
    assert not list(next(folders[0].iterdir()).glob("*.tmp"))  # no temporary file left


def test_other_code_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = PersistedAnswers(tmp_path)
    kept.put(tmp_path / "s", "state", "key", b"old code")
    monkeypatch.setattr(answers_module, "code_fingerprint", lambda: "another version")
    assert kept.get(tmp_path / "s", "state", "key") is None


def test_unwritable_or_empty_is_a_miss_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    kept = PersistedAnswers(blocker)  # cannot create folders below a file
    kept.put(tmp_path / "s", "state", "key", b"body")  # ignored
    assert kept.get(tmp_path / "s", "state", "key") is None
    good = PersistedAnswers(tmp_path / "ok")
    good.put(tmp_path / "s", "state", "key", b"body")
    next((tmp_path / "ok").rglob("*.json")).write_bytes(b"")
    assert good.get(tmp_path / "s", "state", "key") is None


def test_a_restarted_server_answers_without_computing(
    api_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from bubblelink.api.routes import analyses

    endpoints = tuple(
        dataclasses.replace(e, service="tests.api.test_answers:counted_correlation")
        if e.name == "corr"
        else e
        for e in analyses.ENDPOINTS
    )
    monkeypatch.setattr(analyses, "ENDPOINTS", endpoints)
    store = tmp_path / "store.duckdb"
    shutil.copy(api_store, store)
    kept = tmp_path / "answers"
    CALLS.clear()

    def bodies(answers: Path | None) -> tuple[bytes, bytes, int]:
        with TestClient(create_app(ApiSettings(store=store, answers=answers))) as client:
            json = client.get("/api/corr", params={"window": 30})
            chart = client.get("/api/charts/corr", params={"window": 30})
            missing = client.get("/api/corr", params={"a": "NO-SUCH-SYMBOL"})
        assert json.status_code == chart.status_code == 200 and missing.status_code == 404
        return json.content, chart.content, len(CALLS)

    first = bodies(kept)
    assert first[2] == 2  # computed (the failed request too); JSON and chart share one
    again = bodies(kept)
    assert again == (first[0], first[1], 3)  # the same bytes; only the 404 was computed
    assert len(list(kept.rglob("*.json"))) == 2  # errors are not kept
    assert bodies(None)[2] == 5  # without the folder: computed again
    # a write to the store (its modification time) is a new store version
    stamp = store.stat()
    os.utime(store, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert bodies(kept)[2] == 7
    assert len(list(kept.iterdir())) == 1 and len(list(next(kept.iterdir()).iterdir())) == 1
