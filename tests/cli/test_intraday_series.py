"""Intraday series beside daily ones: ingest csv, series list/show, StoreData, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from bubblelink.service.data import store_data
from tests.clirunner import CliRunner

DAILY = (
    "Date,Open,High,Low,Close,Volume\n"
    "2025-12-08,185,186,184,185.5,100\n2025-12-09,185.5,186,183,184.9,100\n"
    "2025-12-10,184.9,185,182,183.8,100\n2025-12-11,183.8,184,176,180.9,100\n"
)
HOURLY = "timestamps,open,high,low,close,volume,amount\n" + "".join(
    f"2025-12-{d}T{h}:30:00+00:00,180,181,179,180.5,10,1805\n"
    for d in ("10", "11")
    for h in range(14, 21)
)


def test_intraday_beside_daily(cli: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    (tmp_path / "nvda.csv").write_text(DAILY)
    (tmp_path / "nvda_1h_yahoo.csv").write_text(HOURLY)
    assert cli("ingest", "csv", tmp_path / "nvda.csv", "--store", store).code == 0
    ingested = cli("ingest", "csv", tmp_path / "nvda_1h_yahoo.csv", "--store", store)
    assert ingested.code == 0 and "NVDA:1h" in ingested.out and "not stored: amount" in ingested.out
    listing = json.loads(cli("series", "list", "--store", store, "--format", "json").out)
    rows = {row["series"]: row for row in listing["series"]}
    assert rows["NVDA"]["frequency"] == "business" and rows["NVDA"]["timeframe"] is None
    assert rows["NVDA"]["first"] == "2025-12-08"
    hourly = rows["NVDA:1h"]
    assert (hourly["frequency"], hourly["timeframe"], hourly["calendar"]) == (
        "intraday",
        "1h",
        "XNYS",
    )
    assert hourly["first"] == "2025-12-10T14:30:00+00:00"
    assert hourly["last"] == "2025-12-11T20:30:00+00:00" and hourly["n"] == 14
    shown = cli("series", "show", "nvda:1h", "--store", store, "--tail", "2")
    assert shown.code == 0
    assert "2025-12-11T19:30:00+00:00" in shown.out and "2025-12-11T20:30:00+00:00" in shown.out
    assert "intraday 1h" in shown.out
    table = cli("series", "show", "NVDA:1h", "--store", store, "--format", "csv", "--tail", "8")
    assert table.out.splitlines()[1] == "2025-12-10T20:30:00+00:00,180.5"
    # the daily symbol reads only its daily bars
    with store_data(store) as data:
        daily = data.prices(["NVDA"], field="close")["NVDA"]
    assert list(daily.index) == list(pd.date_range("2025-12-08", periods=4, tz="UTC"))
    assert daily.iloc[-1] == 180.9


def test_bad_intraday_file_is_one_line_and_changes_nothing(cli: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    good = tmp_path / "nvda_1h_yahoo.csv"
    good.write_text(HOURLY)
    assert cli("ingest", "csv", good, "--store", store).code == 0
    before = cli("series", "list", "--store", store, "--format", "json").out
    bad = tmp_path / "qqq_1h_yahoo.csv"
    lines = HOURLY.splitlines()
    lines[5] = lines[4].replace("180.5,10", "180.6,10")  # line 6 repeats line 5's stamp
    bad.write_text("\n".join(lines) + "\n")
    failed = cli("ingest", "csv", bad, "--store", store, "--format", "json")
    assert failed.code == 1
    summary = json.loads(failed.out)
    (row,) = [r for r in summary["symbols"] if r["status"] == "failed"]
    assert row["error"] == (
        "qqq_1h_yahoo.csv: line 6: timestamps '2025-12-10T17:30:00+00:00' repeats the bar of "
        "line 5 (2025-12-10T17:30:00+00:00 UTC): delete one of the two rows"
    )
    assert cli("series", "list", "--store", store, "--format", "json").out == before
    closing = cli("ingest", "csv", good, "--bar-stamp", "middle", "--store", store)
    assert closing.code != 0 and closing.err.count("\n") <= 1


def test_daily_analytics_refuse_intraday_bars(cli: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    (tmp_path / "nvda.csv").write_text(DAILY)
    (tmp_path / "nvda_1h_yahoo.csv").write_text(HOURLY)
    assert cli("ingest", "csv", tmp_path, "--store", store).code == 0
    refused = cli("corr", "NVDA:1h", "NVDA", "--window", "3", "--store", store)
    assert refused.code == 2 and refused.err.count("\n") == 1
    assert "NVDA:1h (1h bars): intraday bars, while daily returns need daily bars" in refused.err
