"""`bubblelink dcc`, `spillover` and `leadlag` on the seeded synthetic sample store."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from bubblelink.cli.app import app
from tests.clirunner import CliRunner as CliCall

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dynamics_cli") / "store.duckdb"
    result = runner.invoke(
        app,
        ["ingest", "sample", "--start", "2022-01-01", "--end", "2025-12-31", "--store", str(path)],
    )
    assert result.exit_code == 0, result.output
    return path


def invoke(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_dcc_json(store: Path) -> None:
    payload = invoke("dcc", "BTC-USD", "NVDA", "^IXIC", "--dist", "t", "--store", str(store))
    assert payload["symbols"] == ["BTC-USD", "NVDA", "^IXIC"] and payload["dist"] == "t"
    # the correlation step's multivariate t has one shape parameter, estimated with a, b
    assert {row["parameter"] for row in payload["params"]} == {"a", "b", "nu"}
    assert (payload["qbar"], payload["variance_start"]) == ("second_moment", "backcast")
    assert set(payload["correlations"][0]) == {
        "date",
        "BTC-USD~NVDA",
        "BTC-USD~^IXIC",
        "NVDA~^IXIC",
    }
    assert any("SYNTHETIC" in n for n in payload["notes"])


def test_dcc_table_shows_correlation_summary(store: Path) -> None:
    result = runner.invoke(app, ["dcc", "BTC-USD", "NVDA", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "dcc a" in result.output and "conditional correlation" in result.output
    assert "SYNTHETIC" in result.output


def test_spillover_full_sample_and_rolling(store: Path) -> None:
    full = invoke("spillover", "BTC-USD", "NVDA", "^IXIC", "--lags", "2", "--store", str(store))
    assert full["lags"] == 2 and full["horizon"] == 10
    assert 0 <= full["total"] <= 100
    rolling = invoke(
        "spillover", "BTC-USD", "NVDA", "^IXIC", "--window", "150", "--step", "10",
        "--horizon", "5", "--store", str(store),
    )  # fmt: skip
    assert rolling["window"] == 150 and rolling["step"] == 10 and rolling["horizon"] == 5
    assert len(rolling["windows"]) > 50
    assert all(0 <= row["total"] <= 100 for row in rolling["windows"])
    csv = runner.invoke(
        app, ["spillover", "BTC-USD", "NVDA", "--store", str(store), "--format", "csv"]
    )
    frame = pd.read_csv(io.StringIO(csv.output), index_col=0)
    assert list(frame.index) == ["BTC-USD", "NVDA", "to_others", "net"]


def test_leadlag_daily_and_weekly(store: Path) -> None:
    daily = invoke("leadlag", "NVDA", "BTC-USD", "--max-lag", "5", "--store", str(store))
    assert [row["lag"] for row in daily["cross_correlation"]["table"]] == list(range(-5, 6))
    assert len(daily["granger"]["table"]) == 2
    weekly = invoke(
        "leadlag", "NVDA", "BTC-USD", "--max-lag", "3", "--freq", "W", "--calendar", "all-days",
        "--store", str(store),
    )  # fmt: skip
    assert weekly["freq"] == "W"
    assert any("W-FRI" in n for n in weekly["notes"])
    table = runner.invoke(app, ["leadlag", "NVDA", "BTC-USD", "--store", str(store)])
    assert "corr(A[t-k], B[t])" in table.output and "Granger" in table.output


def test_errors_are_one_line(cli: CliCall, store: Path) -> None:
    result = cli("leadlag", "NVDA", "BTC-USD", "--max-lag", "30", "--start", "2025-11-15",
                 "--store", str(store))  # fmt: skip
    assert result.code == 2
    assert "has 31 observations; need at least 50 for lags up to 30" in result.err
    assert len(result.err.strip().splitlines()) == 1
    result = cli("leadlag", "NVDA", "BTC-USD", "--max-lag", "5000", "--store", str(store))
    assert result.code == 2 and "invalid parameter max_lag" in result.err
    assert len(result.err.strip().splitlines()) == 1
    result = cli("spillover", "BTC-USD", "NVDA", "--window", "2000", "--store", str(store))
    assert result.code == 2 and "window of 2000 observations is longer" in result.err
    assert len(result.err.strip().splitlines()) == 1
    result = cli("spillover", "BTC-USD", "NVDA", "--window", "9999", "--store", str(store))
    assert result.code == 2 and "invalid parameter window" in result.err
    result = cli("dcc", "BTC-USD", "--store", str(store))
    assert result.code == 2 and "invalid parameter symbols" in result.err
    assert len(result.err.strip().splitlines()) == 1
    result = cli("dcc", "BTC-USD", "BTC", "--store", str(store))  # an alias of the same series
    assert result.code == 2 and "dcc needs at least 2 different series" in result.err
