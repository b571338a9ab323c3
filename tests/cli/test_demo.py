"""``bubblelink demo`` offline: falls back to the sample market with a notice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bubblelink.providers.reachability import network_available
from tests.clirunner import CliRunner


def test_network_probe_is_false_under_the_offline_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUBBLELINK_OFFLINE", raising=False)
    assert network_available(timeout=0.5) is False


def test_demo_offline_uses_sample_market_and_says_so(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    monkeypatch.delenv("BUBBLELINK_OFFLINE", raising=False)
    result = cli("demo", "--format", "json")
    assert result.code == 0, result.err
    assert "SYNTHETIC sample market" in result.err
    summary = json.loads(result.out)
    assert summary["synthetic"] is True
    assert summary["notes"][0].startswith("SYNTHETIC sample data")
    assert [row["asset"] for row in summary["rows"]] == ["NVDA", "ORCL", "AMD", "^IXIC"]
    for row in summary["rows"]:
        assert -1 <= row["corr30"] <= 1
        assert row["corr30_ci_low"] <= row["corr30"] <= row["corr30_ci_high"]
        assert row["corr90_ci_low"] <= row["corr90"] <= row["corr90_ci_high"]
        assert isinstance(row["n"], int) and row["beta_std_error"] > 0
    assert (tmp_path / "sample.duckdb").exists()
    report = tmp_path / "report.html"
    assert f"report: {report.resolve()}" in result.err
    assert "SYNTHETIC" in report.read_text()
    assert not (tmp_path / "store.duckdb").exists()  # synthetic data kept out of the real store
    # running it again is idempotent
    assert cli("demo", "--format", "json").code == 0
