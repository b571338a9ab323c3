"""``bubblelink store check``: verify the store's integrity invariants."""

from __future__ import annotations

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption


def register(store_app: typer.Typer) -> None:
    """Add ``store check`` to the ``store`` group."""

    @store_app.command("check")
    def check(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Check the store: schema version, registry, fields, duplicates, vintages, ingest
        log, values and dates. Exit 0 when every check passes, 1 with the problems."""
        from bubblelink.cli.output import emit
        from bubblelink.service.integrity import store_check

        result = store_check(store)
        emit(result, fmt)
        if not result.result.ok:
            raise typer.Exit(code=1)
