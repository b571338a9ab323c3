"""Base class of the typed result objects every layer returns (analytics, compositions, service).

A result is a frozen dataclass. It knows how to present itself: ``to_frame()`` (the
CLI's table and CSV), ``to_dict()`` (the CLI's JSON and the API), and ``summary()``
(a short human-readable text). Subclasses implement ``to_frame``; the default
``to_dict`` turns every field into plain JSON-able values (Series become lists of
``{date, value}``, DataFrames become lists of records).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """Convert a field value to plain Python / JSON-able types."""
    if isinstance(value, pd.Series):
        index = value.index
        return [
            {"date": _plain_index(i), "value": plain(v)}
            for i, v in zip(index, value.to_numpy(), strict=True)
        ]
    if isinstance(value, pd.DataFrame):
        frame = value.reset_index() if value.index.name is not None else value
        return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    if isinstance(value, ResultBase):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return _plain_index(value)
    return value


def _plain_index(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        if value.hour == value.minute == value.second == 0 and value.nanosecond == 0:
            return value.date().isoformat()
        return value.isoformat()
    return plain(value) if not isinstance(value, str) else value


@dataclasses.dataclass(frozen=True)
class ResultBase:
    """Mixin for frozen result dataclasses."""

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - each result overrides
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """All fields as plain JSON-able values."""
        return {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def summary(self) -> str:
        """A short text rendering (the table form by default)."""
        return self.to_frame().to_string()


def format_usd(value: float) -> str:
    """US dollars in text: ``$1.23 tn``, ``$80.0 bn``, ``$12.5 mn``, ``$950``, a negative
    amount ``-$80.0 bn`` (the one rule of the report's tables and the claims' sentences)."""
    size = abs(value)
    for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if size >= scale:
            digits = 2 if scale == 1e12 else 1
            return f"${value / scale:,.{digits}f} {word}".replace("$-", "-$")
    return f"${value:,.0f}".replace("$-", "-$")
