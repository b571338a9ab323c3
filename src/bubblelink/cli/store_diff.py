"""``bubblelink store diff SYMBOL``: what a revision changed between two vintages."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption


def diff_command(
    symbol: Annotated[str, typer.Argument(help="Stored series, e.g. M2SL, BTC-USD.")],
    from_vintage: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Older vintage: a date (its last vintage) or a UTC time as listed "
            "(default: the one before --to).",
            show_default=False,
        ),
    ] = None,
    to_vintage: Annotated[
        str | None,
        typer.Option("--to", help="Newer vintage (default: the last).", show_default=False),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            help="Compare only this field (default: every stored field).", show_default=False
        ),
    ] = None,
    tail: Annotated[int, typer.Option(help="Table: show only the last N changes (0: all).")] = 50,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Dates added and removed, values revised (old, new, change) between two vintages."""
    from bubblelink.cli.output import emit, stderr_console
    from bubblelink.service.params import StoreDiffParams
    from bubblelink.service.store_ops import store_diff

    params = StoreDiffParams.build(
        symbol=symbol, from_vintage=from_vintage, to_vintage=to_vintage, field=field
    )
    result = store_diff(store, params)
    emit(result, fmt, tail=tail)
    rows = len(result.result.changes)
    if fmt is OutputFormat.table and 0 < tail < rows:
        stderr_console().print(f"showing the last {tail} of {rows} changes: --tail 0 shows all")


def register(store_app: typer.Typer) -> None:
    """Add ``store diff``."""
    store_app.command("diff")(diff_command)
