"""CLI group ``bubblelink events``: list the events files, fetch earnings dates.

``events list`` prints the shipped events plus the user's file
(``$BUBBLELINK_HOME/events.yaml``); ``events fetch`` reads earnings dates from Yahoo
Finance and appends the new ones to the user's file
(:func:`bubblelink.service.events.events_fetch`). The commands format only.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import FormatOption, OutputFormat

events_app = typer.Typer(
    help="The events files: list the events, fetch earnings dates from Yahoo Finance.",
    no_args_is_help=True,
)


@events_app.command("list")
def list_command(
    symbol: Annotated[
        str | None, typer.Option("--symbol", help="Only this asset's events, e.g. ORCL.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Events of the shipped file and of $BUBBLELINK_HOME/events.yaml."""
    from bubblelink.cli.output import emit
    from bubblelink.service.events import events_list

    emit(events_list(symbol=symbol), fmt)


@events_app.command("fetch")
def fetch_command(
    symbols: Annotated[list[str], typer.Argument(help="Company tickers, e.g. ORCL NVDA.")],
    limit: Annotated[
        int,
        typer.Option("--limit", help="Most recent dates per symbol (upcoming included), ≤ 100."),
    ] = 12,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Earnings dates from Yahoo Finance (via yfinance), added to $BUBBLELINK_HOME/events.yaml.

    Events the shipped or user file already has (same symbol and reaction session) and
    upcoming dates are listed but not added; running it twice adds nothing.
    """
    from bubblelink.cli.output import emit, stderr_console
    from bubblelink.errors import ProviderError
    from bubblelink.service.events import events_fetch

    try:
        result = events_fetch(symbols, limit=limit, dry_run=dry_run)
    except ProviderError as exc:  # offline or Yahoo unreachable: the message says what to do
        stderr_console().print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    emit(result, fmt)
    for symbol, message in result.result.failures.items():
        stderr_console().print(f"[red]error:[/red] {symbol}: {message}", highlight=False)
    if not result.result.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``events`` group to app."""
    app.add_typer(events_app, name="events")
