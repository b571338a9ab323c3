"""``bubblelink ingest {yahoo,fred,crypto,coingecko,csv,sample}``.

Every ingest fetches symbol by symbol (a progress bar when there are several), validates
each series, writes all valid ones in ONE transaction, prints a per-symbol summary
(rows added, revised, failed with the reason) and exits 1 if any symbol failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bubblelink.cli.options import EndOption, FormatOption, OutputFormat, StartOption, StoreOption
from bubblelink.cli.output import emit
from bubblelink.ingest import IngestSummary, ingest
from bubblelink.providers.base import FetchResult
from bubblelink.store import Store

ingest_app = typer.Typer(help="Fetch data from a provider into the store.", no_args_is_help=True)


def fetch_each(
    symbols: Sequence[str], fetch_one: Callable[[str], FetchResult], label: str
) -> FetchResult:
    """Fetch symbol by symbol with a progress bar (stderr) and merge the results."""
    merged = FetchResult()
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[symbol]}"),
        console=console,
        transient=True,
        disable=len(symbols) < 2 or not console.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=len(symbols), symbol="")
        for symbol in symbols:
            progress.update(task, symbol=symbol)
            part = fetch_one(symbol)
            merged.batches.extend(part.batches)
            merged.failures.update(part.failures)
            progress.advance(task)
    return merged


def run_ingest(
    fetched: FetchResult,
    provider: str,
    store: Path | None,
    fmt: OutputFormat,
    request: dict[str, Any],
) -> IngestSummary:
    """Write a fetch result and print the summary; exit 1 when any symbol failed."""
    with Store(store) as st:
        summary = ingest(st, fetched, provider=provider, request=request)
        path = st.path
    notes = [f"store: {path}"]
    if any(o.synthetic for o in summary.outcomes):
        notes.append("this data is SYNTHETIC (sample market), flagged as such in the store")
    failed = [o.symbol for o in summary.outcomes if o.error]
    if failed:
        notes.append(f"{len(failed)} failed: {', '.join(failed)}")
    emit(
        summary,
        fmt,
        title=f"ingest {provider}: {summary.added} rows added, {summary.revised} revised",
        notes=notes,
    )
    if failed:
        raise typer.Exit(code=1)
    return summary


@ingest_app.command("yahoo")
def ingest_yahoo(
    symbols: Annotated[list[str], typer.Argument(help="Yahoo tickers, e.g. BTC-USD NVDA ^IXIC.")],
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Daily OHLCV and adjusted close from Yahoo Finance (through yfinance)."""
    from bubblelink.providers.yahoo import YahooProvider

    provider = YahooProvider()
    fetched = fetch_each(symbols, lambda s: provider.fetch([s], start=start, end=end), "yahoo")
    run_ingest(fetched, "yahoo", store, fmt, {"symbols": symbols, "start": start, "end": end})


@ingest_app.command("fred")
def ingest_fred(
    series_ids: Annotated[
        list[str], typer.Argument(help="FRED ids, e.g. M2SL WALCL BAMLH0A0HYM2.")
    ],
    start: StartOption = None,
    end: EndOption = None,
    vintages: Annotated[
        bool, typer.Option(help="Real-time vintages through the FRED API (needs FRED_API_KEY).")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """FRED series: public CSV without a key; the API (and vintages) with FRED_API_KEY."""
    from bubblelink.providers.fred import FredProvider

    provider = FredProvider(vintages=vintages)
    fetched = fetch_each(series_ids, lambda s: provider.fetch([s], start=start, end=end), "fred")
    run_ingest(
        fetched,
        "fred",
        store,
        fmt,
        {"series": series_ids, "start": start, "end": end, "vintages": vintages},
    )


@ingest_app.command("crypto")
def ingest_crypto(
    symbols: Annotated[list[str], typer.Argument(help="Pairs, e.g. BTC-USDT ETH-USDT.")],
    exchange: Annotated[str, typer.Option(help="ccxt exchange id.")] = "binance",
    timeframe: Annotated[str, typer.Option(help="Bar size: 1d, 1h, 5m ...")] = "1d",
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """OHLCV bars from a crypto exchange through ccxt (pages through long histories)."""
    from bubblelink.providers.crypto import CryptoProvider

    provider = CryptoProvider(exchange=exchange, timeframe=timeframe)
    fetched = fetch_each(symbols, lambda s: provider.fetch([s], start=start, end=end), "crypto")
    request = {
        "symbols": symbols,
        "exchange": exchange,
        "timeframe": timeframe,
        "start": start,
        "end": end,
    }
    run_ingest(fetched, f"crypto:{exchange}", store, fmt, request)


@ingest_app.command("coingecko")
def ingest_coingecko(
    series: Annotated[
        list[str] | None,
        typer.Argument(help="BTC_DOMINANCE and/or CRYPTO_TOTAL_MCAP (default: both)."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """BTC dominance and total crypto market cap from CoinGecko (history needs an API plan)."""
    from bubblelink.providers.coingecko import BTC_DOMINANCE, CRYPTO_TOTAL_MCAP, CoinGeckoProvider

    wanted = series or [BTC_DOMINANCE, CRYPTO_TOTAL_MCAP]
    fetched = CoinGeckoProvider().fetch(wanted, start=start, end=end)
    run_ingest(fetched, "coingecko", store, fmt, {"series": wanted, "start": start, "end": end})


@ingest_app.command("csv")
def ingest_csv(
    paths: Annotated[list[Path], typer.Argument(help="CSV/Parquet files or directories.")],
    symbol: Annotated[str | None, typer.Option(help="Symbol of a single file.")] = None,
    field: Annotated[
        str | None, typer.Option(help="Field of a single-value file (close, value...).")
    ] = None,
    date_col: Annotated[
        str | None, typer.Option("--date-col", help="Name of the date column.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="price, macro, crypto_market, flow or fundamental.")
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Local CSV/Parquet files; a directory may map files to symbols with symbols.csv."""
    from bubblelink.providers.csvfile import CsvProvider

    provider = CsvProvider(symbol=symbol, kind=kind, field=field, date_col=date_col)
    fetched = provider.fetch_paths(paths)
    request = {
        "paths": [str(p) for p in paths],
        "symbol": symbol,
        "field": field,
        "date_col": date_col,
    }
    run_ingest(fetched, "csv", store, fmt, request)


@ingest_app.command("sample")
def ingest_sample(
    seed: Annotated[int | None, typer.Option(help="Random seed (same seed, same market).")] = None,
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write the seeded SYNTHETIC sample market (offline default; flagged synthetic)."""
    from bubblelink.providers import sample

    provider = sample.SampleProvider(
        seed=seed if seed is not None else sample.DEFAULT_SEED,
        start=start or sample.DEFAULT_START,
        end=end or sample.DEFAULT_END,
    )
    request = {"seed": provider.seed, "start": provider.start, "end": provider.end}
    run_ingest(provider.fetch(), "sample", store, fmt, request)


def register(app: typer.Typer) -> None:
    """Add the ``ingest`` group."""
    app.add_typer(ingest_app, name="ingest")
