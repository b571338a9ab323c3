"""Vendor CSV exports: yfinance multi-row header, Stooq, CoinMarketCap, Investing.com.

Each layout is read from a small fixture in its real format (``fixtures/csv``, see the
README there) and checked value by value against an independent reader of the same file
(pandas or the csv module), plus one test on the real cross-check files.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.ingest import ingest
from bubblelink.providers.base import SeriesBatch
from bubblelink.providers.csvfile import CsvProvider, FileSpec, read_file
from bubblelink.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
CMC = FIXTURES / "Bitcoin_12_5_2025-12_12_2025_historical_data_coinmarketcap.csv"
INVESTING = FIXTURES / "Bitcoin Historical Data.csv"


def field(batch: SeriesBatch, name: str) -> pd.Series:
    """One field of a batch as a float Series indexed by date."""
    rows = batch.data[batch.data["field"] == name]
    return pd.Series(rows["value"].astype(float).to_numpy(), index=pd.DatetimeIndex(rows["date"]))


def layout_message(batch: SeriesBatch) -> str:
    (message,) = [w for w in batch.warnings if w.startswith("layout: ")]
    return message


def test_yfinance_auto_adjusted_close_is_stored_as_adj_close() -> None:
    path = FIXTURES / "yfinance_NVDA.csv"
    batch = read_file(FileSpec(path))
    # independent reader: the way the MANIFEST says to read these files
    ref = pd.read_csv(path, header=[0, 1], skiprows=[2], index_col=0)
    ref.index = pd.DatetimeIndex(ref.index)
    assert batch.meta.id == "NVDA" and batch.meta.kind == "price"
    assert (batch.meta.frequency, batch.meta.calendar) == ("business", "XNYS")
    assert set(batch.data["field"]) == {"adj_close", "open", "high", "low", "volume"}
    for column, name in [("Close", "adj_close"), ("Open", "open"), ("High", "high"),
                         ("Low", "low"), ("Volume", "volume")]:  # fmt: skip
        pd.testing.assert_series_equal(
            field(batch, name), ref[(column, "NVDA")].astype(float), check_names=False
        )
    assert field(batch, "adj_close").loc["2025-12-11"] == 180.70957946777344
    message = layout_message(batch)
    assert "yfinance multi-row header" in message and "ticker NVDA" in message
    assert "auto-adjusted" in message and "stored as adj_close" in message
    assert batch.meta.metadata["layout"] == "yfinance"


def test_yfinance_with_an_adj_close_column_keeps_close_raw() -> None:
    batch = read_file(FileSpec(FIXTURES / "yfinance_ORCL_adj_close.csv"))
    close, adj = field(batch, "close"), field(batch, "adj_close")
    # ORCL 2025-12-11 (MANIFEST of the cross-check data): quoted close 198.85, adjusted 197.64
    assert close.loc["2025-12-11"] == pytest.approx(198.85, abs=1e-4)
    assert adj.loc["2025-12-11"] == pytest.approx(197.6355, abs=1e-4)
    assert (adj < close).all()  # the dividend adjustment lowers past prices
    assert "Close is the raw close" in layout_message(batch)


def test_stooq_export_close_is_raw_and_the_name_gives_the_symbol() -> None:
    path = FIXTURES / "btcusd_d.csv"
    batch = read_file(FileSpec(path))
    ref = pd.read_csv(path, index_col="Date", parse_dates=True)
    assert batch.meta.id == "BTC-USD"  # btcusd_d.csv: Stooq's name, alias BTCUSD
    assert set(batch.data["field"]) == {"open", "high", "low", "close"}
    for column in ref.columns:
        pd.testing.assert_series_equal(
            field(batch, column.lower()), ref[column].astype(float), check_names=False,
            check_freq=False,
        )  # fmt: skip
    message = layout_message(batch)
    assert "Stooq export (Date,Open,High,Low,Close)" in message
    assert "Close stored as close" in message and "from the file name" in message
    # weekday-only file: business frequency; validation decides what a crypto feed is
    assert batch.meta.frequency == "business" and batch.meta.metadata["asset_class"] == "crypto"


def test_stooq_polish_header_and_volume(tmp_path: Path) -> None:
    path = tmp_path / "nvda_us_d.csv"
    path.write_text(
        "Data,Otwarcie,Najwyzszy,Najnizszy,Zamkniecie,Wolumen\n"
        "2025-12-10,184.7,185.3,181.8,183.6,162785400\n"
        "2025-12-11,180.1,181.1,176.4,180.7,182136600\n"
    )
    batch = read_file(FileSpec(path))
    assert batch.meta.id == "NVDA"
    assert field(batch, "volume").tolist() == [162785400.0, 182136600.0]
    assert field(batch, "close").tolist() == [183.6, 180.7]


def test_coinmarketcap_export_newest_first_utc_day_bars() -> None:
    batch = read_file(FileSpec(CMC))
    with CMC.open(newline="") as handle:
        ref = list(csv.DictReader(handle, delimiter=";"))
    assert batch.meta.id == "BTC-USD" and batch.meta.unit == "USD"  # "Bitcoin", quote 2781
    assert (batch.meta.frequency, batch.meta.calendar) == ("daily", "24/7")
    close = field(batch, "close")
    assert close.index.is_monotonic_increasing
    expected = {pd.Timestamp(r["timeOpen"][:10]): float(r["close"]) for r in ref}
    assert close.to_dict() == expected
    assert field(batch, "volume").loc["2025-12-11"] == 64532834621.0
    assert set(batch.data["field"]) == {"open", "high", "low", "close", "volume"}
    message = layout_message(batch)
    assert "CoinMarketCap historical export" in message and "24.00 h" in message
    assert "not stored: marketCap, circulatingSupply" in message
    assert "rows newest first, sorted" in message
    assert "bar_stamp" not in batch.meta.metadata  # 00:00 UTC: a UTC-day candle


def test_coinmarketcap_bars_opening_at_another_hour_are_flagged(tmp_path: Path) -> None:
    """The older header (no circulatingSupply); bars running 05:00 to 05:00 UTC."""
    days = pd.date_range("2025-12-01", periods=6, freq="D")
    rows = [
        "timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;timestamp"
    ]
    for day in days:
        d = day.date().isoformat()
        nxt = (day + pd.Timedelta(days=1)).date().isoformat()
        rows.append(
            f'"{d}T05:00:00.000Z";"{nxt}T04:59:59.999Z";"{d}T09:00:00.000Z";'
            f'"{d}T07:00:00.000Z";"2781";10;11;9;10.5;100;1000;"{nxt}T04:59:59.999Z"'
        )
    path = tmp_path / "eth.csv"
    path.write_text("\n".join(rows) + "\n")
    batch = read_file(FileSpec(path, symbol="ETH-USD"))
    assert field(batch, "close").index[0] == pd.Timestamp("2025-12-01")
    assert batch.meta.metadata["bar_stamp"] == "05:00 UTC"
    assert any("stamped 05:00 UTC" in w for w in batch.warnings)
    assert "another hour" in str(batch.meta.metadata["timing_note"])


def test_investing_export_us_dates_separators_and_suffixes() -> None:
    batch = read_file(FileSpec(INVESTING))
    with INVESTING.open(newline="") as handle:
        ref = list(csv.DictReader(handle))
    assert batch.meta.id == "BTC-USD"  # "Bitcoin Historical Data.csv"
    assert (batch.meta.frequency, batch.meta.calendar) == ("daily", "24/7")
    close = field(batch, "close")
    assert close.index.is_monotonic_increasing
    expected = {
        pd.Timestamp(f"{r['Date'][6:]}-{r['Date'][:2]}-{r['Date'][3:5]}"): float(
            r["Price"].replace(",", "")
        )
        for r in ref
    }
    assert close.to_dict() == expected
    assert close.loc["2025-12-11"] == 92511.3
    assert field(batch, "volume").loc["2025-12-11"] == pytest.approx(697_570.0)
    assert "volume" in set(batch.data["field"]) and "adj_close" not in set(batch.data["field"])
    message = layout_message(batch)
    assert "Investing.com export (MM/DD/YYYY dates, a second number above 12)" in message
    assert "stored as close (not adjusted)" in message


def _investing(tmp_path: Path, dates: list[str], vols: list[str] | None = None) -> SeriesBatch:
    vols = vols or ["1.00K"] * len(dates)
    lines = ['"Date","Price","Open","High","Low","Vol.","Change %"']
    for i, (d, v) in enumerate(zip(dates, vols, strict=True)):
        price = f"{1000 + i:,.1f}"
        lines.append(f'"{d}","{price}","{price}","{price}","{price}","{v}","0.10%"')
    path = tmp_path / "X Historical Data.csv"
    path.write_text("\n".join(lines) + "\n")
    return read_file(FileSpec(path))


def test_investing_day_first_ambiguous_and_named_dates(tmp_path: Path) -> None:
    uk = _investing(tmp_path, ["15/12/2025", "14/12/2025", "13/12/2025"])
    assert field(uk, "close").index[-1] == pd.Timestamp("2025-12-15")
    assert "DD/MM/YYYY dates, a first number above 12" in layout_message(uk)
    # no number above 12 and both orders sorted: the US format (investing.com's own)
    us = _investing(tmp_path, ["12/03/2025", "12/02/2025", "12/01/2025"])
    assert list(field(us, "close").index) == list(pd.date_range("2025-12-01", periods=3))
    assert "MM/DD/YYYY" in layout_message(us)
    # only day-first keeps the rows in date order
    eu = _investing(tmp_path, ["03/12/2025", "02/12/2025", "30/11/2025"])
    assert field(eu, "close").index[0] == pd.Timestamp("2025-11-30")
    named = _investing(tmp_path, ["Dec 12, 2025", "Dec 11, 2025", "Dec 10, 2025"])
    assert field(named, "close").index[0] == pd.Timestamp("2025-12-10")


def test_investing_volume_suffixes_and_missing_volume(tmp_path: Path) -> None:
    batch = _investing(
        tmp_path,
        ["12/16/2025", "12/15/2025", "12/14/2025", "12/13/2025"],
        ["1.5M", "2.25B", "", "-"],
    )
    volume = field(batch, "volume").dropna()
    assert volume.to_dict() == {
        pd.Timestamp("2025-12-15"): 2.25e9,
        pd.Timestamp("2025-12-16"): 1.5e6,
    }


@pytest.mark.parametrize(
    ("name", "edit", "error"),
    [
        (
            "Bitcoin Historical Data.csv",
            lambda lines: lines.__setitem__(3, lines[3].replace('"90,298.7"', '"abc"', 1)),
            r"^Investing\.com layout, line 4: Price 'abc' is not a number: fix or delete that "
            r"row$",
        ),
        (
            "Bitcoin Historical Data.csv",
            lambda lines: lines.__setitem__(2, lines[2].replace('"12/14/2025"', '"14.12.25"')),
            r"^Investing\.com layout, line 3: Date '14\.12\.25' is not MM/DD/YYYY or DD/MM/YYYY",
        ),
        (
            "yfinance_NVDA.csv",
            lambda lines: lines.__setitem__(5, lines[5].rsplit(",", 2)[0]),
            r"^yfinance layout, line 6: 4 fields where the header has 6 \(date,Close,High,Low,"
            r"Open,Volume\): fix or delete that row$",
        ),
        (
            "yfinance_NVDA.csv",
            lambda lines: lines.__setitem__(1, "Ticker,NVDA,AMD,NVDA,AMD,NVDA"),
            r"^yfinance layout, line 2: 2 tickers in one file \(AMD, NVDA\): save one ticker",
        ),
        (
            "yfinance_NVDA.csv",
            lambda lines: lines.pop(2),
            r"^yfinance layout, line 3: expected the index row 'Date,,,\.\.\.'",
        ),
        (
            "btcusd_d.csv",
            lambda lines: lines.__setitem__(4, "2025-11-6x" + lines[4][10:]),
            r"^Stooq layout, line 5: Date '2025-11-6x' is not an ISO date",
        ),
        (
            CMC.name,
            lambda lines: lines.__setitem__(2, "yesterday" + lines[2][26:]),
            r"^CoinMarketCap layout, line 3: timeOpen 'yesterday' is not an ISO date",
        ),
        (
            CMC.name,
            lambda lines: lines.__setitem__(0, lines[0].replace("close;", "last;")),
            r"^CoinMarketCap layout, line 1: the header lacks close: export the historical",
        ),
    ],
)
def test_malformed_recognised_layouts_give_one_line_errors(
    tmp_path: Path, name: str, edit: object, error: str
) -> None:
    lines = (FIXTURES / name).read_text().splitlines()
    edit(lines)  # type: ignore[operator]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=error):
        read_file(FileSpec(path))
    result = CsvProvider().fetch_paths([path])
    (reason,) = result.failures.values()
    assert "\n" not in reason and reason.startswith(f"{name}: ")


def test_stooq_refusal_saved_as_the_file(tmp_path: Path) -> None:
    path = tmp_path / "xyz_d.csv"
    path.write_text("No data\n")
    with pytest.raises(DataError, match=r"^Stooq layout, line 1: the file holds Stooq's answer"):
        read_file(FileSpec(path))


def test_generic_daily_stamps_are_keyed_by_their_written_date(tmp_path: Path) -> None:
    crypto = tmp_path / "sol-usd.csv"
    days = pd.date_range("2025-12-01 05:00", periods=10, freq="D")
    crypto.write_text(
        "timestamp,close\n"
        + "".join(f"{d:%Y-%m-%dT%H:%M:%SZ},{i + 1}\n" for i, d in enumerate(days))
    )
    batch = read_file(FileSpec(crypto))
    assert field(batch, "close").index[0] == pd.Timestamp("2025-12-01")
    assert batch.meta.calendar == "24/7" and batch.meta.metadata["bar_stamp"] == "05:00 UTC"
    assert any("not at the UTC day boundary" in w for w in batch.warnings)
    # an equity stamped at midnight New York time: the session date, recorded, no warning
    equity = tmp_path / "nvda.csv"
    sessions = pd.bdate_range("2025-12-01", periods=10)
    equity.write_text(
        "Date,Close\n"
        + "".join(f"{d:%Y-%m-%d} 00:00:00-05:00,{i + 1}\n" for i, d in enumerate(sessions))
    )
    batch = read_file(FileSpec(equity))
    assert list(field(batch, "close").index) == list(sessions)
    assert batch.meta.metadata["bar_stamp"] == "05:00 UTC" and not batch.warnings


@pytest.mark.real_data
def test_real_crosscheck_exports_ingest(shared_data_dir: Path, tmp_path: Path) -> None:
    folder = shared_data_dir / "crosscheck"
    files = {
        "btc_usd_yf_quantedge.csv": "BTC-USD",
        "nvda_yf_quantedge.csv": "NVDA",
        "amd_yf_quantedge.csv": "AMD",
        "nasdaq_composite_yf_quantedge.csv": "^IXIC",
        "btc_usd_stooq.csv": "BTC-USD@stooq",
    }
    present = {f: s for f, s in files.items() if (folder / f).exists()}
    if not present:
        pytest.skip(f"no cross-check files in {folder}")
    for name in present:
        shutil.copy(folder / name, tmp_path / name)
    (tmp_path / "symbols.csv").write_text(
        "file,symbol\n" + "".join(f"{f},{s}\n" for f, s in present.items())
    )
    with Store(tmp_path / "store.duckdb") as st:
        summary = ingest(st, CsvProvider().fetch_paths([tmp_path]), "csv")
        assert summary.ok, [o.error for o in summary.outcomes if o.error]
        warnings = {o.symbol: " | ".join(o.warnings) for o in summary.outcomes}
        info = {i.id: i for i in st.info()}
        closes = {
            sid: st.read([sid], fields=["adj_close", "close"]).set_index("date")["value"]
            for sid in info
        }
    for name, sid in present.items():
        layout = "Stooq export" if "stooq" in name else "yfinance multi-row header"
        assert f"layout: {layout}" in warnings[sid]
    if "BTC-USD" in info:
        btc = info["BTC-USD"]
        assert (btc.first_date, btc.last_date, btc.rows) == (
            pd.Timestamp("2021-06-24"),
            pd.Timestamp("2026-06-24"),
            1827,
        )
        assert btc.calendar == "24/7" and "adj_close" in btc.fields and "close" not in btc.fields
        # same vendor as shared/real/btc_usd.csv: identical closes except the partial last row
        shared = pd.read_csv(shared_data_dir / "real" / "btc_usd.csv", index_col="date")
        shared.index = pd.DatetimeIndex(shared.index)
        common = closes["BTC-USD"].index.intersection(shared.index)[:-1]
        assert len(common) > 1700
        np.testing.assert_allclose(
            closes["BTC-USD"].loc[common], shared["close"].loc[common], rtol=1e-12
        )
    if "BTC-USD@stooq" in info:
        stooq = info["BTC-USD@stooq"]
        assert (stooq.rows, stooq.frequency, stooq.calendar) == (4001, "business", "XNYS")
        assert stooq.metadata["bars"] == "weekdays" and stooq.fields == (
            "close",
            "high",
            "low",
            "open",
        )
        assert "crypto series without weekend bars" in warnings["BTC-USD@stooq"]
        # MANIFEST: median |ratio - 1| vs the shared (Yahoo) BTC, 2018-01-02..2026-01-02
        shared = pd.read_csv(shared_data_dir / "real" / "btc_usd.csv", index_col="date")
        shared.index = pd.DatetimeIndex(shared.index)
        mine = closes["BTC-USD@stooq"].loc["2018-01-02":"2026-01-02"]
        common = mine.index.intersection(shared.index)
        gap = float(np.median(np.abs(mine.loc[common] / shared["close"].loc[common] - 1)))
        assert len(common) == 2070 and gap == pytest.approx(0.0038, abs=0.0005)


def test_investing_index_without_volume_and_a_non_iso_stooq_lookalike(tmp_path: Path) -> None:
    index = tmp_path / "Nasdaq Historical Data.csv"
    index.write_text(
        '"Date","Price","Open","High","Low","Change %"\n'
        '"12/12/2025","23,195.17","23,500.00","23,550.10","23,100.00","-1.69%"\n'
        '"12/11/2025","23,593.86","23,400.00","23,600.00","23,350.00","-0.25%"\n'
    )
    batch = read_file(FileSpec(index, symbol="^IXIC"))
    assert "volume" not in set(batch.data["field"])
    assert field(batch, "close").tolist() == [23593.86, 23195.17]
    # the Stooq header with US dates is not a Stooq export: the generic reader takes it
    other = tmp_path / "x.csv"
    other.write_text("Date,Open,High,Low,Close\n12/11/2025,1,2,0.5,1.5\n12/12/2025,1,2,0.5,1.6\n")
    generic = read_file(FileSpec(other))
    assert not generic.warnings and field(generic, "close").index[0] == pd.Timestamp("2025-12-11")
