"""Small hand-made stores for known-answer tests of the claims and the scorecard.

Equity series live on NYSE sessions taken from ``exchange_calendars`` directly (not from
bubblelink), BTC on every calendar day, macro series on their own dates. Every value is
written explicitly, so each test can compute its expected answer with plain pandas.
"""

from __future__ import annotations

from pathlib import Path

import exchange_calendars as xcals
import numpy as np
import pandas as pd

from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.store import Store

#: Publication date of the narrative the forward claims come from.
PUBLISHED = pd.Timestamp("2025-12-12", tz="UTC")
FIRST, LAST = "2024-11-01", "2026-06-30"

_XNYS = xcals.get_calendar("XNYS", start="2024-01-02", end="2026-12-31")
#: NYSE sessions of the hand-made world (tz-aware UTC).
SESSIONS = pd.DatetimeIndex(_XNYS.sessions_in_range(FIRST, LAST)).tz_localize("UTC")
#: Every calendar day of the hand-made world.
DAYS = pd.date_range(FIRST, LAST, freq="D", tz="UTC")


def equity(values: pd.Series, sid: str) -> SeriesBatch:
    """A real (non-synthetic) NYSE price series with a close field."""
    return _batch(values, sid, "price", "USD", "business", "XNYS", "close")


def crypto(values: pd.Series, sid: str = "BTC-USD") -> SeriesBatch:
    """A 24/7 daily price series with a close field."""
    return _batch(values, sid, "price", "USD", "daily", "24/7", "close")


def macro(values: pd.Series, sid: str, unit: str, frequency: str) -> SeriesBatch:
    """A macro series (``value`` field) dated by observation."""
    return _batch(values, sid, "macro", unit, frequency, "none", "value")


def _batch(
    values: pd.Series, sid: str, kind: str, unit: str, frequency: str, calendar: str, field: str
) -> SeriesBatch:
    values = values.dropna()
    data = pd.DataFrame(
        {
            "date": pd.DatetimeIndex(values.index).tz_localize(None),
            "field": field,
            "value": values.to_numpy(dtype=float),
        }
    )
    meta = SeriesMeta(
        id=sid,
        kind=kind,  # type: ignore[arg-type]
        unit=unit,
        frequency=frequency,  # type: ignore[arg-type]
        source="test",
        calendar=calendar,  # type: ignore[arg-type]
        synthetic=False,
        metadata={},
    )
    return SeriesBatch(meta=meta, data=data)


def write(path: Path, batches: list[SeriesBatch]) -> Path:
    """A new store at ``path`` holding ``batches``."""
    with Store(path) as st:
        ingest(st, FetchResult(batches=batches), "test")
    return path


def after_publication(index: pd.DatetimeIndex) -> np.ndarray:
    """1, 2, 3... for dates after publication (0 on and before it)."""
    return np.maximum(np.cumsum(index > PUBLISHED), 0) * (index > PUBLISHED)


def nasdaq_path() -> pd.Series:
    """^IXIC: up from 100 to a peak of 110 on 2025-09-30, down to 100 at publication, then
    −0.25 per session to 80 and flat: −10% from the peak after 4 sessions (99.0), −10%
    from publication after 40 (90.0), worst −20%."""
    s = SESSIONS
    values = np.empty(len(s))
    peak_day = pd.Timestamp("2025-09-30", tz="UTC")
    up, down = s <= peak_day, (s > peak_day) & (s <= PUBLISHED)
    values[up] = np.linspace(100.0, 110.0, int(up.sum()))
    values[down] = np.linspace(110.0, 100.0, int(down.sum()) + 1)[1:]
    k = after_publication(s)[s > PUBLISHED]
    values[s > PUBLISHED] = np.maximum(100.0 - 0.25 * k, 80.0)
    return pd.Series(values, index=s, name="^IXIC")


def flat(index: pd.DatetimeIndex, level: float, name: str) -> pd.Series:
    """A constant path."""
    return pd.Series(level, index=index, name=name)


def btc_path(per_day: float, days: int, end: str | None = None) -> pd.Series:
    """BTC: 100,000 to publication, then down ``per_day`` (a fraction of 100,000) each day
    for ``days`` days and flat; cut after ``end`` when given."""
    d = DAYS if end is None else DAYS[pd.Timestamp(end, tz="UTC") >= DAYS]
    k = np.minimum(after_publication(d), days)
    return pd.Series(100_000.0 * (1.0 - per_day * k), index=d, name="BTC-USD")
