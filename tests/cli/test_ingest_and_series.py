"""CLI: ingest, series list/show, --version, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tests.clirunner import CliRunner


def test_version(cli: CliRunner) -> None:
    result = cli("--version")
    assert result.code == 0 and result.out.strip() == "bubblelink 0.1.0"


def test_ingest_real_csv_directory_twice_and_list_as_json(
    cli: CliRunner, real_data_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "real.duckdb"
    first = cli("ingest", "csv", real_data_dir, "--store", store, "--format", "json")
    assert first.code == 0, first.err
    summary = json.loads(first.out)
    assert summary["ok"] and summary["added"] > 1_000_000
    again = json.loads(
        cli("ingest", "csv", real_data_dir, "--store", store, "--format", "json").out
    )
    assert again["added"] == 0 and again["revised"] == 0
    listing = json.loads(cli("series", "list", "--store", store, "--format", "json").out)
    assert listing["synthetic"] is False and listing["store"] == str(store)
    rows = {row["series"]: row for row in listing["series"]}
    expected = set(pd.read_csv(real_data_dir / "symbols.csv")["symbol"])
    assert set(rows) == expected
    assert rows["NVDA"]["first"] == "1999-01-22" and rows["NVDA"]["last"] == "2026-08-21"
    assert rows["NVDA"]["n"] == 6938 and rows["NVDA"]["synthetic"] is False


def test_sample_ingest_and_show_say_synthetic(cli: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    result = cli("ingest", "sample", "--store", store)
    assert result.code == 0
    assert "SYNTHETIC" in result.out
    shown = cli("series", "show", "BTC", "--store", store, "--tail", "3")
    assert "SYNTHETIC" in shown.out
    data = json.loads(
        cli("series", "show", "BTC", "--store", store, "--tail", "3", "--format", "json").out
    )
    assert data["series"]["synthetic"] is True and len(data["observations"]) == 3
    assert data["synthetic"] is True and data["field"] == "close"
    csv_out = cli("series", "show", "NVDA", "--store", store, "--tail", "2", "--format", "csv").out
    assert csv_out.splitlines()[0] == "date,value" and len(csv_out.splitlines()) == 3


def test_bad_inputs_give_one_line_errors_and_change_nothing(cli: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    missing = cli("series", "list", "--store", store)
    assert missing.code == 2
    assert missing.err.count("\n") == 1 and "bubblelink ingest sample" in missing.err
    cli("ingest", "sample", "--store", store)
    before = cli("series", "list", "--store", store, "--format", "json").out
    unknown = cli("series", "show", "NOPE", "--store", store)
    assert unknown.code == 2 and "unknown series 'NOPE'" in unknown.err
    bad_file = tmp_path / "bad.csv"
    bad_file.write_text("when,price\n2024-01-02,1\n")
    failed = cli("ingest", "csv", bad_file, "--store", store)
    assert failed.code == 1
    assert "no recognisable date column" in failed.out
    conflict = tmp_path / "nvda.csv"
    conflict.write_text("Date,Close\n2020-01-02,-5\n")
    assert cli("ingest", "csv", conflict, "--symbol", "NVDA", "--store", store).code == 1
    assert cli("series", "list", "--store", store, "--format", "json").out == before
    no_dates = cli("series", "show", "NVDA", "--start", "2040-01-01", "--store", store)
    assert no_dates.code == 2 and "start: 2040-01-01 is out of range" in no_dates.err
    assert no_dates.err.count("\n") == 1


def test_daily_analytics_refuse_a_monthly_series(cli: CliRunner, sample_store: Path) -> None:
    result = cli("beta", "BTC-USD", "M2SL", "--store", sample_store)
    assert result.code == 2
    assert "M2SL is a lower-frequency series" in result.err


def test_bad_option_values_are_usage_errors_not_tracebacks(
    cli: CliRunner, sample_store: Path
) -> None:
    result = cli("corr", "BTC-USD", "^IXIC", "--method", "foo", "--store", sample_store)
    assert result.code == 2
    assert "Invalid value for '--method'" in result.err
    assert "Traceback" not in result.err + result.out
    assert cli("no-such-command").code == 2
