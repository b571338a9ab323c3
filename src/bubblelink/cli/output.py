"""Render result objects as a table, JSON or CSV. Outputs format; they never compute."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import sys
from typing import Any, Protocol

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from bubblelink.cli.options import OutputFormat


class Presentable(Protocol):
    """What every result object offers to the outputs."""

    def to_frame(self) -> pd.DataFrame: ...

    def to_dict(self) -> dict[str, Any] | list[Any]: ...


def jsonable(value: Any) -> Any:
    """Convert numpy/pandas/datetime values to plain JSON types (NaN becomes null)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, pd.Timestamp):
        if value is pd.NaT:
            return None
        return value.date().isoformat() if _is_midnight(value) else value.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is pd.NaT:
        return None
    return value


def _is_midnight(ts: pd.Timestamp) -> bool:
    return ts.hour == 0 and ts.minute == 0 and ts.second == 0 and ts.microsecond == 0


def frame_to_table(frame: pd.DataFrame, title: str | None = None) -> Table:
    """Build a rich table from a DataFrame (index included when it is named)."""
    shown = frame.reset_index() if frame.index.name is not None else frame
    table = Table(title=title, show_lines=False)
    for column in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[column])
        table.add_column(str(column), justify="right" if numeric else "left")
    for row in shown.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    return table


def _cell(value: Any) -> str:
    value = jsonable(value)
    if value is None:
        return "–"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"  # counts stored as floats (n, rows)
        return f"{value:,.4f}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def emit(
    result: Presentable,
    fmt: OutputFormat,
    console: Console | None = None,
    title: str | None = None,
    notes: list[str] | None = None,
) -> None:
    """Print ``result`` in ``fmt``.

    ``notes`` (e.g. "uses SYNTHETIC sample data") are printed under the table, and in
    JSON they are part of the result's own ``to_dict()`` (results carry their notes).
    """
    if console is None:
        # piped output (files, CI logs) gets a wide table instead of rich's 80 columns
        console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
    if fmt is OutputFormat.json:
        print(json.dumps(jsonable(result.to_dict()), indent=2))
    elif fmt is OutputFormat.csv:
        print(result.to_frame().to_csv(index=result.to_frame().index.name is not None), end="")
    else:
        console.print(frame_to_table(result.to_frame(), title=title))
        for note in notes or []:
            console.print(f"[yellow]note:[/yellow] {note}")
