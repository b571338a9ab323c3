"""What one claim computation returns: a figure, its details, and where the data came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Measurement:
    """One reproduced figure.

    Attributes
    ----------
    value
        The figure compared with the claim (a correlation, a return as a fraction, a
        price, a beta ...).
    details
        Other figures of the same computation (interval, n, p-values, dates), JSON-able.
    provenance
        One dict per series used: series, source, first, last, rows, synthetic.
    notes
        What the reader must know about this number (alignment, adjustments, proxies).
    method
        The method in a few words (e.g. ``63-session Pearson, log returns, equity calendar``).
    """

    value: float
    details: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[Mapping[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    method: str = ""

    @property
    def synthetic(self) -> bool:
        """True when any series used is synthetic."""
        return any(bool(p.get("synthetic")) for p in self.provenance)


def frame_provenance(frame: pd.DataFrame) -> tuple[Mapping[str, Any], ...]:
    """The provenance ``frames.load`` stored in a frame's attrs."""
    return tuple(frame.attrs.get("provenance", []) or [])
