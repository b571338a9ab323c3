"""CLI: liquidity, risk, monitor run and fundamentals show on the sample store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.clirunner import CliRunner


def test_liquidity_json_is_labelled_synthetic(cli: CliRunner, sample_store: Path) -> None:
    result = cli("liquidity", "--store", sample_store, "--asof", "2025-06-30", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["as_of"] == "2025-06-30"
    gauges = {g["gauge"]: g for g in data["gauges"]}
    assert gauges["net_liquidity"]["unit"] == "billions USD"
    assert any("SYNTHETIC" in n for n in data["notes"])
    assert data["btc_vs_liquidity"]["liquidity"] == "US M2 (M2SL) only"


def test_risk_table_and_bad_weights(cli: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    result = cli("risk", "--store", sample_store, "--asof", "2025-06-30")
    assert result.code == 0, result.err
    assert "SYNTHETIC" in result.out and "DESCRIPTIVE" in result.out
    bad = tmp_path / "w.yaml"
    bad.write_text("components: {hy_oas_level: {weight: -2}}\n")
    failed = cli("risk", "--store", sample_store, "--weights", bad)
    assert failed.code == 2
    assert f"{bad}:1:29: components.hy_oas_level.weight: must be >= 0, got -2" in failed.err


def test_monitor_run_twice_and_parse_error(
    cli: CliRunner, sample_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy(sample_store, store)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: hy_any\n    when: level(BAMLH0A0HYM2) > 0\n")
    out = tmp_path / "alerts.jsonl"
    first = cli("monitor", "run", "--rules", rules, "--sink", f"jsonl:{out}", "--store", store)
    assert first.code == 0, first.err
    second = cli(
        "monitor",
        "run",
        "--rules",
        rules,
        "--sink",
        f"jsonl:{out}",
        "--store",
        store,
        "--format",
        "csv",
    )
    assert second.code == 0 and "False" in second.out  # not a new evaluation
    assert len(out.read_text().splitlines()) == 1
    rules.write_text("rules:\n  - name: bad\n    when: level(BAMLH0A0HYM2) >> 0\n")
    failed = cli("monitor", "run", "--rules", rules, "--store", store)
    assert failed.code == 2 and "line 3, column" in failed.err


def test_fundamentals_show(cli: CliRunner) -> None:
    result = cli("fundamentals", "show", "--format", "csv")
    assert result.code == 0
    assert "narrative (Dec 2025)" in result.out and "ai_capex_to_revenue_2025" in result.out
