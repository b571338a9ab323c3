"""Render service results as a table, JSON or CSV. Outputs format; they never compute.

JSON is :meth:`ServiceResult.to_dict` (the envelope: ``as_of``, ``synthetic``,
``provenance``, ``notes``, then the result's fields) — byte for byte what the API
answers for the same question. CSV is the main table; a table prints every table the
result offers, then its notes. pandas and numpy are imported only when something is
rendered, so ``--help`` stays fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import sys
from typing import TYPE_CHECKING, Any

from bubblelink.cli.options import OutputFormat

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    from bubblelink.service._envelope import ServiceResult


def jsonable(value: Any) -> Any:
    """Convert numpy/pandas/datetime values to plain JSON types (NaN becomes null)."""
    import numpy as np
    import pandas as pd

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


def json_text(result: ServiceResult) -> str:
    """The JSON document of ``result`` (what ``--format json`` prints and the API sends)."""
    return result.to_json(indent=2)


def _is_midnight(ts: Any) -> bool:
    return bool(ts.hour == 0 and ts.minute == 0 and ts.second == 0 and ts.microsecond == 0)


def frame_to_table(frame: pd.DataFrame, title: str | None = None) -> Table:
    """Build a rich table from a DataFrame (index included when it is named)."""
    import pandas as pd
    from rich.table import Table

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
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"  # counts stored as floats (n, rows)
        return f"{value:,.4f}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def stdout_console() -> Console:
    """A console for results: wide tables when piped (files, CI logs)."""
    from rich.console import Console

    return Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def stderr_console() -> Console:
    """A console for messages (progress, notices)."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def emit(
    result: ServiceResult,
    fmt: OutputFormat,
    console: Console | None = None,
    tail: int | None = None,
) -> None:
    """Print ``result`` in ``fmt`` (see the module docstring).

    ``tail`` shows only the last rows of a long main table (``--format table`` only).
    """
    from rich.markup import escape

    if fmt is OutputFormat.json:
        print(json_text(result))
        return
    if fmt is OutputFormat.csv:
        frame = result.to_frame()
        print(frame.to_csv(index=frame.index.name is not None), end="")
        return
    console = console or stdout_console()
    for position, (caption, frame) in enumerate(result.tables()):
        shown = frame.tail(tail) if tail and position == 0 else frame
        console.print(frame_to_table(shown, title=escape(caption) if caption else None))
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)
