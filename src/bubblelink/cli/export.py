"""``bubblelink export SYMBOLS... --out FILE``: several series as of a date, to CSV or Parquet.

The file format is ``--to csv|parquet``, by default inferred from the suffix of ``--out``
(``.csv``, ``.parquet``/``.pq``); ``--format`` stays what it is on every command, the
format of the summary printed on stdout. An existing file is replaced only with
``--force``. See :func:`bubblelink.service.store_ops.export_series`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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


class FileFormat(StrEnum):
    """The format of the exported file."""

    csv = "csv"
    parquet = "parquet"


def export_command(
    symbols: Annotated[
        list[str],
        typer.Argument(help="Symbols, aliases or AI_BASKET / NET_LIQUIDITY, e.g. BTC NVDA M2SL."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (.csv or .parquet).")],
    to: Annotated[
        FileFormat | None,
        typer.Option(
            "--to", help="File format (default: from the suffix of --out).", show_default=False
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide/--long",
            help="wide: a date column, then one column per symbol; long: date, symbol, "
            "field, value (one row per value).",
        ),
    ] = True,
    field: Annotated[
        str, typer.Option(help="Field of every symbol (auto: adj_close, else close, else value).")
    ] = "auto",
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write several series as known on a date to one CSV or Parquet file."""
    from bubblelink.cli.output import emit
    from bubblelink.service.params import ExportParams
    from bubblelink.service.store_ops import export_series

    params = ExportParams.build(
        symbols=symbols,
        layout="wide" if wide else "long",
        field=field,
        start=start,
        end=end,
        as_of=as_of,
    )
    result = export_series(
        store, params, out=out, file_format=to.value if to else None, force=force
    )
    emit(result, fmt)


def register(app: typer.Typer) -> None:
    """Add ``export``."""
    app.command("export")(export_command)
