"""``bubblelink store log``: what was ingested when, from where, with what result."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption


def log_command(
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show the newest N ingests (0: all).")
    ] = 20,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The ingest log, newest first: provider and request (secrets masked), rows added,
    revised and unchanged, series and vintages written, failures and warnings."""
    from bubblelink.cli.output import emit
    from bubblelink.service.params import StoreLogParams
    from bubblelink.service.store_ops import store_log

    emit(store_log(store, StoreLogParams.build(limit=limit)), fmt)


def register(store_app: typer.Typer) -> None:
    """Add ``store log``."""
    store_app.command("log")(log_command)
