"""``bubblelink store ...``: the store file itself (info; integrity, log, diff, export).

Each subcommand lives in its own module listed in ``STORE_COMMAND_MODULES``; a module's
``register(store_app)`` adds its commands to the group.
"""

from __future__ import annotations

import importlib

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption

store_app = typer.Typer(help="Inspect and maintain the store file.", no_args_is_help=True)

#: modules under ``bubblelink.cli`` that add ``store`` subcommands
STORE_COMMAND_MODULES: tuple[str, ...] = (
    "store_check",
    "store_log",
    "store_diff",
    "store_parquet",
)


@store_app.command("info")
def info(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """The store's path, schema version, size, series, observation rows and ingests."""
    from bubblelink.cli.output import emit
    from bubblelink.service.store import store_info

    emit(store_info(store), fmt)


def register(app: typer.Typer) -> None:
    """Add the ``store`` group and its subcommand modules."""
    for name in STORE_COMMAND_MODULES:
        importlib.import_module(f"bubblelink.cli.{name}").register(store_app)
    app.add_typer(store_app, name="store")
