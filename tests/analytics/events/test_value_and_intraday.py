"""Value moved (hand-computed) and intraday low/rebound on constructed bars."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.events import intraday_response, value_moved
from bubblelink.errors import ConfigError, DataError
from bubblelink.service.catalogs import load_shares_outstanding


def _series(values: list[float], name: str = "X") -> pd.Series:
    return pd.Series(
        values, index=pd.bdate_range("2025-12-08", periods=len(values), tz="UTC"), name=name
    )


def test_value_moved_by_hand() -> None:
    close = _series([100, 102, 90, 95])
    low = _series([99, 100, 85, 88])
    high = _series([101, 103, 100, 97])
    shares = pd.Series([1e9, 2e9], index=pd.DatetimeIndex(["2025-01-01", "2025-12-31"], tz="UTC"))
    result = value_moved(close, close.index[2], close.index[3], shares, high=high, low=low)
    assert result.base_close == 102 and result.end_close == 95
    assert result.value_change == pytest.approx(1e9 * (95 - 102))
    assert result.largest_intraday_fall == pytest.approx(85 / 102 - 1)
    assert result.close_return_on_fall_date == pytest.approx(90 / 102 - 1)
    assert result.largest_intraday_rise == pytest.approx(97 / 90 - 1)
    no_shares = value_moved(close, close.index[2], close.index[2])
    assert np.isnan(no_shares.value_change)
    assert no_shares.notes
    with pytest.raises(DataError, match="no closes for the window"):
        value_moved(close, close.index[0], close.index[0])


def test_shares_file_formats(tmp_path: Path) -> None:
    csv = tmp_path / "f.csv"
    csv.write_text("symbol,date,shares_outstanding\nORCL,2025-09-01,2.8e9\n", encoding="utf-8")
    assert load_shares_outstanding(csv)["ORCL"].iloc[0] == 2.8e9
    yml = tmp_path / "f.yaml"
    yml.write_text(
        "shares_outstanding:\n  ORCL:\n    - {date: 2025-09-01, shares: 2.8e+9}\n", encoding="utf-8"
    )
    assert load_shares_outstanding(yml)["ORCL"].iloc[0] == 2.8e9
    yml.write_text("shares_outstanding:\n  ORCL:\n    - {date: 2025-09-01}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_shares_outstanding(yml)
    assert str(info.value) == f"{yml}:3:7: shares_outstanding.ORCL[0].shares: is required"


def test_shares_csv_errors_name_file_and_line(tmp_path: Path) -> None:
    csv = tmp_path / "f.csv"
    csv.write_text(
        "symbol,date,shares_outstanding\nORCL,2025-09-01,2.8e9\nORCL,2025-12-01,-1\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_shares_outstanding(csv)
    assert str(info.value) == f"{csv}:3: shares_outstanding: must be > 0, got '-1'"
    csv.write_text("symbol,day,shares\nORCL,2025-09-01,1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"f\.csv:1: CSV needs columns symbol,date,shares_outst"):
        load_shares_outstanding(csv)
    csv.write_text("symbol,date,shares_outstanding\nORCL,2025-13-01,1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"f\.csv:2: date: expected a date YYYY-MM-DD"):
        load_shares_outstanding(csv)


def _bars(path: list[float], start: str, name: str) -> pd.DataFrame:
    index = pd.date_range(start, periods=len(path), freq="5min", tz="UTC")
    close = pd.Series(path, index=index)
    return pd.DataFrame(
        {
            "open": close.shift(1).fillna(close.iloc[0]),
            "high": close + 0.5,
            "low": close - 0.5,
            "close": close,
        }
    ).rename_axis(name)


def test_intraday_low_and_rebound() -> None:
    # previous close 100 at 20:55; session: gap up to 105, slide to 95, rebound to 99
    pre = _bars([100.0], "2025-11-19 20:55", "NVDA")
    session = _bars([105, 104, 100, 96, 95.5, 97, 99], "2025-11-20 14:30", "NVDA")
    bars = {"NVDA": pd.concat([pre, session])}
    result = intraday_response(
        bars, "2025-11-20 14:30", "2025-11-20 21:00", symbols=["NVDA", "BTC-USD"]
    )
    row = result.to_frame().loc["NVDA"]
    assert result.available
    assert row["reference_price"] == 100
    assert row["low"] == 95.0
    assert row["low_time"] == pd.Timestamp("2025-11-20 14:50", tz="UTC")
    assert row["drop"] == pytest.approx(-0.05)
    assert row["run_up"] == pytest.approx(105.5 / 100 - 1)
    assert row["rebound"] == pytest.approx(99 / 95 - 1)
    assert row["retraced"] == pytest.approx(4 / 5)
    assert any("no intraday data available for BTC-USD" in n for n in result.notes)


def test_intraday_without_data_says_so() -> None:
    result = intraday_response(None, "2025-11-20 14:30", "2025-11-20 21:00", symbols=["BTC-USD"])
    assert not result.available
    assert result.to_dict()["notes"] == ["no intraday data available for BTC-USD"]
    assert "no intraday data available" in result.summary()


def test_rebound_readings_after_the_low_by_hand() -> None:
    """Low -> last close, low -> highest close from the low bar on, low -> highest high of the
    later bars (the low bar's own high is left out: its order inside the bar is unknown)."""
    times = pd.date_range("2025-12-11 14:00", periods=6, freq="h", tz="UTC")
    bars = pd.DataFrame(
        {
            "open": [100.0, 99.0, 96.0, 97.0, 99.0, 98.0],
            "high": [101.0, 99.5, 105.0, 99.5, 101.5, 99.0],  # 105: the low bar's own high
            "low": [99.0, 95.0, 90.0, 96.0, 97.0, 97.5],
            "close": [99.0, 96.0, 97.0, 99.0, 98.0, 98.5],
        },
        index=times,
    )
    result = intraday_response({"X": bars}, "2025-12-11 15:00", "2025-12-11 20:00")
    row = result.rows.loc["X"]
    # span: the bars opening 15:00..19:00; reference = the 14:00 close (99)
    assert row["low"] == 90.0 and row["low_time"] == times[2]
    assert row["end_price"] == 98.5 and row["rebound"] == pytest.approx(98.5 / 90 - 1)
    assert row["max_close_after_low"] == 99.0
    assert row["rebound_max_close"] == pytest.approx(99 / 90 - 1)
    assert row["high_after_low"] == 101.5
    assert row["rebound_high"] == pytest.approx(101.5 / 90 - 1)
    # the low in the last bar: no later bar, so no later high
    last = intraday_response({"X": bars}, "2025-12-11 19:00", "2025-12-11 20:00").rows.loc["X"]
    assert np.isnan(last["high_after_low"]) and np.isnan(last["rebound_high"])
    assert last["max_close_after_low"] == 98.5
