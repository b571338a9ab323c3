"""What one claim computation returns: a figure, its details, and where the data came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.claims._sample import Sample


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
    sample
        The observations the figure used next to the window the claim asked for
        (:class:`~bubblelink.claims._sample.Sample`); None only for hand-made measurements.
    rounding
        How far the figure may be off because an input is rounded or of uncertain
        adjustment (same unit as ``value``; 0 when exact): a verdict that could flip
        within it is ``inconclusive``. ``rounding_note`` says where it comes from.
    """

    value: float
    details: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[Mapping[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    method: str = ""
    sample: Sample | None = None
    rounding: float = 0.0
    rounding_note: str = ""

    @property
    def synthetic(self) -> bool:
        """True when any series used is synthetic."""
        return any(bool(p.get("synthetic")) for p in self.provenance)


def frame_provenance(frame: pd.DataFrame) -> tuple[Mapping[str, Any], ...]:
    """The provenance ``frames.load`` stored in a frame's attrs."""
    return tuple(frame.attrs.get("provenance", []) or [])
