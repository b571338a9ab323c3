"""``bubblelink ingest {yahoo,fred,crypto,coingecko,cb,csv,etf-flows,sample}``.

Every ingest fetches symbol by symbol (file by file), validates each series, writes all
valid ones in ONE transaction (progress on stderr: :mod:`bubblelink.cli.progress`), prints a
per-symbol summary (rows added, revised, failed with the reason) and exits 1 if any
symbol failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bubblelink.cli.options import (
    EndOption,
    FormatOption,
    OutputFormat,
    StartOption,
    StoreOption,
    WaitOption,
)
from bubblelink.cli.progress import progress_bar

__all__ = ["ingest_app", "progress_bar", "register", "show"]

if TYPE_CHECKING:
    from bubblelink.service._envelope import ServiceResult

ingest_app = typer.Typer(help="Fetch data from a provider into the store.", no_args_is_help=True)


def show(result: ServiceResult, fmt: OutputFormat) -> None:
    """Print the summary; exit 1 when any symbol failed."""
    from bubblelink.cli.output import emit

    emit(result, fmt)
    if not result.result.ok:
        raise typer.Exit(code=1)


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Reject a series with a data-quality flag (extreme move, stale run, OHLC "
        "rounding) instead of storing it with a warning.",
    ),
]


@ingest_app.command("yahoo")
def ingest_yahoo(
    symbols: Annotated[list[str], typer.Argument(help="Yahoo tickers, e.g. BTC-USD NVDA ^IXIC.")],
    start: StartOption = None,
    end: EndOption = None,
    strict: StrictOption = False,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Daily OHLCV and adjusted close from Yahoo Finance (through yfinance)."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_yahoo(store, symbols, start, end, progress, strict=strict, wait=wait)
    show(result, fmt)


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
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """FRED series: public CSV without a key; the API (and vintages) with FRED_API_KEY."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_fred(store, series_ids, start, end, vintages, progress, wait=wait)
    show(result, fmt)


@ingest_app.command("crypto")
def ingest_crypto(
    symbols: Annotated[list[str], typer.Argument(help="Pairs, e.g. BTC-USDT ETH-USDT.")],
    exchange: Annotated[str, typer.Option(help="ccxt exchange id.")] = "binance",
    timeframe: Annotated[str, typer.Option(help="Bar size: 1d, 1h, 5m ...")] = "1d",
    start: StartOption = None,
    end: EndOption = None,
    strict: StrictOption = False,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """OHLCV bars from a crypto exchange through ccxt (pages through long histories)."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_crypto(
            store, symbols, exchange, timeframe, start, end, progress, strict=strict, wait=wait
        )
    show(result, fmt)


@ingest_app.command("coingecko")
def ingest_coingecko(
    series: Annotated[
        list[str] | None,
        typer.Argument(help="BTC_DOMINANCE and/or CRYPTO_TOTAL_MCAP (default: both)."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """BTC dominance and total crypto market cap from CoinGecko (history needs an API plan)."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_coingecko(store, series, start, end, progress, wait=wait)
    show(result, fmt)


@ingest_app.command("cb")
def ingest_cb(
    series_ids: Annotated[
        list[str] | None,
        typer.Argument(
            help="World-catalog ids: EA_M2 JP_M2 GB_M4 CA_M2PP CH_M2 FXUSDCAD CN_BM_IMF "
            "(default: all)."
        ),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Central-bank money and FX live from the ECB, BoJ, BoE, Bank of Canada, SNB and IMF."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_cb(store, series_ids, start, end, progress, wait=wait)
    show(result, fmt)


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
    bar_stamp: Annotated[
        str,
        typer.Option(
            "--bar-stamp",
            help="Intraday bars: the timestamps mark the bar open (default) or close.",
        ),
    ] = "open",
    strict: StrictOption = False,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Local CSV/Parquet files; a directory may map files to symbols with symbols.csv.

    Intraday bars (1m to 4h) are stored as SYMBOL:1h (crypto: SYMBOL@venue:1h).
    """
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_csv(
            store,
            paths,
            symbol,
            field,
            date_col,
            kind,
            bar_stamp=bar_stamp,
            strict=strict,
            progress=progress,
            wait=wait,
        )
    show(result, fmt)


@ingest_app.command("etf-flows")
def ingest_etf_flows(
    path: Annotated[
        Path,
        typer.Argument(
            help="Spot bitcoin ETF flow CSV: per-fund (date,IBIT,FBTC,...,Total) or "
            "total-only (Date,Total), US$ millions (Farside's layout)."
        ),
    ],
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Spot bitcoin ETF daily flows (US$ millions) as ETF_FLOW:<TICKER> and ETF_FLOW:TOTAL."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_etf_flows(store, path, progress, wait=wait)
    show(result, fmt)


@ingest_app.command("sample")
def ingest_sample(
    seed: Annotated[int | None, typer.Option(help="Random seed (same seed, same market).")] = None,
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write the seeded SYNTHETIC sample market (offline default; flagged synthetic)."""
    from bubblelink.service import ingest

    with progress_bar() as progress:
        result = ingest.ingest_sample(store, seed, start, end, progress, wait=wait)
    show(result, fmt)


def register(app: typer.Typer) -> None:
    """Add the ``ingest`` group."""
    app.add_typer(ingest_app, name="ingest")
