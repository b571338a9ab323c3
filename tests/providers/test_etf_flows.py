"""Reading spot bitcoin ETF flow tables: the three shared files and every bad-input case."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.providers.etf_flows import (
    FUNDS,
    TOTAL_ID,
    TOTAL_ONLY_ID,
    flow_batches,
    flow_series_id,
    parse_number,
    read_flow_table,
)
from bubblelink.sessions import nyse_calendar


def _raw(path: Path) -> pd.DataFrame:
    """The file as the csv module sees it (an independent read for the checks)."""
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    return pd.DataFrame(rows[1:], columns=rows[0])


def _write(tmp_path: Path, text: str, name: str = "flows.csv", crlf: bool = False) -> Path:
    path = tmp_path / name
    body = text.strip() + "\n"
    path.write_bytes(body.replace("\n", "\r\n").encode() if crlf else body.encode())
    return path


# -- the shared files --------------------------------------------------------------------


def test_per_fund_file_to_2026(shared_data_dir: Path) -> None:
    path = shared_data_dir / "flows" / "etf_flows_btc_to2026.csv"
    raw = pd.read_csv(path)
    table = read_flow_table(path)
    assert table.layout == "per-fund"
    assert len(table.values) == 655 == len(raw)
    assert table.values.index[0] == pd.Timestamp("2024-01-11")
    assert table.values.index[-1] == pd.Timestamp("2026-08-21")
    # every row is an NYSE session, every NYSE session of the span is there
    sessions = nyse_calendar().sessions_in_range("2024-01-11", "2026-08-21")
    assert list(table.values.index) == list(pd.DatetimeIndex(sessions))
    assert table.values["TOTAL"].sum() == pytest.approx(raw["Total"].sum(), abs=1e-6)
    assert table.values["TOTAL"].sum() == pytest.approx(53535.8, abs=0.05)
    # not yet listed: MSBT before 2026-04-08 and BTC (mini) before 2024-07-31 are missing
    msbt = table.values["MSBT"]
    assert msbt.first_valid_index() == pd.Timestamp("2026-04-08")
    assert int(msbt.notna().sum()) == int((raw["date"] >= "2026-04-08").sum()) == 95
    assert table.values["BTC"].first_valid_index() == pd.Timestamp("2024-07-31")
    assert table.values["IBIT"].notna().all()
    # zeros after listing stay zeros (EZBC 0.0 on 2024-01-12)
    assert table.values.loc["2024-01-12", "EZBC"] == 0.0
    assert not any("do not sum" in w for w in table.warnings)
    assert any("MSBT before 2026-04-08 (560 rows)" in w for w in table.warnings)


def test_calendar_day_file(shared_data_dir: Path) -> None:
    path = shared_data_dir / "flows" / "etf_flows_btc.csv"
    raw = pd.read_csv(path, parse_dates=["date"])
    table = read_flow_table(path)
    calendar = nyse_calendar()
    is_session = raw["date"].map(calendar.is_session)
    assert len(raw) == 602
    # non-sessions (weekends, holidays) dropped; 2025-09-03 (all zero) is not reported
    assert len(table.values) == int(is_session.sum()) - 1 == 411
    assert pd.Timestamp("2025-09-03") not in table.values.index
    assert any("2025-09-03" in w and "not reported" in w for w in table.warnings)
    assert any(f"{int((~is_session).sum())} all-zero rows" in w for w in table.warnings)
    assert table.values["TOTAL"].sum() == pytest.approx(raw["Total"].sum(), abs=1e-6)
    # identical to the 2026 file on the common days (MANIFEST's cross-check)
    newer = read_flow_table(shared_data_dir / "flows" / "etf_flows_btc_to2026.csv").values
    common = table.values.index
    columns = [c for c in table.values.columns]
    pd.testing.assert_frame_equal(table.values[columns], newer.loc[common, columns])


def test_total_only_file_and_its_summary_rows(shared_data_dir: Path) -> None:
    path = shared_data_dir / "flows" / "etf_flows_btc_total.csv"
    assert b"\r\n" in path.read_bytes()
    raw = _raw(path)
    labels = {"Total", "Average", "Maximum", "Minimum"}
    dated = raw[~raw["Date"].isin(labels)]
    values = dated["Total"].str.replace(",", "").astype(float)
    table = read_flow_table(path)
    assert table.layout == "total-only"
    assert list(table.values.columns) == ["TOTAL"]
    assert len(dated) == 512
    # 16 holidays at 0 and the unreported 2026-01-02 dropped
    assert len(table.values) == 495
    assert table.values.index[-1] == pd.Timestamp("2025-12-31")
    assert table.values["TOTAL"].sum() == pytest.approx(values.sum(), abs=1e-6)
    checks = {c.label: c for c in table.summary_checks}
    assert set(checks) == labels
    assert checks["Total"].stated == 56594.2
    assert checks["Total"].computed == pytest.approx(values.sum(), abs=1e-6)
    assert checks["Maximum"].computed == values.max() == 1373.8
    assert checks["Minimum"].computed == values.min() == -1113.7
    # Farside's average is over the days with flows
    assert checks["Average"].computed == pytest.approx(values[values != 0].mean())
    # the per-fund file's Total agrees on every common day
    per_fund = read_flow_table(shared_data_dir / "flows" / "etf_flows_btc_to2026.csv").values
    common = table.values.index.intersection(per_fund.index)
    assert len(common) == 495
    diff = (table.values.loc[common, "TOTAL"] - per_fund.loc[common, "TOTAL"]).abs()
    assert diff.max() <= 0.15


def test_batches_ids_units_and_no_missing_rows(shared_data_dir: Path) -> None:
    table = read_flow_table(shared_data_dir / "flows" / "etf_flows_btc_to2026.csv")
    fetched = flow_batches(table)
    ids = {b.meta.id for b in fetched.batches}
    assert TOTAL_ID in ids and "ETF_FLOW:IBIT" in ids and "ETF_FLOW:MSBT" in ids
    for batch in fetched.batches:
        assert batch.meta.kind == "flow"
        assert batch.meta.unit == "millions USD"
        assert batch.meta.source == "csv:etf_flows_btc_to2026.csv"
        assert batch.data["value"].notna().all()
    msbt = next(b for b in fetched.batches if b.meta.id == "ETF_FLOW:MSBT")
    assert len(msbt.data) == 95
    total_only = flow_batches(read_flow_table(shared_data_dir / "flows/etf_flows_btc_total.csv"))
    assert [b.meta.id for b in total_only.batches] == [TOTAL_ONLY_ID]


# -- the cell and date grammar ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.3", 12.3),
        ("-12.3", -12.3),
        ("(12.3)", -12.3),
        ("1,045.00", 1045.0),
        ("(1,113.70)", -1113.7),
        ("\u22125", -5.0),
        (" 0 ", 0.0),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert parse_number(text, "here") == value


@pytest.mark.parametrize("text", ["-", "", "  ", "–"])
def test_no_data_is_missing_not_zero(text: str) -> None:
    assert math.isnan(parse_number(text, "here"))


def test_hand_made_messy_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
Date,IBIT,GBTC,MSBT,Total
12 Jan 2024,"1,045.00",(484.1),-,560.9
13 Jan 2024,0,0,0,0
16 Jan 2024,-,(10.0),-,-10.0
17 Jan 2024,5.5,-2.5,1.0,4.0
Total,"1,050.50",(496.6),1.0,554.9
Average,350.2,-165.5,1.0,184.97
""",
        crlf=True,
    )
    table = read_flow_table(path)
    values = table.values
    assert list(values.index) == list(pd.to_datetime(["2024-01-12", "2024-01-16", "2024-01-17"]))
    assert values.loc["2024-01-12", "IBIT"] == 1045.0
    assert values.loc["2024-01-12", "GBTC"] == -484.1
    assert np.isnan(values.loc["2024-01-16", "IBIT"])  # "-" = no data
    # MSBT: "-" then its first non-zero flow on 01-17
    assert values["MSBT"].first_valid_index() == pd.Timestamp("2024-01-17")
    assert {c.label for c in table.summary_checks} == {"Total", "Average"}
    assert any("weekends, holidays" in w for w in table.warnings)  # 13 Jan 2024 = Saturday


