"""``bubblelink series list`` and ``series show``: what the store holds."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption
from bubblelink.cli.output import emit
from bubblelink.frames import default_field, load
from bubblelink.store import Store
from bubblelink.store.listing import SeriesListing, SeriesView
from bubblelink.symbols import canonical

series_app = typer.Typer(help="List and inspect stored series.", no_args_is_help=True)


@series_app.command("list")
def list_series(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List every stored series with its first/last date and row count."""
    with Store(store, read_only=True) as st:
        listing = SeriesListing(store=str(st.path), series=tuple(st.info()))
    notes = []
    if any(i.synthetic for i in listing.series):
        notes.append("series marked synthetic=True are SYNTHETIC sample data, not market data")
    emit(listing, fmt, title=f"series in {listing.store}", notes=notes)


@series_app.command("show")
def show_series(
    symbol: Annotated[str, typer.Argument(help="Symbol or alias, e.g. BTC-USD, NVDA, M2SL.")],
    field: Annotated[
        str, typer.Option(help="Field to show (auto: adj_close/close/value).")
    ] = "auto",
    start: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", "--asof", help="Values as known on this date.")
    ] = None,
    tail: Annotated[int, typer.Option(help="Show only the last N observations (0: all).")] = 10,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one series' registry entry and its latest observations."""
    sid = canonical(symbol)
    with Store(store, read_only=True) as st:
        info = st.info([sid])[0]
        chosen = default_field(info.fields) if field == "auto" else field
        frame = load([sid], start=start, end=end, field=chosen, as_of=as_of, store=st)
    values = frame[sid].dropna()
    if tail > 0:
        values = values.tail(tail)
    view = SeriesView(info=info, field=chosen, observations=values, as_of=as_of)
    notes = [f"{info.id}: {info.kind}, {info.unit}, {info.frequency}, source {info.source}"]
    if info.synthetic:
        notes.insert(0, f"{info.id} is SYNTHETIC sample data, not market data")
    emit(view, fmt, title=f"{info.id} ({chosen})", notes=notes)


def register(app: typer.Typer) -> None:
    """Add the ``series`` group."""
    app.add_typer(series_app, name="series")
