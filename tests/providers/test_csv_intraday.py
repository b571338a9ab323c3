"""Intraday bars through the CSV importer: timestamp layouts, timeframe, symbol naming, checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.providers.csv_intraday import detect_timeframe, symbol_from_file_name
from bubblelink.providers.csvfile import CsvProvider, FileSpec, read_file
from bubblelink.symbols import canonical


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def field(batch, name: str) -> pd.Series:  # type: ignore[no-untyped-def]
    rows = batch.data[batch.data["field"] == name]
    return pd.Series(rows["value"].astype(float).to_numpy(), index=pd.DatetimeIndex(rows["date"]))


BITSTAMP = (
    "ts_utc,open,high,low,close,volume_btc\n"
    "2025-12-09 00:00:00,90642.00,90858.00,90373.00,90408.00,78.3\n"
    "2025-12-09 01:00:00,90407.00,90585.00,89980.00,90064.00,78.0\n"
    "2025-12-09 02:00:00,90082.00,90382.00,89991.00,90071.00,47.8\n"
    "2025-12-09 03:00:00,90071.00,90449.00,89822.00,90401.00,68.1\n"
)

#: Two Yahoo regular sessions: 14:30 .. 19:30 hourly, then the 20:30 half-hour bar.
_YAHOO_OPENS = [
    f"2025-12-{day} {hour}:30:00+00:00" for day in ("09", "10") for hour in range(14, 21)
]


def yahoo_text(date_name: str = "timestamps", extra: str = ",amount") -> str:
    lines = [f"{date_name},open,high,low,close,volume{extra}"]
    for i, stamp in enumerate(_YAHOO_OPENS):
        price = 180.0 + i
        tail = f",{price * 1000:.1f}" if extra else ""
        lines.append(f"{stamp},{price},{price + 1},{price - 1},{price + 0.5},1000{tail}")
    return "\n".join(lines) + "\n"


def test_naive_utc_stamps_bitstamp_layout(tmp_path: Path) -> None:
    batch = read_file(FileSpec(write(tmp_path / "btc_usd_1h_bitstamp.csv", BITSTAMP)))
    meta = batch.meta
    assert meta.id == "BTC-USD@bitstamp:1h" and meta.frequency == "intraday"
    assert meta.calendar == "24/7" and meta.metadata["asset_class"] == "crypto"
    assert meta.metadata["timeframe"] == "1h" and meta.metadata["venue"] == "bitstamp"
    assert meta.metadata["timestamps"] == "naive, read as UTC"
    assert meta.metadata["volume_unit"] == "BTC"
    close = field(batch, "close")
    assert close.index.tz is not None
    assert list(close.index) == list(pd.date_range("2025-12-09", periods=4, freq="h", tz="UTC"))
    assert close.tolist() == [90408.0, 90064.0, 90071.0, 90401.0]
    assert field(batch, "volume").tolist() == [78.3, 78.0, 47.8, 68.1]
    assert meta.metadata["gaps"].startswith("none")


def test_plus_zero_offsets_half_hour_last_bar_and_extra_column(tmp_path: Path) -> None:
    batch = read_file(FileSpec(write(tmp_path / "nvda_1h_yahoo.csv", yahoo_text())))
    meta = batch.meta
    # yahoo is a data vendor of the consolidated tape, not a venue: the id is the symbol's
    assert meta.id == "NVDA:1h" and meta.metadata["vendor"] == "yahoo"
    assert meta.calendar == "XNYS" and meta.metadata["timeframe"] == "1h"
    # 12 of 13 spacings are one hour; the overnight break does not change the timeframe
    assert meta.metadata["timeframe_share"] == pytest.approx(12 / 13, abs=1e-4)
    assert meta.metadata["timestamps"] == "UTC (+00:00)"
    assert meta.metadata["session"].startswith("US regular session only")
    assert "1 session breaks" in str(meta.metadata["gaps"])
    assert set(batch.data["field"]) == {"open", "high", "low", "close", "volume"}
    assert any("not stored: amount" in w for w in batch.warnings)
    close = field(batch, "close")
    assert close.index[6] == pd.Timestamp("2025-12-09 20:30", tz="UTC")
    assert len(close) == 14


def test_minus_five_offsets_minute_bars_converted_to_utc(tmp_path: Path) -> None:
    text = (
        "Datetime,Open,High,Low,Close,Volume\n"
        "2025-12-09 08:35:00-05:00,623.15,623.16,623.05,623.07,7350.0\n"
        "2025-12-09 08:36:00-05:00,623.06,623.07,622.78,622.87,25246.0\n"
        "2025-12-09 08:37:00-05:00,622.89,623.16,622.89,623.08,11695.0\n"
        "2025-12-09 08:40:00-05:00,623.19,623.27,623.17,623.22,5550.0\n"
        "2025-12-09 09:30:00-05:00,623.20,623.30,623.10,623.25,9000.0\n"
        "2025-12-09 09:31:00-05:00,623.25,623.40,623.20,623.35,9100.0\n"
    )
    batch = read_file(FileSpec(write(tmp_path / "qqq_1m_polygon.csv", text)))
    meta = batch.meta
    assert meta.id == "QQQ:1m" and meta.metadata["timeframe"] == "1m"
    assert meta.metadata["timestamps"] == "UTC offset -05:00 in the file, converted to UTC"
    close = field(batch, "close")
    assert close.index[0] == pd.Timestamp("2025-12-09 13:35", tz="UTC")
    assert close.index[-1] == pd.Timestamp("2025-12-09 14:31", tz="UTC")
    assert meta.metadata["session"].startswith("includes extended hours (4 of 6")
    # inside one New York day: 08:37 -> 08:40 and 08:40 -> 09:30 are gaps (longest 50 min)
    assert any(w.startswith("intraday gaps: 2 gaps longer than 1m") for w in batch.warnings)
    assert "longest 50 min after 2025-12-09T13:40:00+00:00" in str(meta.metadata["gaps"])


def test_bitstamp_style_crypto_gap_counts_every_missing_hour(tmp_path: Path) -> None:
    text = BITSTAMP.replace("2025-12-09 02:00:00", "2025-12-09 02:30:00").replace(
        "2025-12-09 03:00:00", "2025-12-09 05:00:00"
    )
    batch = read_file(FileSpec(write(tmp_path / "btc_1h.csv", text)))
    assert batch.meta.id == "BTC-USD:1h"  # the BTC alias applies to the file name
    # spacings 1h, 1h30, 2h30: every one longer than the hour is a gap on a 24/7 series
    gaps = str(batch.meta.metadata["gaps"])
    assert gaps.startswith("2 gaps longer than 1h (24/7"), gaps
    assert gaps.endswith("longest 2 h 30 min after 2025-12-09T02:30:00+00:00")


@pytest.mark.parametrize("minutes", [1, 5, 15, 30, 60])
def test_timeframe_is_the_most_common_spacing(minutes: int) -> None:
    step = pd.Timedelta(minutes=minutes)
    session = pd.date_range("2025-12-09 14:30", "2025-12-09 20:59", freq=step, tz="UTC")
    next_day = session + pd.Timedelta(days=1)
    stamps = session.append(next_day)
    # drop one bar: a missing bar and the overnight break do not change the answer
    stamps = stamps.delete(3)
    name, share = detect_timeframe(stamps)
    assert pd.Timedelta(name.replace("m", "min")) == step
    spacing = pd.Series(stamps[1:] - stamps[:-1])
    assert share == pytest.approx(float((spacing == step).mean()))


def test_timeframe_outside_the_known_sizes_is_an_error() -> None:
    stamps = pd.date_range("2025-12-09", periods=10, freq="7min", tz="UTC")
    with pytest.raises(DataError, match=r"0 days 00:07:00"):
        detect_timeframe(stamps)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nvda_1h_yahoo.csv", ("NVDA", "yahoo", "1h")),
        ("btc_usd_1h_bitstamp.csv", ("BTC-USD", "bitstamp", "1h")),
        ("QQQ_1m.csv", ("QQQ", None, "1m")),
        ("eth_usdt_15m_binance.csv", ("ETH-USDT", "binance", "15m")),
        ("btc_5m.csv", ("BTC-USD", None, "5m")),
        ("nvda.csv", None),
        ("nvda_yahoo_1h.csv", None),
    ],
)
def test_file_name_rule(name: str, expected: tuple[str, str | None, str] | None) -> None:
    assert symbol_from_file_name(Path(name)) == expected


def test_symbol_option_and_mismatched_timeframes(tmp_path: Path) -> None:
    path = write(tmp_path / "bars.csv", yahoo_text())
    assert read_file(FileSpec(path, symbol="nvda")).meta.id == "NVDA:1h"
    assert read_file(FileSpec(path, symbol="NVDA@yahoo")).meta.id == "NVDA@yahoo:1h"
    assert read_file(FileSpec(path, symbol="NVDA:1h")).meta.id == "NVDA:1h"
    with pytest.raises(DataError, match="says 5m bars but the timestamps are 1h apart"):
        read_file(FileSpec(path, symbol="NVDA:5m"))
    unnamed = read_file(FileSpec(path))
    assert unnamed.meta.id == "BARS:1h"
    assert any("symbol BARS:1h from the file name" in w for w in unnamed.warnings)
    wrong = write(tmp_path / "nvda_5m_yahoo.csv", yahoo_text())
    with pytest.raises(DataError, match="file name says 5m bars"):
        read_file(FileSpec(wrong))


def test_symbols_csv_names_intraday_files(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", yahoo_text())
    write(tmp_path / "b.csv", BITSTAMP)
    write(tmp_path / "symbols.csv", "file,symbol\na.csv,NVDA\nb.csv,BTC-USD@bitstamp\n")
    result = CsvProvider().fetch_paths([tmp_path])
    assert not result.failures
    assert sorted(b.meta.id for b in result.batches) == ["BTC-USD@bitstamp:1h", "NVDA:1h"]


def test_canonical_intraday_ids() -> None:
    assert canonical("nvda:1H") == "NVDA:1h"
    assert canonical("btc:1h") == "BTC-USD:1h"
    assert canonical("btc-usd@bitstamp:1h") == "BTC-USD@bitstamp:1h"
    assert canonical("BTC-USDT@binance") == "BTC-USDT@binance"
    assert canonical("nasdaq") == "^IXIC"


def test_close_stamped_bars_are_keyed_by_their_open(tmp_path: Path) -> None:
    # close stamps of a US session: 15:30 .. 20:30 hourly, then 21:00 closing the half hour
    closes = [f"2025-12-09 {h}:30:00+00:00" for h in range(15, 21)] + ["2025-12-09 21:00:00+00:00"]
    closes += [c.replace("12-09", "12-10") for c in closes]
    lines = ["timestamp,open,high,low,close"] + [f"{c},10,11,9,10.5" for c in closes]
    path = write(tmp_path / "nvda_1h.csv", "\n".join(lines) + "\n")
    batch = read_file(FileSpec(path, bar_stamp="close"))
    opens = field(batch, "close").index
    expected = [f"2025-12-09 {h}:30" for h in range(14, 21)]
    expected += [e.replace("12-09", "12-10") for e in expected]
    assert list(opens) == list(pd.DatetimeIndex(expected, tz="UTC"))
    assert "close stamp" in str(batch.meta.metadata["bar_stamp_convention"])
    # read as open stamps, the same file says the session runs 15:30-21:00
    assert field(read_file(FileSpec(path)), "close").index[0].hour == 15


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2025-12-09 0X:00:00,1,2,0.5,1.5,1",
            r"^line 4: ts_utc '2025-12-09 0X:00:00' is not a timestamp",
        ),
        ("2025-12-09 01:00:00,1,2,0.5,1.5,1", r"^line 4: ts_utc '2025-12-09 01:00:00' repeats"),
        ("2025-12-09 02:00:00,1.3,2,1.2,1.1,1", r"^line 4: low 1\.2 is above close 1\.1"),
        ("2025-12-09 02:00:00,1,2,0.5,2.5,1", r"^line 4: close 2\.5 is above high 2"),
        ("2025-12-09 02:00:00+00:00,1,2,0.5,1.5,1", r"^line 4: .*mixes naive and zone-aware"),
        ("2025-12-09 02:00:00,1,2,0.5,abc,1", r"^line 4: close 'abc' is not a number"),
    ],
)
def test_bad_rows_are_one_line_errors_naming_the_line(
    tmp_path: Path, row: str, message: str
) -> None:
    lines = [*BITSTAMP.splitlines()[:3], row, *BITSTAMP.splitlines()[4:]]
    path = write(tmp_path / "btc_usd_1h_bitstamp.csv", "\n".join(lines) + "\n")
    result = CsvProvider().fetch_paths([path])
    assert not result.batches
    (error,) = result.failures.values()
    assert "\n" not in error
    assert error.startswith("btc_usd_1h_bitstamp.csv: ")
    assert pd.Series([error.split(": ", 1)[1]]).str.contains(message).all(), error


def test_duplicate_of_a_converted_stamp_is_caught(tmp_path: Path) -> None:
    # 09:00-05:00 and 14:00+00:00 are the same instant
    text = (
        "timestamp,open,high,low,close\n"
        "2025-12-09T08:00:00-05:00,1,2,0.5,1.5\n"
        "2025-12-09T14:00:00+00:00,1,2,0.5,1.5\n"
        "2025-12-09T09:00:00-05:00,1,2,0.5,1.6\n"
        "2025-12-09T10:00:00-05:00,1,2,0.5,1.6\n"
    )
    with pytest.raises(DataError, match=r"^line 4: .*repeats the bar of line 3"):
        read_file(FileSpec(write(tmp_path / "x_1h.csv", text)))


def test_yahoo_layout_read_independently(tmp_path: Path) -> None:
    """The stored bars equal a plain pandas read of the same file."""
    path = write(tmp_path / "nvda_1h_yahoo.csv", yahoo_text())
    batch = read_file(FileSpec(path))
    plain = pd.read_csv(path)
    plain.index = pd.to_datetime(plain["timestamps"], utc=True)
    for name in ("open", "high", "low", "close", "volume"):
        np.testing.assert_array_equal(field(batch, name).to_numpy(), plain[name].to_numpy())
        assert (field(batch, name).index == plain.index).all()


def test_yfinance_intraday_export_gets_a_timeframe_id(tmp_path: Path) -> None:
    rows = "".join(f"2025-12-09 {h}:30:00+00:00,180.5,181,179,180,100\n" for h in range(14, 21))
    text = "Price,Close,High,Low,Open,Volume\nTicker,NVDA,NVDA,NVDA,NVDA,NVDA\nDatetime,,,,,\n"
    batch = read_file(FileSpec(write(tmp_path / "export.csv", text + rows)))
    # never stored under the daily symbol
    assert batch.meta.id == "NVDA:1h" and batch.meta.frequency == "intraday"
    assert batch.meta.metadata["timeframe"] == "1h"
