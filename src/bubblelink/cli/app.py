"""The ``bubblelink`` command line: one Typer app, one module per command group."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer
from rich.console import Console

from bubblelink import __version__
from bubblelink.errors import BubblelinkError

app = typer.Typer(
    name="bubblelink",
    help="How tightly is Bitcoin bound to the AI/tech trade and to liquidity?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Command modules, each exposing ``register(app)``. Order is the help order.
COMMAND_MODULES = (
    "demo",
    "ingest",
    "series",
    "correlation",
    "dynamics",
    "beta",
    "events",
    "earnings",
    "scenario",
    "liquidity",
    "report",
    "claims",
    "flows",
    "market_structure",
    "store",
    "export",
    "scan",
)


def _version_callback(value: bool) -> None:
    if value:
        print(f"bubblelink {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """bubblelink: BTC vs the AI trade and liquidity."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"bubblelink.cli.{_name}").register(app)


def main() -> None:
    """Entry point: run the app; a user error prints one line and exits 2."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        # with standalone_mode=False click returns the code of a typer.Exit instead of raising
        code = app(standalone_mode=False)
        if isinstance(code, int) and code != 0:
            sys.exit(code)
    except BubblelinkError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # usage errors (bad option values) arrive here
        if _is_usage_error(exc):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        raise


def _is_usage_error(exc: Exception) -> bool:
    """A click usage error, from click itself or from the copy typer vendors (typer._click)."""
    bases: list[type] = []
    for module in ("click.exceptions", "typer._click.exceptions"):
        try:
            bases.append(importlib.import_module(module).ClickException)
        except (ImportError, AttributeError):
            continue
    return isinstance(exc, tuple(bases))
