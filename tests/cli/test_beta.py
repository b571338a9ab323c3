"""`bubblelink beta`, `tails` and `contagion` on the seeded synthetic sample store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bubblelink.cli.app import app
from bubblelink.errors import DataError
from tests.clirunner import CliRunner as CliCall

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("beta_cli") / "store.duckdb"
    result = runner.invoke(
        app,
        ["ingest", "sample", "--start", "2021-01-01", "--end", "2025-12-31", "--store", str(store)],
    )
    assert result.exit_code == 0, result.output
    return store


def test_beta_json_carries_profile_and_synthetic_notice(sample_store: Path) -> None:
    result = runner.invoke(
        app,
        ["beta", "BTC-USD", "^IXIC", "--window", "60", "--split", "mean", "--start", "2022-01-01",
         "--store", str(sample_store), "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert list(payload)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert payload["asset"] == "BTC-USD" and payload["market"] == "^IXIC"
    assert payload["split"] == "mean"
    groups = {row["group"] for row in payload["statistics"]}
    assert {"ols", "asymmetric", "capture", "stress", "falls_harder", "rolling"} <= groups
    downside = [r for r in payload["statistics"] if r["statistic"] == "downside_minus_upside"]
    assert len(downside) == 1 and downside[0]["group"] == "asymmetric"
    assert payload["start"] >= "2022-01-01" and isinstance(payload["n"], int)
    assert payload["rolling"]["window"] == 60
    assert payload["synthetic"] is True
    assert any("SYNTHETIC" in note for note in payload["notes"])


def test_beta_table_all_days_calendar(sample_store: Path) -> None:
    result = runner.invoke(
        app, ["beta", "BTC-USD", "NVDA", "--calendar", "all-days", "--store", str(sample_store)]
    )
    assert result.exit_code == 0, result.output
    assert "downside_minus_upside" in result.output and "SYNTHETIC" in result.output


def test_tails_csv(sample_store: Path) -> None:
    result = runner.invoke(
        app, ["tails", "BTC-USD", "^IXIC", "--q", "0.05", "--q", "0.1", "--store", str(sample_store),
              "-f", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("tail,q,lambda,ci_low,ci_high")
    assert len(lines) == 5


def test_contagion_and_bad_window(sample_store: Path) -> None:
    result = runner.invoke(
        app, ["contagion", "BTC-USD", "NVDA", "--calm", "2023-01-01:2023-12-31",
              "--stress", "2025-01-01:2025-04-30", "--store", str(sample_store), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    n = {row["statistic"]: row["n"] for row in payload["statistics"]}
    assert n["calm_corr"] == 250 and n["stress_corr"] > 50
    bad = runner.invoke(
        app, ["contagion", "BTC-USD", "NVDA", "--calm", "2023-01-01", "--stress", "2025-01-01:2025-04-30",
              "--store", str(sample_store)],
    )  # fmt: skip
    assert isinstance(bad.exception, DataError)
    assert str(bad.exception).startswith("invalid parameter calm:")
    assert len(str(bad.exception).splitlines()) == 1


def test_user_error_is_one_line_and_exit_2(sample_store: Path, cli: CliCall) -> None:
    result = cli("tails", "BTC-USD", "^IXIC", "--q", "0.001", "--start", "2025-06-01",
                 "--store", sample_store)  # fmt: skip
    assert result.code == 2
    assert result.err.strip().startswith("error: q=0.001 leaves only 0 of")
    assert len(result.err.strip().splitlines()) == 1
