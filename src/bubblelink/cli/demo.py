"""``bubblelink demo``: the main job of ``make demo``.

Ingests the default universe live when the network is reachable (BTC-USD, NVDA, ORCL,
AMD, ^IXIC from Yahoo; the FRED macro series), falls back to the SYNTHETIC sample market
with a one-line notice when it is not, and prints the linkage summary, and ends by writing the HTML report and printing its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption
from bubblelink.cli.output import emit
from bubblelink.config import home_dir, resolve_store_path
from bubblelink.ingest import ingest
from bubblelink.providers.reachability import network_available
from bubblelink.providers.sample import SampleProvider
from bubblelink.store import Store
from bubblelink.summary import linkage_summary
from bubblelink.symbols import DEFAULT_MACRO_SERIES, DEFAULT_PRICE_SYMBOLS

LIVE_START = "2014-09-17"


def _ingest_live(store_path: object, console: Console) -> bool:
    """Fetch the default universe; True when BTC-USD and at least one equity landed."""
    from bubblelink.cli.ingest import fetch_each
    from bubblelink.providers.fred import FredProvider
    from bubblelink.providers.yahoo import YahooProvider

    yahoo = YahooProvider()
    prices = fetch_each(
        DEFAULT_PRICE_SYMBOLS, lambda s: yahoo.fetch([s], start=LIVE_START), "yahoo"
    )
    fred = FredProvider()
    macro = fetch_each(DEFAULT_MACRO_SERIES, lambda s: fred.fetch([s]), "fred")
    with Store(store_path) as st:  # type: ignore[arg-type]
        summaries = [ingest(st, prices, "yahoo"), ingest(st, macro, "fred")]
    for summary in summaries:
        for outcome in summary.outcomes:
            if outcome.error:
                console.print(f"[yellow]{outcome.symbol}: {outcome.error}[/yellow]")
    landed = {o.symbol for s in summaries for o in s.outcomes if not o.error}
    return "BTC-USD" in landed and bool(landed & set(DEFAULT_PRICE_SYMBOLS[1:]))


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command."""

    @app.command("demo")
    def demo(
        offline: Annotated[
            bool, typer.Option(help="Skip the network and use the synthetic sample market.")
        ] = False,
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Report file (default: $BUBBLELINK_HOME/report.html)."),
        ] = None,
        store: StoreOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Ingest the default universe (live, or the sample market offline), summarise,
        and write the HTML report."""
        console = Console(stderr=True, soft_wrap=True, highlight=False)
        live = not offline and network_available()
        store_path = resolve_store_path(store)
        if live:
            console.print(f"live data: Yahoo Finance and FRED into {store_path}")
            live = _ingest_live(store_path, console)
            if not live:
                console.print("live ingest incomplete: falling back to the sample market")
        if not live:
            if store is None:
                store_path = home_dir() / "sample.duckdb"  # never mix synthetic into real data
            console.print(
                "network unreachable or --offline: using the SYNTHETIC sample market "
                f"({store_path}); run `bubblelink ingest csv DIR` or connect for real data"
            )
            with Store(store_path) as st:
                ingest(st, SampleProvider().fetch(), "sample")
        summary = linkage_summary(store_path)
        title = f"{summary.target} linkage as of {summary.asof.date()} (daily log returns)"
        emit(summary, fmt, title=title, notes=list(summary.notes))
        from bubblelink.report import write_report

        report_path = out or home_dir() / "report.html"
        document = write_report(report_path, store=store_path)
        console.print(
            f"report: {report_path.resolve()} ({document.meta.build_seconds:.1f} s"
            + (", SYNTHETIC data" if document.meta.synthetic else "")
            + "): open it in a browser (works offline)"
        )
