"""Ingest: fetch from a provider, validate, write to the store in one transaction.

One function per provider; each returns the per-symbol summary (rows added, revised,
failed with the reason) in a :class:`~bubblelink.service.ServiceResult`. ``progress``
(``(label, done, total, symbol)``) lets an output show a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.ingest import IngestSummary, QualityGates, ingest
from bubblelink.providers.base import FetchResult
from bubblelink.service._envelope import ServiceResult
from bubblelink.store import Store

if TYPE_CHECKING:
    from bubblelink.providers.world_series import WorldSeriesProvider

Progress = Callable[[str, int, int, str], None]


def fetch_each(
    symbols: Sequence[str],
    fetch_one: Callable[[str], FetchResult],
    label: str,
    progress: Progress | None = None,
) -> FetchResult:
    """Fetch symbol by symbol (reporting progress) and merge the results."""
    merged = FetchResult()
    for done, symbol in enumerate(symbols):
        if progress is not None:
            progress(label, done, len(symbols), symbol)
        part = fetch_one(symbol)
        merged.batches.extend(part.batches)
        merged.failures.update(part.failures)
    if progress is not None:
        progress(label, len(symbols), len(symbols), "")
    return merged


def write(
    fetched: FetchResult,
    provider: str,
    store: str | Path | None,
    request: dict[str, Any],
    before: Callable[[Store, FetchResult], None] | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """Write ``fetched`` in one transaction; the summary says what each symbol did.

    ``before`` (optional) sees the open store and the batches just before the write (to
    compare them with what is stored and add warnings). ``strict``: a series with a
    data-quality flag (extreme move, stale run) is rejected instead of stored with a warning.
    ``progress`` sees the validation and the write (:func:`bubblelink.ingest.ingest`).
    ``wait``: seconds to retry while another process holds the store's lock (None: the
    default, :data:`bubblelink.config.WRITE_WAIT_SECONDS`). The store is opened only
    here, after fetching and parsing, so the lock is held for validation and the write.
    """
    with Store(store, wait=wait) as st:
        if before is not None:
            before(st, fetched)
        gates = QualityGates(strict=strict)
        summary: IngestSummary = ingest(
            st, fetched, provider=provider, request=request, gates=gates, progress=progress
        )
        path = st.path
    notes = [f"store: {path}"]
    synthetic = any(o.synthetic for o in summary.outcomes)
    if synthetic:
        notes.append("this data is SYNTHETIC (sample market), flagged as such in the store")
    failed = [o.symbol for o in summary.outcomes if o.error]
    if failed:
        notes.append(f"{len(failed)} failed: {', '.join(failed)}")
    title = f"ingest {provider}: {summary.added} rows added, {summary.revised} revised"
    return ServiceResult("ingest", summary, synthetic=synthetic, notes=tuple(notes), title=title)


def ingest_yahoo(
    store: str | Path | None,
    symbols: Sequence[str],
    start: str | None = None,
    end: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    wait: float | None = None,
) -> ServiceResult:
    """Daily OHLCV and adjusted close from Yahoo Finance (through yfinance).

    ``strict``: reject a series with a data-quality flag (:func:`write`).
    """
    from bubblelink.providers.yahoo import YahooProvider

    provider = YahooProvider()
    fetched = fetch_each(
        symbols, lambda s: provider.fetch([s], start=start, end=end), "ingest yahoo", progress
    )
    request = {"symbols": list(symbols), "start": start, "end": end, "strict": strict}
    return write(fetched, "yahoo", store, request, strict=strict, progress=progress, wait=wait)


def ingest_fred(
    store: str | Path | None,
    series_ids: Sequence[str],
    start: str | None = None,
    end: str | None = None,
    vintages: bool = False,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """FRED series: public CSV without a key; the API (and vintages) with FRED_API_KEY."""
    from bubblelink.providers.fred import FredProvider

    provider = FredProvider(vintages=vintages)
    fetched = fetch_each(
        series_ids, lambda s: provider.fetch([s], start=start, end=end), "ingest fred", progress
    )
    request = {"series": list(series_ids), "start": start, "end": end, "vintages": vintages}
    return write(fetched, "fred", store, request, progress=progress, wait=wait)


def ingest_crypto(
    store: str | Path | None,
    symbols: Sequence[str],
    exchange: str = "binance",
    timeframe: str = "1d",
    start: str | None = None,
    end: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    wait: float | None = None,
) -> ServiceResult:
    """OHLCV bars from a crypto exchange through ccxt (pages through long histories).

    ``strict``: reject a series with a data-quality flag (:func:`write`).
    """
    from bubblelink.providers.crypto import CryptoProvider

    provider = CryptoProvider(exchange=exchange, timeframe=timeframe)
    fetched = fetch_each(
        symbols, lambda s: provider.fetch([s], start=start, end=end), "ingest crypto", progress
    )
    request = {
        "symbols": list(symbols),
        "exchange": exchange,
        "timeframe": timeframe,
        "start": start,
        "end": end,
        "strict": strict,
    }
    return write(
        fetched, f"crypto:{exchange}", store, request, strict=strict, progress=progress, wait=wait
    )


def ingest_coingecko(
    store: str | Path | None,
    series: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """BTC dominance and total crypto market cap from CoinGecko (history needs a plan)."""
    from bubblelink.providers.coingecko import BTC_DOMINANCE, CRYPTO_TOTAL_MCAP, CoinGeckoProvider

    wanted = list(series or [BTC_DOMINANCE, CRYPTO_TOTAL_MCAP])
    fetched = CoinGeckoProvider().fetch(wanted, start=start, end=end)
    request = {"series": wanted, "start": start, "end": end}
    return write(fetched, "coingecko", store, request, progress=progress, wait=wait)


def central_bank_provider(name: str) -> WorldSeriesProvider:
    """The live provider of a world-catalog provider name (``ecb``, ``boj``, ``boe``, ...).

    Raises
    ------
    DataError
        For a provider name that has no live provider (``pboc``, ``coinmarketcap``: files
        only, read them with ``ingest csv``).
    """
    from bubblelink.providers.boc import BocProvider
    from bubblelink.providers.boe import BoeProvider
    from bubblelink.providers.boj import BojProvider
    from bubblelink.providers.ecb import EcbProvider
    from bubblelink.providers.imf import ImfProvider
    from bubblelink.providers.snb import SnbProvider

    classes: dict[str, type[WorldSeriesProvider]] = {
        cls.name: cls
        for cls in (EcbProvider, BojProvider, BoeProvider, BocProvider, SnbProvider, ImfProvider)
    }
    if name not in classes:
        raise DataError(
            f"no live provider for {name!r}: load its file with `bubblelink ingest csv`"
        )
    return classes[name]()


def central_bank_series() -> tuple[str, ...]:
    """World-catalog ids that a live central-bank provider fetches, in catalog order."""
    from bubblelink.providers.world_catalog import WORLD_SERIES, world_series_info

    live = {"ecb", "boj", "boe", "boc", "snb", "imf"}
    return tuple(
        sid for sid in WORLD_SERIES if (info := world_series_info(sid)) and info.provider in live
    )


def ingest_cb(
    store: str | Path | None,
    series_ids: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """Central-bank money and FX series by world-catalog id, each from its publisher.

    ``EA_M2`` from the ECB, ``JP_M2`` from the Bank of Japan, ``GB_M4`` from the Bank of
    England, ``CA_M2PP``/``FXUSDCAD`` from the Bank of Canada, ``CH_M2`` from the SNB,
    ``CN_BM_IMF`` from the IMF: stored with the catalog's unit and lagged vintages, as
    ``ingest csv`` stores the same series from a file. Default: every live series.

    Raises
    ------
    DataError
        For an id that is not a live central-bank series (nothing is fetched or stored).
    """
    from bubblelink.providers.world_catalog import world_series_info

    live = central_bank_series()
    wanted = [s.strip().upper() for s in series_ids] if series_ids else list(live)
    unknown = [s for s in wanted if s not in live]
    if unknown:
        raise DataError(
            f"unknown central-bank series {', '.join(unknown)}: use one of {', '.join(live)}"
        )
    providers: dict[str, WorldSeriesProvider] = {}

    def fetch_one(sid: str) -> FetchResult:
        info = world_series_info(sid)
        assert info is not None  # checked above
        if info.provider not in providers:
            providers[info.provider] = central_bank_provider(info.provider)
        return providers[info.provider].fetch([sid], start=start, end=end)

    fetched = fetch_each(wanted, fetch_one, "ingest cb", progress)
    request = {"series": wanted, "start": start, "end": end}
    return write(fetched, "cb", store, request, progress=progress, wait=wait)


def ingest_csv(
    store: str | Path | None,
    paths: Sequence[Path],
    symbol: str | None = None,
    field: str | None = None,
    date_col: str | None = None,
    kind: str | None = None,
    bar_stamp: str = "open",
    strict: bool = False,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """Local CSV/Parquet files; a directory may map files to symbols with symbols.csv.

    ``strict``: reject a series with a data-quality flag (:func:`write`). ``progress``:
    one step per file read (label ``ingest csv``), then the validation and the write.

    ``bar_stamp``: what the timestamps of intraday bars mark, ``open`` or ``close``
    (:mod:`bubblelink.providers.csv_intraday`).
    """
    from bubblelink.providers.csvfile import CsvProvider

    if bar_stamp not in ("open", "close"):
        raise DataError(f"--bar-stamp must be open or close, not {bar_stamp!r}")
    provider = CsvProvider(
        symbol=symbol,
        kind=kind,
        field=field,
        date_col=date_col,
        bar_stamp="open" if bar_stamp == "open" else "close",
    )
    fetched = provider.fetch_paths(list(paths), progress=progress)
    request = {
        "paths": [str(p) for p in paths],
        "symbol": symbol,
        "field": field,
        "date_col": date_col,
        "bar_stamp": bar_stamp,
        "strict": strict,
    }
    return write(fetched, "csv", store, request, strict=strict, progress=progress, wait=wait)


def ingest_etf_flows(
    store: str | Path | None,
    path: Path,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """A spot bitcoin ETF flow table (per-fund or total-only, Farside's layout).

    The table is read and checked first (:func:`bubblelink.providers.etf_flows.read_flow_table`):
    a bad file is a one-line :class:`~bubblelink.errors.DataError` naming the file, line
    and column, raised before the store is opened, so nothing stored changes. A per-fund
    table's ``Total`` and a total-only table are stored as two series (``ETF_FLOW:TOTAL``,
    ``ETF_FLOW:TOTAL@total-only``), so neither overwrites the other; the days on which
    the new total disagrees with the other one already stored are warned about here, and
    :func:`bubblelink.analytics.flows.combine_totals` (the merge rule: per-fund first)
    decides what the analyses use.
    """
    from bubblelink.analytics.flows import combine_totals
    from bubblelink.providers.etf_flows import (
        TOTAL_ID,
        TOTAL_ONLY_ID,
        flow_batches,
        read_flow_table,
    )

    table = read_flow_table(path)
    fetched = flow_batches(table)

    def compare(st: Store, batches: FetchResult) -> None:
        mine, other = (
            (TOTAL_ONLY_ID, TOTAL_ID) if table.layout == "total-only" else (TOTAL_ID, TOTAL_ONLY_ID)
        )
        if other not in st.series_ids():
            return
        stored = st.read([other], fields=["value"])
        theirs = stored.set_index(pd.DatetimeIndex(stored["date"]))["value"]
        for batch in batches.batches:
            if batch.meta.id != mine:
                continue
            new = batch.data.set_index(pd.DatetimeIndex(batch.data["date"]))["value"]
            per_fund, total_only = (theirs, new) if mine == TOTAL_ONLY_ID else (new, theirs)
            merged = combine_totals(per_fund, total_only)
            batch.warnings.append(f"against the stored {other}: {merged.note()}")

    request = {"path": str(path), "layout": table.layout}
    return write(fetched, "etf-flows", store, request, before=compare, progress=progress, wait=wait)


def ingest_sample(
    store: str | Path | None,
    seed: int | None = None,
    start: str | None = None,
    end: str | None = None,
    progress: Progress | None = None,
    wait: float | None = None,
) -> ServiceResult:
    """The seeded SYNTHETIC sample market (offline default; flagged synthetic).

    Raises
    ------
    DataError
        For a negative seed, a date that is not one, or a range without a NYSE session
        (checked before the store is opened).
    """
    from bubblelink.dates import check_query_date, parse_date
    from bubblelink.providers import sample

    if seed is not None and seed < 0:
        raise DataError(f"--seed {seed} is negative: use a seed >= 0")
    first = parse_date(start or sample.DEFAULT_START, "--start")
    last = parse_date(end or sample.DEFAULT_END, "--end")
    assert first is not None and last is not None
    check_query_date(first.date(), "--start")
    check_query_date(last.date(), "--end")
    if last < first + pd.Timedelta(days=7):
        raise DataError(
            f"--start {first.date()} to --end {last.date()} is shorter than a week: "
            "the sample market needs at least a few sessions"
        )
    provider = sample.SampleProvider(
        seed=seed if seed is not None else sample.DEFAULT_SEED,
        start=first.date().isoformat(),
        end=last.date().isoformat(),
    )
    request = {"seed": provider.seed, "start": provider.start, "end": provider.end}
    return write(provider.fetch(), "sample", store, request, progress=progress, wait=wait)


#: First date of the live demo ingest (the first BTC-USD bar on Yahoo).
LIVE_START = "2014-09-17"


def demo_data(
    store: str | Path | None,
    offline: bool = False,
    notify: Callable[[str], None] = lambda _: None,
    progress: Progress | None = None,
) -> Path:
    """The store the demo runs on: the default universe live, else the sample market.

    Live (network reachable and not ``offline``): BTC-USD, NVDA, ORCL, AMD, ^IXIC from
    Yahoo and the FRED macro series into ``store``; it counts as live when BTC-USD and at
    least one equity landed. Otherwise the SYNTHETIC sample market is written — into
    ``$BUBBLELINK_HOME/sample.duckdb`` unless a store was named, so synthetic data never
    mix into a real store. ``notify`` receives one line per decision.
    """
    from bubblelink.config import home_dir, resolve_store_path
    from bubblelink.providers.reachability import network_available
    from bubblelink.symbols import DEFAULT_MACRO_SERIES, DEFAULT_PRICE_SYMBOLS

    path = resolve_store_path(store)
    live = not offline and network_available()
    if live:
        notify(f"live data: Yahoo Finance and FRED into {path}")
        results = [
            ingest_yahoo(path, DEFAULT_PRICE_SYMBOLS, start=LIVE_START, progress=progress),
            ingest_fred(path, DEFAULT_MACRO_SERIES, progress=progress),
        ]
        for result in results:
            for outcome in result.result.outcomes:
                if outcome.error:
                    notify(f"{outcome.symbol}: {outcome.error}")
        landed = {o.symbol for r in results for o in r.result.outcomes if not o.error}
        live = "BTC-USD" in landed and bool(landed & set(DEFAULT_PRICE_SYMBOLS[1:]))
        if not live:
            notify("live ingest incomplete: falling back to the sample market")
    if not live:
        if store is None:
            path = home_dir() / "sample.duckdb"
        notify(
            "network unreachable or --offline: using the SYNTHETIC sample market "
            f"({path}); run `bubblelink ingest csv DIR` or connect for real data"
        )
        ingest_sample(path, progress=progress)
    return path
