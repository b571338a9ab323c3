"""Options shared by every CLI command (one definition, reused everywhere)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bubblelink.config import WRITE_WAIT_SECONDS


class OutputFormat(StrEnum):
    """How a read command prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="DuckDB store file (default: $BUBBLELINK_HOME/store.duckdb, ~/.bubblelink/).",
        envvar="BUBBLELINK_STORE",
        show_default=False,
    ),
]

WaitOption = Annotated[
    float | None,
    typer.Option(
        "--wait",
        help="Seconds to keep retrying while another process holds the store's lock "
        f"(default {WRITE_WAIT_SECONDS:g}; 0: fail at once).",
        min=0.0,
        envvar="BUBBLELINK_WAIT",
        show_default=False,
    ),
]

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table, json or csv."),
]


class Calendar(StrEnum):
    """How series with different trading days are aligned (see ``bubblelink.frames``)."""

    equity = "equity"
    all_days = "all-days"


StartOption = Annotated[
    str | None, typer.Option("--start", help="First date (YYYY-MM-DD).", show_default=False)
]
EndOption = Annotated[
    str | None, typer.Option("--end", help="Last date (YYYY-MM-DD).", show_default=False)
]
AsofOption = Annotated[
    str | None,
    typer.Option(
        "--asof",
        "--as-of",
        help="Use only data known on this date (YYYY-MM-DD); also the last date used.",
        show_default=False,
    ),
]
CalendarOption = Annotated[
    Calendar,
    typer.Option(
        "--calendar",
        help="equity: NYSE sessions (BTC close of the same UTC date); all-days: every calendar day.",
    ),
]


class Returns(StrEnum):
    """Return kind."""

    log = "log"
    simple = "simple"


ReturnsOption = Annotated[
    Returns,
    typer.Option("--returns", help="Return kind: log (default) or simple."),
]


def split_values(values: list[str] | None) -> list[str]:
    """``["A,B", "C D"]`` → ``["A", "B", "C", "D"]`` (repeated or comma/space separated)."""
    out: list[str] = []
    for value in values or []:
        out.extend(item for item in value.replace(",", " ").split() if item)
    return out
