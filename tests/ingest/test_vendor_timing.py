"""Vendor timing: a crypto feed without weekend bars is registered as what it is.

Detected at ingest (a warning, the registry's frequency/calendar/metadata), then used by
the analysis: alignment notes, annualisation (252 vs 365) and the mixing note. Tested on
synthetic weekday-only series and on the real Stooq BTCUSD file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.frames import load, load_returns
from bubblelink.ingest import ingest, validate_batch
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.providers.csvfile import CsvProvider
from bubblelink.service.events import performance
from bubblelink.service.linkage import beta
from bubblelink.store import Store


def crypto(
    dates: pd.DatetimeIndex, sid: str = "BTC-X", seed: int | None = None, **meta: object
) -> SeriesBatch:
    """Closes growing 1% a bar, or a random walk when ``seed`` is given."""
    steps = np.full(len(dates), 0.01)
    if seed is not None:
        steps = np.random.default_rng(seed).normal(0.0, 0.03, len(dates))
    values = 100.0 * np.exp(np.cumsum(steps))
    data = pd.DataFrame({"date": dates, "field": "close", "value": values})
    fields = {"calendar": "24/7", "frequency": "daily", **meta}
    return SeriesBatch(SeriesMeta(id=sid, **fields), data)  # type: ignore[arg-type]


def test_crypto_without_weekend_bars_is_registered_as_weekday_bars() -> None:
    weekdays = pd.bdate_range("2025-01-06", "2025-03-28")
    out = validate_batch(crypto(weekdays))
    assert (out.meta.frequency, out.meta.calendar) == ("business", "XNYS")
    assert out.meta.metadata["bars"] == "weekdays"
    assert "weekday-only crypto bars" in out.meta.metadata["timing_note"]
    (warning,) = out.warnings
    assert warning.startswith(
        f"crypto series without weekend bars (none of {len(weekdays)} bars from 2025-01-06 "
        "to 2025-03-28 falls on a Saturday or Sunday)"
    )
    # registered 24/7, its weekends would have been "gaps"; as weekday bars they are not
    assert not any("gaps longer" in w for w in out.warnings)


def test_other_series_keep_their_registry_entry() -> None:
    every_day = validate_batch(crypto(pd.date_range("2025-01-01", "2025-03-31")))
    assert every_day.meta.calendar == "24/7" and not every_day.warnings
    # three weeks without a weekend bar are not enough to tell
    short = validate_batch(crypto(pd.bdate_range("2025-01-06", "2025-01-24")))
    assert short.meta.calendar == "24/7" and "bars" not in short.meta.metadata
    # an equity is weekday-only by nature
    equity = crypto(pd.bdate_range("2025-01-06", "2025-03-28"), "NVDA", calendar="XNYS",
                    frequency="business")  # fmt: skip
    assert validate_batch(equity).meta.metadata == {}
    # the CSV importer marks crypto symbols; a weekday file is already "business"/XNYS
    marked = crypto(pd.bdate_range("2025-01-06", "2025-03-28"), calendar="XNYS",
                    frequency="business", metadata={"asset_class": "crypto"})  # fmt: skip
    assert validate_batch(marked).meta.metadata["bars"] == "weekdays"


@pytest.fixture()
def timing_store(store_path: Path) -> Path:
    """A 24/7 BTC, a weekday-only BTC feed and an equity, through the ingest pipeline."""
    days = pd.date_range("2024-01-01", "2024-03-31", freq="D")
    sessions = pd.bdate_range("2024-01-02", "2024-03-29").drop(pd.Timestamp("2024-01-15"))
    weekdays = pd.bdate_range("2024-01-01", "2024-03-29")
    rng = np.random.default_rng(3)
    eq = pd.DataFrame(
        {"date": sessions, "field": "close",
         "value": 50.0 * np.exp(np.cumsum(rng.normal(0, 0.01, len(sessions))))}
    )  # fmt: skip
    batches = [
        crypto(days, "BTC-USD", seed=1),
        crypto(weekdays, "BTC-USD@wk", seed=2, calendar="XNYS", frequency="business",
               metadata={"asset_class": "crypto"}),
        SeriesBatch(SeriesMeta(id="NVDA"), eq),
    ]  # fmt: skip
    with Store(store_path) as st:
        summary = ingest(st, FetchResult(batches=batches), "test")
        assert summary.ok
        outcome = {o.symbol: o for o in summary.outcomes}
        assert any("without weekend bars" in w for w in outcome["BTC-USD@wk"].warnings)
        info = {i.id: i for i in st.info()}
    assert info["BTC-USD@wk"].calendar == "XNYS"
    assert info["BTC-USD@wk"].metadata["bars"] == "weekdays"
    return store_path


def test_alignment_notes_describe_the_bars_each_series_has(timing_store: Path) -> None:
    frame = load(["BTC-USD@wk", "NVDA"], store=timing_store)
    assert frame.attrs["bars"] == {"BTC-USD@wk": "weekdays"}
    equity = load_returns(["BTC-USD@wk", "NVDA"], store=timing_store)
    rule = equity.notes[0]
    assert rule.startswith("alignment: NYSE sessions (XNYS); BTC-USD@wk: weekday-only crypto")
    assert "UTC daily bar of the same calendar date" not in rule
    assert not any(n.startswith("mixed crypto bar calendars") for n in equity.notes)
    # its Monday return is Friday's close to Monday's close (the weekend inside it)
    closes = frame["BTC-USD@wk"]
    monday = np.log(closes.loc["2024-01-08"].item() / closes.loc["2024-01-05"].item())
    assert equity.returns.loc["2024-01-08", "BTC-USD@wk"].item() == pytest.approx(monday)
    mixed = load_returns(["BTC-USD@wk", "BTC-USD", "NVDA"], store=timing_store)
    assert "UTC daily bar of the same calendar date" in mixed.notes[0]
    (note,) = [n for n in mixed.notes if n.startswith("mixed crypto bar calendars")]
    assert "BTC-USD@wk has weekday-only bars" in note and "BTC-USD is 24/7" in note
    all_days = load_returns(["BTC-USD@wk", "BTC-USD"], store=timing_store, calendar="all-days")
    assert "BTC-USD@wk: weekday-only crypto bars" in all_days.notes[0]
    assert "carried over weekends like equities" in all_days.notes[0]
    assert all_days.filled.loc["2024-01-06", "BTC-USD@wk"].item()
    assert all_days.returns.loc["2024-01-06", "BTC-USD@wk"].item() == 0.0
    assert any(n.startswith("mixed crypto bar calendars") for n in all_days.notes)


def test_annualisation_follows_the_bars_of_the_data(timing_store: Path) -> None:
    def periods(asset: str, market: str, calendar: str) -> float:
        result = beta(timing_store, asset=asset, market=market, calendar=calendar)
        return float(result.to_dict()["periods_per_year"])

    # equity calendar: one return per NYSE session, whatever the series
    assert periods("BTC-USD", "NVDA", "equity") == 252
    # all-days: the market's own bars (capture ratios count its non-zero days)
    assert periods("BTC-USD", "NVDA", "all-days") == 252
    assert periods("BTC-USD", "BTC-USD@wk", "all-days") == 252
    assert periods("BTC-USD@wk", "BTC-USD", "all-days") == 365
    perf = performance(timing_store, symbols=["BTC-USD", "BTC-USD@wk", "NVDA"], since="2024-02-01")
    factors = {a["symbol"]: a["periods_per_year"] for a in perf.to_dict()["assets"]}
    assert factors == {"BTC-USD": 365, "BTC-USD@wk": 252, "NVDA": 252}


@pytest.mark.real_data
def test_real_stooq_btc_is_a_weekday_feed_end_to_end(
    shared_data_dir: Path, real_data_dir: Path, tmp_path: Path
) -> None:
    stooq = shared_data_dir / "crosscheck" / "btc_usd_stooq.csv"
    if not stooq.exists():
        pytest.skip(f"{stooq} not found")
    for name in ("btc_usd.csv", "nasdaq_composite.csv"):
        shutil.copy(real_data_dir / name, tmp_path / name)
    shutil.copy(stooq, tmp_path / stooq.name)
    (tmp_path / "symbols.csv").write_text(
        "file,symbol\nbtc_usd_stooq.csv,BTC-USD@stooq\nbtc_usd.csv,BTC-USD\n"
        "nasdaq_composite.csv,^IXIC\n"
    )
    store = tmp_path / "store.duckdb"
    with Store(store) as st:
        summary = ingest(st, CsvProvider().fetch_paths([tmp_path]), "csv")
        assert summary.ok
        warnings = {o.symbol: o.warnings for o in summary.outcomes}
        info = {i.id: i for i in st.info()}
    assert any(
        w.startswith("crypto series without weekend bars (none of 4001 bars from 2010-07-19")
        for w in warnings["BTC-USD@stooq"]
    )
    assert not any("without weekend bars" in w for w in warnings["BTC-USD"])
    assert (info["BTC-USD@stooq"].frequency, info["BTC-USD@stooq"].calendar) == (
        "business",
        "XNYS",
    )
    assert info["BTC-USD"].calendar == "24/7"
    rf = load_returns(["BTC-USD@stooq", "^IXIC"], store=store, start="2025-01-01", end="2025-12-31")
    assert "BTC-USD@stooq: weekday-only crypto bars" in rf.notes[0]
    assert "UTC daily bar" not in rf.notes[0]
    both = load_returns(["BTC-USD@stooq", "BTC-USD"], store=store, start="2025-01-01",
                        end="2025-12-31")  # fmt: skip
    assert any(n.startswith("mixed crypto bar calendars: BTC-USD@stooq") for n in both.notes)
    # the two feeds' session returns differ because their bars close at different hours
    # (MANIFEST: daily-return correlation 0.937 over 2018-2026 on common weekdays)
    corr = both.returns.corr().iloc[0, 1]
    assert 0.85 < corr < 0.99
    result = beta(store, asset="BTC-USD@stooq", market="^IXIC", calendar="all-days",
                  start="2025-01-01", end="2025-12-31")  # fmt: skip
    assert result.to_dict()["periods_per_year"] == 252
    perf = performance(store, symbols=["BTC-USD@stooq", "BTC-USD"], since="2025-01-01",
                       until="2025-12-31")  # fmt: skip
    factors = {a["symbol"]: a["periods_per_year"] for a in perf.to_dict()["assets"]}
    assert factors == {"BTC-USD@stooq": 252, "BTC-USD": 365}


def test_a_short_top_up_keeps_the_registered_bars(store_path: Path, tmp_path: Path) -> None:
    """A few new rows cannot show the calendar; they must not overwrite the registry."""
    fixture = Path(__file__).parents[1] / "providers" / "fixtures" / "csv" / "btcusd_d.csv"
    top_up = tmp_path / "top_up.csv"
    top_up.write_text("Date,Open,High,Low,Close\n2025-12-15,90270,90500,89000,89500\n")
    nvda = tmp_path / "nvda.csv"
    nvda.write_text("Date,Close\n" + "".join(f"{d:%Y-%m-%d},{100 + i}\n" for i, d in
                    enumerate(pd.bdate_range("2025-10-01", "2025-12-12"))))  # fmt: skip
    nvda_top_up = tmp_path / "nvda_top_up.csv"
    nvda_top_up.write_text("Date,Close\n2025-12-15,200\n2025-12-16,201\n")
    with Store(store_path) as st:
        for path, symbol in [(fixture, "BTC-USD@stooq"), (top_up, "BTC-USD@stooq"),
                             (nvda, "NVDA"), (nvda_top_up, "NVDA")]:  # fmt: skip
            summary = ingest(st, CsvProvider(symbol=symbol).fetch_paths([path]), "csv")
            assert summary.ok
        info = {i.id: i for i in st.info()}
    stooq = info["BTC-USD@stooq"]
    assert (stooq.frequency, stooq.calendar, stooq.metadata["bars"]) == (
        "business",
        "XNYS",
        "weekdays",
    )
    assert stooq.last_date == pd.Timestamp("2025-12-15")
    # two sessions alone look "daily" (24/7) to the importer; the stored entry stays
    assert (info["NVDA"].frequency, info["NVDA"].calendar) == ("business", "XNYS")
