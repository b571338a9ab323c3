"""Recorded (non-market) figures for claims, from :mod:`bubblelink.fundamentals`.

A record's value is converted to base units (``billions USD`` → USD, ``millions
shares`` → shares, ``percent`` → fraction) so a claims file states figures in USD and
fractions. The record's ``status`` matters: a figure recorded only from the narrative
itself (``status: narrative``) cannot confirm the narrative. Every figure keeps its
source, the source's date (``published``), the date it was retrieved (``recorded``),
the date it describes (``as_of``) and its rounding step, in base units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bubblelink.config import once_per_version
from bubblelink.config.files import resolve_config_path
from bubblelink.errors import ConfigError
from bubblelink.fundamentals import FundamentalsResult, load_fundamentals

_SCALES = {
    "trillions": 1e12,
    "billions": 1e9,
    "millions": 1e6,
    "thousands": 1e3,
}


@dataclass(frozen=True)
class RecordedFigure:
    """One sourced figure, in base units (``rounded_to`` too; 0 when exact or unknown)."""

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
    published: str = ""
    as_of: str = ""
    rounded_to: float = 0.0

    def citation(self) -> str:
        """``SOURCE (published D | undated), retrieved D, status S``."""
        when = f"published {self.published}" if self.published else "undated source"
        return f"{self.source} ({when}), retrieved {self.recorded}, status {self.status}"

    def to_dict(self) -> dict[str, Any]:
        """The record as a claim result shows it (``source`` in ``bubblelink claims``)."""
        return {
            "record": self.key,
            "source": self.source,
            "url": self.url,
            "published": self.published or None,
            "retrieved": self.recorded,
            "as_of": self.as_of or None,
            "period": self.period,
            "status": self.status,
            "rounded_to": self.rounded_to or None,
            "file": self.file,
        }


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


def _fundamentals(file: str | Path | None) -> FundamentalsResult:
    """:func:`load_fundamentals` of ``file``, parsed once per version of the file (a
    claims file looks up about ten records; parsing the YAML for each took ~0.2 s)."""
    try:
        path = Path(resolve_config_path(file, kind="fundamentals", default="fundamentals.yaml"))
    except ConfigError:
        return load_fundamentals(file)  # raises the user's one-line error
    return once_per_version(path, "fundamentals", lambda: load_fundamentals(file))


def recorded_figure_lookup(
    key: str | list[str], file: str | Path | None = None
) -> RecordedFigure | None:
    """The record under ``key`` (or the first of several keys) with a value, or None.

    Raises
    ------
    ConfigError
        The fundamentals file is unreadable or invalid.
    """
    result = _fundamentals(file)
    records = result.records
    for k in [key] if isinstance(key, str) else list(key):
        if k not in records.index:
            continue
        row = records.loc[k]
        value = float(row["value"])
        if not math.isfinite(value):
            continue
        converted, unit = base_units(value, str(row["unit"]))
        step = float(row.get("rounded_to", math.nan))
        rounded_to = base_units(step, str(row["unit"]))[0] if math.isfinite(step) else 0.0
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
            published=str(row.get("published", "") or ""),
            as_of=str(row.get("as_of", "") or ""),
            rounded_to=rounded_to,
        )
    return None
