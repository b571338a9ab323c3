"""Recorded (non-market) figures for claims, from :mod:`bubblelink.fundamentals`.

A record's value is converted to base units (``billions USD`` → USD, ``millions
shares`` → shares, ``percent`` → fraction) so a claims file states figures in USD and
fractions. The record's ``status`` matters: a figure recorded only from the narrative
itself (``status: narrative``) cannot confirm the narrative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from bubblelink.fundamentals import load_fundamentals

_SCALES = {
    "trillions": 1e12,
    "billions": 1e9,
    "millions": 1e6,
    "thousands": 1e3,
}


@dataclass(frozen=True)
class RecordedFigure:
    """One sourced figure, in base units."""

    key: str
    value: float
    unit: str
    status: str
    source: str
    url: str
    period: str
    recorded: str
    note: str
    file: str


def base_units(value: float, unit: str) -> tuple[float, str]:
    """``(value, unit)`` converted to base units (USD, shares, fraction)."""
    text = unit.strip().lower()
    for word, scale in _SCALES.items():
        if text.startswith(word):
            rest = unit.strip()[len(word) :].strip() or "units"
            return value * scale, "USD" if rest.lower() == "usd" else rest
    if text in ("percent", "%", "pct"):
        return value / 100.0, "fraction"
    return value, unit


def recorded_figure_lookup(
    key: str | list[str], file: str | Path | None = None
) -> RecordedFigure | None:
    """The record under ``key`` (or the first of several keys) with a value, or None.

    Raises
    ------
    ConfigError
        The fundamentals file is unreadable or invalid.
    """
    result = load_fundamentals(file)
    records = result.records
    for k in [key] if isinstance(key, str) else list(key):
        if k not in records.index:
            continue
        row = records.loc[k]
        value = float(row["value"])
        if not math.isfinite(value):
            continue
        converted, unit = base_units(value, str(row["unit"]))
        return RecordedFigure(
            key=k,
            value=converted,
            unit=unit,
            status=str(row["status"]),
            source=str(row["source"]),
            url=str(row.get("url", "") or ""),
            period=str(row.get("period", "")),
            recorded=str(row.get("recorded", "")),
            note=str(row.get("note", "") or ""),
            file=result.source_file,
        )
    return None
