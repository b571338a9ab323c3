"""``bubblelink store info`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from bubblelink.store import Store
from tests.clirunner import CliRunner


def test_store_info_counts_what_the_store_holds(cli: CliRunner, sample_store: Path) -> None:
    result = cli("store", "info", "--store", sample_store, "--format", "json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    with Store(sample_store, read_only=True) as st:
        assert body["series"] == len(st.series_ids())
        assert body["observation_rows"] == st.row_count()
        assert body["ingests"] == len(st.ingest_log())
    assert body["schema_version"] == 1
    assert body["size_bytes"] == sample_store.stat().st_size
    assert body["last_ingest"] is not None


def test_store_info_on_a_missing_store_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("store", "info", "--store", tmp_path / "nope.duckdb")
    assert result.code == 2 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
