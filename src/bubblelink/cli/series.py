"""``bubblelink series list`` and ``series show``: what the store holds."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import (
    AsofOption,
    EndOption,
    FormatOption,
    OutputFormat,
    StartOption,
    StoreOption,
)

series_app = typer.Typer(help="List and inspect stored series.", no_args_is_help=True)


@series_app.command("list")
def list_series(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List every stored series with its first/last date and row count."""
    from bubblelink.cli.output import emit
    from bubblelink.service.store import series_list

    emit(series_list(store), fmt)


@series_app.command("show")
def show_series(
    symbol: Annotated[str, typer.Argument(help="Symbol or alias, e.g. BTC-USD, NVDA, M2SL.")],
    field: Annotated[
        str, typer.Option(help="Field to show (auto: adj_close/close/value).")
    ] = "auto",
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    tail: Annotated[int, typer.Option(help="Show only the last N observations (0: all).")] = 10,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one series' registry entry and its latest observations."""
    from bubblelink.cli.output import emit
    from bubblelink.service.params import SeriesShowParams
    from bubblelink.service.store import series_show

    params = SeriesShowParams.build(symbol=symbol, field=field, start=start, end=end, as_of=as_of)
    emit(series_show(store, params, tail=tail), fmt)


def register(app: typer.Typer) -> None:
    """Add the ``series`` group."""
    app.add_typer(series_app, name="series")
