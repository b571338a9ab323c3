"""One rounding rule per kind of number, for every table, chart title and sentence of the report.

:func:`format_number` is the only place the report turns a number into text; the kind
of a table cell comes from :func:`cell_kind` (its column's name, else the row's
``unit`` or label column). The rules:

============  ==========================================  =====================
kind          rule                                        example
============  ==========================================  =====================
integer       whole number, thousands separators          ``1,999``
percent       a fraction shown as percent, 1 decimal       ``-32.7%`` (-0.3274)
              (2 significant digits below 0.1%)           ``0.030%``
percentage    a value already in percent, 1 decimal       ``58.5%`` (58.53)
price         2 decimals, thousands separators            ``78,342.52``
usd           US dollars: tn / bn / mn above 1e6           ``$69.6 bn``
correlation   3 decimals                                  ``0.537``
p_value       3 decimals, ``<0.001`` below                ``0.018``, ``<0.001``
score         1 decimal (the 0-100 risk score)            ``68.6``
number        4 significant-ish: >= 1000 no decimals,     ``1,236``, ``12.35``,
              >= 10 two decimals, else three              ``0.656``
============  ==========================================  =====================

Missing and non-finite values print as ``–``. A float that is a whole number in an
integer column (pandas turns integer columns with a gap into floats) prints as an
integer, never ``30.0000``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal, get_args

from bubblelink.results import format_usd, plain

Kind = Literal[
    "integer",
    "percent",
    "percentage",
    "price",
    "usd",
    "correlation",
    "p_value",
    "score",
    "number",
]
KINDS: tuple[str, ...] = get_args(Kind)
MISSING = "–"


def _integer(value: float) -> str:
    return f"{round(value):,d}"


def format_number(value: Any, kind: str = "number") -> str:
    """``value`` as text under the rule of ``kind`` (see the module docstring).

    Parameters
    ----------
    value : number or None
        The value (numpy scalars accepted); None, NaN and infinities give ``–``.
    kind : str
        One of :data:`KINDS`.
    """
    value = plain(value)
    if value is None or isinstance(value, bool):
        return MISSING if value is None else ("yes" if value else "no")
    number = float(value)
    if not math.isfinite(number):
        return MISSING
    if kind == "integer":
        return _integer(number)
    if kind == "percent":
        if number != 0 and abs(number) < 0.001:
            return f"{number * 100:.2g}%"
        return f"{number:.1%}"
    if kind == "percentage":
        return f"{number:.1f}%"
    if kind == "price":
        return f"{number:,.2f}"
    if kind == "usd":
        return format_usd(number)
    if kind == "correlation":
        return f"{number:.3f}"
    if kind == "p_value":
        return "<0.001" if 0 <= number < 0.001 else f"{number:.3f}"
    if kind == "score":
        return f"{number:.1f}"
    if kind != "number":
        raise ValueError(f"unknown number kind {kind!r}: use one of {', '.join(KINDS)}")
    size = abs(number)
    if size >= 1000:
        return f"{number:,.0f}"
    if size >= 10:
        return f"{number:.2f}"
    if number != 0 and size < 0.001:
        return f"{number:.2e}"
    return f"{number:.3f}"


#: Column names (exact) and their kind.
_EXACT: dict[str, str] = {
    "n": "integer",
    "rows": "integer",
    "paths": "integer",
    "window": "integer",
    "lags": "integer",
    "lag": "integer",
    "horizon": "integer",
    "day": "integer",
    "seed": "integer",
    "age_days": "integer",
    "periods_per_year": "integer",
    "sessions": "integer",
    "events": "integer",
    "claims": "integer",
    "count": "integer",
    "p_value": "p_value",
    "p": "p_value",
    "pvalue": "p_value",
    "corr": "correlation",
    "correlation": "correlation",
    "unconditional": "correlation",
    "score": "score",
    "coverage": "percent",
    "weight": "percent",
    "effective_weight": "percent",
    "percentile": "percent",
    "volatility": "percent",
    "car": "percent",
    "var": "percent",
    "es": "percent",
    "level": "percent",
    "share": "percent",
    "price": "price",
    "close": "price",
    "contribution": "score",
}
#: (pattern, kind), first match wins, for the other column names.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"(^|_)p_value$|_p$|^p_value_", "p_value"),
        (r"^n_|_n$|_count$|^rows_|_weeks$|_rank$|_sessions$|_days$|_weeks_", "integer"),
        (r"_std_error$", "number"),
        (r"^p_|_return$|return_|drawdown$|^var_|^es_|_share$|_rate$|_coverage$", "percent"),
        (r"(^|_)price$|_close$|^close_|^price_", "price"),
        (r"^corr|_corr$|_corr_|correlation", "correlation"),
        (r"(^|_)score($|_)", "score"),
    )
)
#: A row's ``unit`` and the kind of its generic value columns.
_UNITS: dict[str, str] = {
    "corr": "correlation",
    "correlation": "correlation",
    "fraction": "percent",
    "annualised": "percent",
    "percent": "percentage",
    "0-100": "score",
    "usd": "usd",
    "p_value": "p_value",
}
#: Columns whose kind depends on the row (its unit or its label).
GENERIC_COLUMNS = frozenset(
    {"value", "estimate", "ci_low", "ci_high", "last", "mean", "min", "max", "median"}
)
#: Columns that name the row: their text decides the kind of a generic column.
LABEL_COLUMNS = ("metric", "parameter", "component", "gauge", "statistic", "measure")


def column_kind(name: str) -> str | None:
    """The kind a column's name implies (None when the name says nothing)."""
    key = str(name).strip().lower()
    if key in _EXACT:
        return _EXACT[key]
    for pattern, kind in _PATTERNS:
        if pattern.search(key):
            return kind
    return None


def cell_kind(column: str, row: Mapping[str, Any] | None = None, default: str = "number") -> str:
    """The kind of one table cell: its column's, else (for a generic column such as
    ``value`` or ``estimate``) the row's ``unit``, else the row's label, else ``default``."""
    kind = column_kind(column)
    if kind is not None and str(column).lower() not in GENERIC_COLUMNS:
        return kind
    if row is not None:
        unit = row.get("unit")
        if isinstance(unit, str) and unit.strip().lower() in _UNITS:
            return _UNITS[unit.strip().lower()]
        for label in LABEL_COLUMNS:
            text = row.get(label)
            if isinstance(text, str):
                found = column_kind(text.split(" ")[-1]) or column_kind(text)
                if found is not None:
                    return found
    return kind or default


def format_cell(value: Any, kind: str = "number") -> str:
    """One table cell as text: numbers by :func:`format_number`, dates ISO, lists joined,
    booleans yes/no, missing values ``–``."""
    value = plain(value)
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and kind == "number":
        return format_number(value, "integer")
    if isinstance(value, int | float):
        return format_number(value, kind)
    if isinstance(value, list | tuple):
        return ", ".join(format_cell(v, kind) for v in value)
    return str(value)
