"""Stores shared by the whole suite (each built once per test session and worker).

* :func:`sample_store`: the synthetic sample market (2017-2026), and
  :func:`recent_sample_store` from 2023 (faster, for the API, browser and report tests);
* :func:`real_store`: the real files the gauges, risk score, monitor and CLI need;
* :func:`add_hostile_series`: a series whose id is a ``<script>`` element;
* :func:`write_series`: one small real series with explicit values.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.providers.csvfile import CsvProvider
from bubblelink.providers.sample import DEFAULT_START, SampleProvider
from bubblelink.store import Store

#: A series id that would run script if any output forgot to escape it.
XSS_SYMBOL = "<SCRIPT>WINDOW.__XSS=1</SCRIPT>"

#: Real files the gauges, risk score and monitor need.
REAL_FILES = (
    "btc_usd.csv",
    "nvda.csv",
    "orcl.csv",
    "amd.csv",
    "nasdaq_composite.csv",
    "dxy_stooq.csv",
    "fred_DTWEXBGS.csv",
    "fred_M2SL.csv",
    "fred_WALCL.csv",
    "fred_WTREGEN.csv",
    "fred_RRPONTSYD.csv",
    "fred_BAMLH0A0HYM2_full_to2025.csv",
    "fred_BAMLH0A0HYM2_2023on.csv",
    "fred_BAMLC0A0CM_full_to2025.csv",
    "fred_BAMLC0A0CM_2023on.csv",
    "fred_DFF.csv",
    "fred_DFF_2026.csv",
    "fred_FEDFUNDS.csv",
)


def real_store(real_data_dir: Path, base: Path) -> Path:
    """A store with the real files above (cached under the session's base temp dir)."""
    path = base / "liquidity_real" / "store.duckdb"
    if path.exists():
        return path
    folder = base / "liquidity_real" / "files"
    folder.mkdir(parents=True, exist_ok=True)
    symbols = pd.read_csv(real_data_dir / "symbols.csv")
    symbols[symbols["file"].isin(REAL_FILES)].to_csv(folder / "symbols.csv", index=False)
    for name in REAL_FILES:
        shutil.copy(real_data_dir / name, folder / name)
    tmp = path.with_suffix(".tmp")
    with Store(tmp) as st:
        ingest(st, CsvProvider().fetch_paths([folder]), "csv")
    tmp.rename(path)
    return path


def sample_store(path: Path, start: str | None = None) -> Path:
    """The synthetic sample market (from ``start``) at ``path`` (kept when it exists)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with Store(tmp) as st:
        ingest(st, SampleProvider(start=start or DEFAULT_START).fetch(), "sample")
    tmp.rename(path)
    return path


def add_hostile_series(path: Path) -> Path:
    """Add a synthetic price series whose id is an HTML ``<script>`` element."""
    dates = pd.bdate_range("2024-01-01", "2026-08-31")
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, len(dates))))
    data = pd.DataFrame({"date": dates, "field": "close", "value": close})
    meta = SeriesMeta(
        id=XSS_SYMBOL,
        kind="price",
        unit="USD",
        frequency="business",
        source="test",
        calendar="XNYS",
        synthetic=True,
        metadata={},
    )
    with Store(path) as st:
        st.write([SeriesBatch(meta=meta, data=data)], provider="test")
    return path


def write_series(
    store: Store,
    series_id: str,
    values: pd.Series,
    unit: str = "index",
    kind: str = "price",
    frequency: str = "business",
) -> None:
    """Write one small real (non-synthetic) series with explicit values."""
    dates = pd.DatetimeIndex(values.index).tz_localize(None)
    data = pd.DataFrame(
        {
            "date": dates,
            "field": "close" if kind == "price" else "value",
            "value": values.to_numpy(),
        }
    )
    meta = SeriesMeta(
        id=series_id,
        kind=kind,
        unit=unit,
        frequency=frequency,  # type: ignore[arg-type]
        source="test",
        calendar="XNYS" if kind == "price" else "none",
        synthetic=False,
        metadata={},
    )
    result = FetchResult()
    result.batches.append(SeriesBatch(meta=meta, data=data))
    ingest(store, result, "test")


def _lagged_batch(sid: str, values: pd.Series, unit: str, kind: str, frequency: str,
                  calendar: str, lag: int, field: str = "value") -> SeriesBatch:  # fmt: skip
    """A batch whose vintages are observation date + ``lag`` days (as-of reads see them)."""
    dates = pd.DatetimeIndex(values.index)
    data = pd.DataFrame(
        {
            "date": dates,
            "field": field,
            "value": values.to_numpy(dtype=float),
            "vintage": (dates + pd.Timedelta(days=lag)).tz_localize("UTC"),
        }
    )
    meta = SeriesMeta(id=sid, kind=kind, unit=unit, frequency=frequency, source="test",  # type: ignore[arg-type]
                      calendar=calendar, synthetic=False, metadata={})  # type: ignore[arg-type]  # fmt: skip
    return SeriesBatch(meta=meta, data=data)


def market_structure_store(path: Path) -> Path:
    """Two crypto vendors, BTC, the AI basket, equities and GDP (hand-made, not synthetic).

    CoinGecko dominance 2025-01-01..2025-03-31 = 55 + 0.01 x day; CoinMarketCap
    2025-03-01..2025-06-30 = the same line + 2 pp; CoinMarketCap's total cap = 97% of
    CoinGecko's line; NCBEILQ027S (USD millions) and GDP (USD billions) quarterly
    1985..2025Q2 with their catalog lags (165 and 120 days) as vintages.
    """
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    cg_days = pd.date_range("2025-01-01", "2025-03-31", freq="D")
    cmc_days = pd.date_range("2025-03-01", "2025-06-30", freq="D")
    cg = pd.Series(55.0 + 0.01 * np.arange(len(cg_days)), index=cg_days)
    cmc = pd.Series(57.0 + 0.01 * (np.arange(len(cmc_days)) + 59), index=cmc_days)
    cap_cg = pd.Series(3e12 * (1 + 0.001 * np.arange(len(cg_days))), index=cg_days)
    cap_cmc = pd.Series(0.97 * 3e12 * (1 + 0.001 * (np.arange(len(cmc_days)) + 59)),
                        index=cmc_days)  # fmt: skip
    all_days = pd.date_range("2025-01-01", "2025-06-30", freq="D")
    btc = pd.Series(90_000 * np.exp(np.cumsum(rng.normal(0, 0.03, len(all_days)))),
                    index=all_days)  # fmt: skip
    sessions = pd.bdate_range("2025-01-02", "2025-06-30")
    quarters = pd.date_range("1985-01-01", "2025-04-01", freq="QS")
    equities = pd.Series(1e6 * (10 + np.arange(len(quarters))), index=quarters)
    result = FetchResult()
    result.batches += [
        _lagged_batch("BTC_DOMINANCE", cg, "percent", "crypto_market", "daily", "24/7", 1),
        _lagged_batch("BTC_DOMINANCE_CMC", cmc, "percent", "crypto_market", "daily", "24/7", 1),
        _lagged_batch("CRYPTO_TOTAL_MCAP", cap_cg, "USD", "crypto_market", "daily", "24/7", 1),
        _lagged_batch("CRYPTO_TOTAL_MCAP_CMC", cap_cmc, "USD", "crypto_market", "daily", "24/7", 1),
        _lagged_batch("BTC-USD", btc, "USD", "price", "daily", "24/7", 1, "close"),
        _lagged_batch("NCBEILQ027S", equities, "millions USD", "macro", "quarterly", "none", 165),
        _lagged_batch(
            "GDP",
            pd.Series(10_000.0, index=quarters),
            "billions USD",
            "macro",
            "quarterly",
            "none",
            120,
        ),
    ]
    for sym in ("NVDA", "ORCL", "AMD"):
        px = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.02, len(sessions)))),
                       index=sessions)  # fmt: skip
        result.batches.append(
            _lagged_batch(sym, px, "USD", "price", "business", "XNYS", 1, "close")
        )
    with Store(path) as store:
        summary = ingest(store, result, "test")
        assert summary.ok, summary.to_dict()
    return path
