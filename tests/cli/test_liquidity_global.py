"""``bubblelink liquidity --global`` on the real global-M2 files: table, JSON, CSV, as-of."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.clirunner import CliRunner
from tests.world_store import world_store


@pytest.fixture(scope="module")
def store(shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return world_store(shared_data_dir, tmp_path_factory.getbasetemp())


@pytest.mark.real_data
def test_liquidity_global_json_names_every_component_and_the_missing_fx(
    cli: CliRunner, store: Path
) -> None:
    result = cli("liquidity", "--global", "--store", store, "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    # default as-of: the day the latest month common to every stored component was known
    assert doc["as_of"] == "2025-11-10" and doc["month"] == "2025-09"
    rows = {r["component"]: r for r in doc["components"]}
    assert list(rows) == ["us", "china", "euro_area", "japan", "uk", "canada", "switzerland"]
    assert rows["uk"]["status"] == "missing" and "FX DEXUSUK missing" in rows["uk"]["reason"]
    assert rows["switzerland"]["reason"].startswith("FX DEXSZUS missing")
    assert rows["us"]["usd_value"] == pytest.approx(22176.1)  # M2SL Sep-2025, billions
    used = [r for r in rows.values() if r["status"] == "used"]
    assert doc["total"] == pytest.approx(sum(r["usd_value"] for r in used))
    assert doc["unit"] == "billions USD"
    assert doc["coverage"] is None and "cannot be measured" in doc["coverage_note"]
    assert doc["sufficient"] is False
    assert {p["series"] for p in doc["provenance"]} >= {"M2SL", "CN_M2", "DEXCHUS", "FXUSDCAD"}


@pytest.mark.real_data
def test_liquidity_global_asof_and_csv(cli: CliRunner, store: Path) -> None:
    result = cli("liquidity", "--global", "--store", store, "--asof", "2025-01-31",
                 "--format", "csv")  # fmt: skip
    assert result.code == 0, result.err
    rows = {r["component"]: r for r in csv.DictReader(io.StringIO(result.out))}
    # as of 2025-01-31 Canada (70-day lag) has November 2024 at most: the total is November's
    assert rows["total"]["month"] == "2024-11"
    assert rows["canada"]["released"] == "2025-01-10"
    assert rows["euro_area"]["fx_complete"] == "2024-12-08"  # Nov-30 + 8 days (H.10)
    table = cli("liquidity", "--global", "--store", store, "--asof", "2025-01-31")
    assert table.code == 0 and "coverage cannot be measured" in table.out


def test_btc_vs_global_m2_keeps_the_widest_recent_component_set(store: Path) -> None:
    """On the last price day only the US (and Canada) are current; the slower publishers'
    latest months have gone stale. BTC vs global M2 must not silently narrow to those two:
    it keeps the five components of the latest month they all share and ends its weekly
    sample where that set stops being current."""
    from bubblelink.service.liquidity import global_liquidity

    item = global_liquidity(store)
    btc = item.result.btc
    assert btc is not None
    assert btc.liquidity_label.startswith("global M2 (5 of 7")
    last_week = btc.weekly.index[-1]
    assert last_week.date() < pd.Timestamp("2026-08-21").date()
    assert any("the latest month they all share" in n for n in item.result.notes)
