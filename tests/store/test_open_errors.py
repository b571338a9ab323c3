"""Store-open failures say what is actually wrong (not always "another process writing")."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bubblelink.errors import StoreError
from bubblelink.store import Store


def _healthy(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS x FROM range(200000)")
    con.close()
    return path


@pytest.mark.parametrize("read_only", [True, False])
def test_a_folder(tmp_path: Path, read_only: bool) -> None:
    folder = tmp_path / "store.duckdb"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder, not a store file") as info:
        Store(folder, read_only=read_only)
    assert "another bubblelink process" not in str(info.value)


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n" * 50])
@pytest.mark.parametrize("read_only", [True, False])
def test_not_a_duckdb_file(tmp_path: Path, content: bytes, read_only: bool) -> None:
    path = tmp_path / "store.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="is not a DuckDB database") as info:
        Store(path, read_only=read_only)
    assert str(path) in str(info.value) and "another bubblelink process" not in str(info.value)
    assert path.read_bytes() == content  # nothing written


@pytest.mark.parametrize("read_only", [True, False])
def test_a_truncated_store(tmp_path: Path, read_only: bool) -> None:
    whole = _healthy(tmp_path / "whole.duckdb").read_bytes()
    path = tmp_path / "store.duckdb"
    path.write_bytes(whole[:5000])
    with pytest.raises(StoreError, match="truncated or damaged") as info:
        Store(path, read_only=read_only)
    assert "another bubblelink process" not in str(info.value)
    assert info.value.public_message.startswith("the server cannot open its store")
    assert str(path) not in info.value.public_message


def test_a_lock_held_by_another_process(tmp_path: Path) -> None:
    path = _healthy(tmp_path / "store.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match=r"process \d+ \(.*\) holds its lock"):
            Store(path, read_only=True, wait=0)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    time.sleep(0.1)
    Store(path, read_only=False).close()  # free again once the holder is gone
