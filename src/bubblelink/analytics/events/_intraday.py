"""Event response at intraday resolution: the low of the session and the rebound from it.

For each symbol with bars inside ``[start, end)`` (tz-aware UTC), with reference price
``P_ref`` = the last close before ``start`` (the previous close; the first bar's open when
there is no earlier bar),

* ``low``/``low_time`` — the lowest low (or close, when bars have no ``low``) in the span,
  ``drop = low / P_ref − 1``;
* ``high_before_low`` — the highest high before the low (a "gap up then reverse" session
  like Nvidia's 2025-11-20 shows a positive ``run_up = high_before_low / P_ref − 1``);
* ``rebound = P_end / low − 1`` with ``P_end`` the last close in the span, and
  ``retraced = (P_end − low) / (P_ref − low)`` (share of the fall recovered; NaN when the
  price never traded below ``P_ref``);
* ``session_return = P_end / P_ref − 1``;
* three readings of "rebounded from the low later in the session", from the low bar on:
  ``rebound`` (low → the span's last close, above), ``rebound_max_close = max close / low
  − 1`` over the low bar and every later bar (the best level the price is known to have
  reached *after* the low: a bar closes after its own low), and ``rebound_high =
  high_after_low / low − 1`` with ``high_after_low`` the highest high of the bars strictly
  *after* the low bar (an upper bound on a rebound to a traded price; NaN when the low is in
  the last bar). The low bar's own high is left out: inside one bar the order of its high
  and low is unknown.

Bars are keyed by their start time; one bar's low is taken as reached at that time (the
resolution of the data bounds the timing: an hourly low or high is the extreme inside the
hour, and when it came inside the hour is unknown). Ties: the first bar with the lowest
low. Pure function: no data means a result with
``available=False`` and a note saying so plainly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclasses.dataclass(frozen=True)
class IntradayResponseResult(ResultBase):
    """Per-symbol intraday low and rebound over a span.

    Attributes
    ----------
    start, end
        The span (tz-aware UTC, end exclusive).
    available
        False when no symbol had bars in the span.
    rows
        One row per symbol: reference price and time, low and its time, drop, run-up,
        rebound, retraced share, session return, bar count.
    notes
        Plain statements, e.g. ``"no intraday data available for NVDA ..."``.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    available: bool
    rows: pd.DataFrame
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The per-symbol table (empty with a note when nothing is available)."""
        return self.rows

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        from bubblelink.results import plain

        return {
            "start": plain(self.start),
            "end": plain(self.end),
            "available": self.available,
            "symbols": plain(self.rows.reset_index()) if not self.rows.empty else [],
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """Table, or the note when no data."""
        if not self.available:
            return "; ".join(self.notes)
        return self.rows.to_string()


_COLUMNS = (
    "reference_price", "reference_time", "low", "low_time", "drop", "high_before_low",
    "run_up", "end_price", "rebound", "retraced", "session_return", "max_close_after_low",
    "rebound_max_close", "high_after_low", "rebound_high", "bars",
)  # fmt: skip


def intraday_response(
    bars: Mapping[str, pd.DataFrame] | pd.DataFrame | None,
    start: str | dt.datetime | pd.Timestamp,
    end: str | dt.datetime | pd.Timestamp,
    symbols: Sequence[str] | None = None,
) -> IntradayResponseResult:
    """Low and rebound of each symbol between ``start`` and ``end`` from intraday bars.

    Parameters
    ----------
    bars
        ``{symbol: DataFrame}`` with a tz-aware UTC DatetimeIndex (bar start) and columns
        ``close`` (required), ``open``/``high``/``low`` (optional); or one DataFrame with
        (symbol, field) MultiIndex columns; or None.
    start, end
        Span in UTC (naive values are taken as UTC), e.g. the NYSE session 14:30–21:00 UTC.
    symbols
        Symbols to report (default: every symbol in ``bars``); a symbol without bars gets
        a note, not an error.
    """
    lo, hi = _utc(start), _utc(end)
    if hi <= lo:
        raise DataError(f"intraday span end {hi} is not after its start {lo}")
    frames = _as_mapping(bars)
    wanted = list(symbols) if symbols is not None else list(frames)
    notes: list[str] = []
    records: dict[str, dict[str, Any]] = {}
    for symbol in wanted:
        frame = frames.get(symbol)
        if frame is None or frame.empty:
            notes.append(f"no intraday data available for {symbol}")
            continue
        if not isinstance(frame.index, pd.DatetimeIndex) or frame.index.tz is None:
            raise DataError(f"intraday bars of {symbol} need a tz-aware UTC DatetimeIndex")
        if "close" not in frame.columns:
            raise DataError(f"intraday bars of {symbol} have no 'close' column")
        frame = frame.sort_index().tz_convert("UTC")
        span = frame.loc[(frame.index >= lo) & (frame.index < hi)]
        if span.empty:
            notes.append(f"no intraday data available for {symbol} between {lo} and {hi}")
            continue
        earlier = frame.loc[frame.index < lo, "close"].dropna()
        if len(earlier):
            ref, ref_time = float(earlier.iloc[-1]), earlier.index[-1]
        else:
            first = span.iloc[0]
            ref = (
                float(first["open"])
                if "open" in span and np.isfinite(first["open"])
                else float(first["close"])
            )
            ref_time = span.index[0]
            notes.append(f"{symbol}: no bar before the span; reference = first bar's open")
        lows = span["low"] if "low" in span else span["close"]
        highs = span["high"] if "high" in span else span["close"]
        low_time = lows.idxmin()
        low = float(lows.min())
        before = highs.loc[:low_time]
        high_before = float(before.max()) if len(before) else float("nan")
        end_price = float(span["close"].dropna().iloc[-1])
        max_close = float(span["close"].loc[low_time:].max())
        later = highs.loc[highs.index > low_time].dropna()
        high_after = float(later.max()) if len(later) else float("nan")
        fall = ref - low
        records[symbol] = {
            "reference_price": ref,
            "reference_time": ref_time,
            "low": low,
            "low_time": low_time,
            "drop": low / ref - 1,
            "high_before_low": high_before,
            "run_up": high_before / ref - 1,
            "end_price": end_price,
            "rebound": end_price / low - 1,
            "retraced": (end_price - low) / fall if fall > 0 else float("nan"),
            "session_return": end_price / ref - 1,
            "max_close_after_low": max_close,
            "rebound_max_close": max_close / low - 1,
            "high_after_low": high_after,
            "rebound_high": high_after / low - 1,
            "bars": len(span),
        }
    rows = pd.DataFrame.from_dict(records, orient="index", columns=list(_COLUMNS))
    rows.index.name = "symbol"
    if not records and not notes:
        notes.append("no intraday data available")
    return IntradayResponseResult(
        start=lo, end=hi, available=bool(records), rows=rows, notes=tuple(notes)
    )


def _as_mapping(bars: Mapping[str, pd.DataFrame] | pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    if bars is None:
        return {}
    if isinstance(bars, pd.DataFrame):
        if bars.empty:
            return {}
        if isinstance(bars.columns, pd.MultiIndex):
            return {str(s): bars[s] for s in bars.columns.get_level_values(0).unique()}
        raise DataError("intraday bars as one DataFrame need (symbol, field) MultiIndex columns")
    return {str(k): v for k, v in bars.items()}


def _utc(value: str | dt.datetime | pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
