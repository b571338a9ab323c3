"""``bubblelink store export DIR`` and ``bubblelink store import DIR`` (Parquet data plane).

``DIR`` is a folder or an fsspec URL (``s3://bucket/prefix`` with ``s3fs`` installed). See
:mod:`bubblelink.store.parquet` for the layout; ``scan --engine dask`` workers read it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption

DirArgument = Annotated[
    str, typer.Argument(help="Folder or fsspec URL of the Parquet export (e.g. s3://bucket/x).")
]


def export(
    target: DirArgument,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace a previous export there.")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write the store as Hive-partitioned Parquet (by symbol, every vintage)."""
    from bubblelink.cli.output import emit
    from bubblelink.cli.progress import progress_bar
    from bubblelink.service.store_parquet import store_export

    with progress_bar() as progress:
        result = store_export(store, target, overwrite=overwrite, progress=progress)
    emit(result, fmt)


def import_(
    source: DirArgument,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Read a Parquet export back into the store (one transaction, vintages kept)."""
    from bubblelink.cli.output import emit
    from bubblelink.cli.progress import progress_bar
    from bubblelink.service.store_parquet import store_import

    with progress_bar() as progress:
        result = store_import(store, source, progress=progress)
    emit(result, fmt)


def register(store_app: typer.Typer) -> None:
    """Add ``store export`` and ``store import``."""
    store_app.command("export")(export)
    store_app.command("import")(import_)
