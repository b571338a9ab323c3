"""Loading gauge inputs from the store (through ``frames.load``), as known at a date.

This is the one module of :mod:`bubblelink.analytics.liquidity` that reads data; the
estimators themselves are pure functions. Each series is loaded on its own so that a
series the store does not hold is reported as *missing* (never zero) instead of
failing the whole gauge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames import load, open_store
from bubblelink.frames.load import DateLike
from bubblelink.store import Store


@dataclass(frozen=True)
class LoadedSeries:
    """Series loaded as known at ``as_of``, with units and what was missing.

    Attributes
    ----------
    series : dict
        Observations by canonical id (observation dates, tz-aware UTC index).
    units, frequencies, kinds : dict
        As stored in the registry.
    synthetic : dict
        Synthetic flag per loaded id.
    missing : dict
        Id → why it is missing (not in the store / no data as of the date).
    as_of : Timestamp or None
    """

    series: dict[str, pd.Series]
    units: dict[str, str]
    frequencies: dict[str, str]
    kinds: dict[str, str]
    synthetic: dict[str, bool]
    missing: dict[str, str] = field(default_factory=dict)
    as_of: pd.Timestamp | None = None

    def get(self, series_id: str) -> pd.Series | None:
        """The series, or None when missing."""
        return self.series.get(series_id)

    @property
    def any_synthetic(self) -> bool:
        return any(self.synthetic.values())


def load_series(
    ids: Sequence[str],
    store: Store | str | Path | None = None,
    as_of: DateLike = None,
    start: DateLike = None,
) -> LoadedSeries:
    """Load each id with ``frames.load(..., as_of=as_of)``; collect what is missing."""
    st, owned = open_store(store)
    try:
        known = set(st.series_ids())
        series: dict[str, pd.Series] = {}
        units: dict[str, str] = {}
        freqs: dict[str, str] = {}
        kinds: dict[str, str] = {}
        synthetic: dict[str, bool] = {}
        missing: dict[str, str] = {}
        for sid in dict.fromkeys(ids):
            if sid not in known:
                missing[sid] = "not in the store"
                continue
            try:
                frame = load([sid], start=start, end=as_of, as_of=as_of, store=st)
            except DataError:
                missing[sid] = f"no data as of {pd.Timestamp(as_of).date()}" if as_of else "no data"
                continue
            meta = st.meta(sid)
            series[sid] = frame[sid].dropna()
            units[sid] = meta.unit
            freqs[sid] = meta.frequency
            kinds[sid] = meta.kind
            synthetic[sid] = meta.synthetic
    finally:
        if owned:
            st.close()
    stamp = None
    if as_of is not None:
        stamp = pd.Timestamp(as_of)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return LoadedSeries(series, units, freqs, kinds, synthetic, missing, stamp)