def test_fund_sum_mismatch_is_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
date,IBIT,FBTC,Total
2024-01-11,10.0,5.0,15.0
2024-01-12,10.0,5.0,15.3
2024-01-16,1.0,1.0,2.1
""",
    )
    table = read_flow_table(path)
    warning = next(w for w in table.warnings if "do not sum" in w)
    assert warning.startswith("1 rows whose funds do not sum to Total")
    assert "2024-01-12 (line 3: funds 15.00 vs Total 15.30)" in warning
    assert table.values.loc["2024-01-12", "TOTAL"] == 15.3  # stored as given


def test_missing_total_column_is_the_fund_sum(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,IBIT,FBTC\n2024-01-11,10.0,5.0\n2024-01-12,-,2.0\n")
    table = read_flow_table(path)
    assert table.values["TOTAL"].tolist() == [15.0, 2.0]


def test_ids() -> None:
    assert flow_series_id("ibit") == "ETF_FLOW:IBIT"
    assert flow_series_id("Total") == TOTAL_ID
    assert flow_series_id("Total", "total-only") == TOTAL_ONLY_ID
    assert FUNDS["BTC"].name == "Grayscale Bitcoin Mini Trust ETF"


# -- bad input: one line naming file, line and column -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "date,IBIT,XYZ,Total\n2024-01-11,1,2,3\n",
            "line 1, column 3 ('XYZ'): not a known spot bitcoin ETF ticker",
        ),
        (
            "date,IBIT,Total\n2024-01-11,1,1\n2024-01-12,1.2.3,1\n",
            "line 3, column IBIT: '1.2.3' is not a number",
        ),
        (
            "date,IBIT,Total\n2024-01-11,1,1\n2024-01-12,2,2\n2024-01-11,3,3\n",
            "line 4, column date: 2024-01-11 is already on line 2",
        ),
        ("date,IBIT,Total\n2024-13-45,1,1\n", "line 2, column date: '2024-13-45' is not a date"),
        (
            "date,IBIT,Total\n2024-01-13,1,1\n",
            "line 2: flows on 2024-01-13, which is not an NYSE session",
        ),
        (
            "Date,Total\n11 Jan 2024,10\n12 Jan 2024,5\nTotal,16\n",
            "line 4, column TOTAL: summary row Total says 16.00 but the 2 dated rows give 15.00",
        ),
        (
            "Date,Total\n11 Jan 2024,10\n12 Jan 2024,5\nMaximum,5\n",
            "line 4, column TOTAL: summary row Maximum says 5.00",
        ),
        ("date,IBIT,Total\n2024-01-11,1\n", "line 2: 2 cells, the header has 3"),
        ("date,IBIT,IBIT\n2024-01-11,1,1\n", "line 1, column 3: IBIT appears twice"),
    ],
    ids=[
        "unknown-fund",
        "mangled-number",
        "date-twice",
        "bad-date",
        "weekend-flow",
        "summary-total",
        "summary-max",
        "short-row",
        "fund-twice",
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as info:
        read_flow_table(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert expected in message, message


def test_fund_without_flows_is_not_stored(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,IBIT,DEFI,Total\n2024-01-11,1.0,-,1.0\n2024-01-12,2.0,0,2.0\n")
    fetched = flow_batches(read_flow_table(path))
    assert [b.meta.id for b in fetched.batches] == ["ETF_FLOW:IBIT", TOTAL_ID]
    assert fetched.failures == {}
    total = next(b for b in fetched.batches if b.meta.id == TOTAL_ID)
    assert any(w.startswith("DEFI: no flows in the table") for w in total.warnings)


def test_date_outside_the_calendar(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,IBIT,Total\n2024-01-11,1,1\n2099-01-02,1,1\n")
    with pytest.raises(DataError, match=r"line 3: 2099-01-02 is outside the NYSE calendar"):
        read_flow_table(path)
