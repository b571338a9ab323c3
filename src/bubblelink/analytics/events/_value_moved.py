"""Market value gained or lost over an event window, and the largest intraday move.

Value moved
-----------
With ``S`` shares outstanding, a base close ``P_0`` (the last close *before* the window's
first day) and the close ``P_1`` on the window's last day,

.. math:: \\Delta V = S\\,(P_1 - P_0), \\qquad r = P_1 / P_0 - 1 .

Levels must be **raw, unadjusted quotes** (e.g. ``close`` of the cross-check files, not the
split/dividend-adjusted closes used for returns): a dividend-adjusted level understates the
market value at the time by the cumulated adjustment factor. Shares outstanding are taken
as constant over the window (the latest figure on or before the window's start when a dated
table is given); buybacks and issuance inside a few days are ignored.

Largest intraday move ("fell as much as X%")
--------------------------------------------
For each window day ``t`` with high/low data, against the previous close,

.. math:: \\text{fall}_t = L_t / C_{t-1} - 1, \\qquad \\text{rise}_t = H_t / C_{t-1} - 1 ,

and the result reports the most negative fall and the largest rise with their dates, beside
the close-to-close move of that same day. The low need not come before the close; this is
the range of the day, not a path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclasses.dataclass(frozen=True)
class ValueMovedResult(ResultBase):
    """Dollar value moved and intraday extremes of one asset over a window.

    Attributes
    ----------
    symbol, window_start, window_end
        Asset and the window's first and last dates.
    base_date, base_close, end_close
        Last close before the window, and the close on its last day (raw levels).
    close_to_close_return
        ``end_close / base_close − 1``.
    shares_outstanding, market_value_before, market_value_after, value_change
        ``S``, ``S·P0``, ``S·P1`` and their difference in currency units (NaN without S).
    largest_intraday_fall, largest_intraday_fall_date, close_return_on_fall_date
        Most negative ``low / previous close − 1`` in the window, its date, and that day's
        close-to-close return (NaN when no low data).
    largest_intraday_rise, largest_intraday_rise_date
        Largest ``high / previous close − 1`` and its date.
    """

    symbol: str
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    base_date: pd.Timestamp
    base_close: float
    end_close: float
    close_to_close_return: float
    shares_outstanding: float
    market_value_before: float
    market_value_after: float
    value_change: float
    largest_intraday_fall: float
    largest_intraday_fall_date: pd.Timestamp | None
    close_return_on_fall_date: float
    largest_intraday_rise: float
    largest_intraday_rise_date: pd.Timestamp | None
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per figure (``statistic``, ``value``); the notes stay in ``to_dict``."""
        figures = {k: v for k, v in self.to_dict().items() if k not in ("symbol", "notes")}
        values = pd.Series(list(figures.values()), index=list(figures), dtype=object)
        frame = pd.DataFrame({"statistic": values.index, "value": values.to_numpy()})
        return frame.set_index("statistic")

    def summary(self) -> str:
        """Plain-language sentence."""
        text = (
            f"{self.symbol}: {self.close_to_close_return:+.2%} close to close "
            f"({self.base_date.date()} → {self.window_end.date()})"
        )
        if np.isfinite(self.value_change):
            text += f", {self.value_change / 1e9:+,.1f} bn of market value"
        if np.isfinite(self.largest_intraday_fall):
            assert self.largest_intraday_fall_date is not None  # set whenever the fall is
            text += (
                f"; fell as much as {-self.largest_intraday_fall:.2%} intraday on "
                f"{self.largest_intraday_fall_date.date()}"
            )
        return text


def value_moved(
    close: pd.Series,
    window_start: str | dt.date | pd.Timestamp,
    window_end: str | dt.date | pd.Timestamp,
    shares_outstanding: float | pd.Series | None = None,
    high: pd.Series | None = None,
    low: pd.Series | None = None,
) -> ValueMovedResult:
    """Market value moved over ``[window_start, window_end]`` and the intraday extremes.

    Parameters
    ----------
    close
        Raw (unadjusted) closes by date, tz-aware UTC index, named by symbol.
    window_start, window_end
        First and last day of the window (e.g. an event study's ``window_start``/``_end``);
        the base is the last close strictly before ``window_start``.
    shares_outstanding
        A number, or a Series of share counts by effective date (the latest on or before
        ``window_start`` is used); None reports returns only.
    high, low
        Raw highs and lows on the same dates (optional).

    Raises
    ------
    DataError
        When the window is outside the data or has no close before it.
    """
    symbol = str(close.name) if close.name is not None else "asset"
    series = close.dropna().sort_index()
    start, end = _stamp(window_start, series.index), _stamp(window_end, series.index)
    inside = series.loc[start:end]
    before = series.loc[: start - pd.Timedelta(microseconds=1)]
    if inside.empty or before.empty:
        raise DataError(
            f"{symbol}: no closes for the window {start.date()}..{end.date()} and the day "
            f"before it (data {series.index[0].date()}..{series.index[-1].date()})"
            if len(series)
            else f"{symbol}: no close prices given"
        )
    base_date, base_close = before.index[-1], float(before.iloc[-1])
    end_close = float(inside.iloc[-1])
    shares = _shares_at(shares_outstanding, start, symbol)
    notes: list[str] = []
    if not np.isfinite(shares):
        notes.append("no shares outstanding given: value change not computed")
    fall = rise = close_on_fall = float("nan")
    fall_date = rise_date = None
    if low is not None or high is not None:
        prev = series.shift(1).loc[start:end]
        daily = (series / series.shift(1) - 1).loc[start:end]
        if low is not None:
            moves = (low.reindex(prev.index) / prev - 1).dropna()
            if not moves.empty:
                fall_date = moves.idxmin()
                fall = float(moves.min())
                close_on_fall = float(daily.loc[fall_date])
        if high is not None:
            moves = (high.reindex(prev.index) / prev - 1).dropna()
            if not moves.empty:
                rise_date = moves.idxmax()
                rise = float(moves.max())
    return ValueMovedResult(
        symbol=symbol,
        window_start=inside.index[0],
        window_end=inside.index[-1],
        base_date=base_date,
        base_close=base_close,
        end_close=end_close,
        close_to_close_return=end_close / base_close - 1,
        shares_outstanding=shares,
        market_value_before=shares * base_close,
        market_value_after=shares * end_close,
        value_change=shares * (end_close - base_close),
        largest_intraday_fall=fall,
        largest_intraday_fall_date=fall_date,
        close_return_on_fall_date=close_on_fall,
        largest_intraday_rise=rise,
        largest_intraday_rise_date=rise_date,
        notes=tuple(notes),
    )


def _shares_at(shares: float | pd.Series | None, when: pd.Timestamp, symbol: str) -> float:
    if shares is None:
        return float("nan")
    if isinstance(shares, pd.Series):
        known = shares.dropna().loc[:when]
        if known.empty:
            raise DataError(f"{symbol}: no shares-outstanding figure on or before {when.date()}")
        return float(known.iloc[-1])
    return float(shares)


def _stamp(value: str | dt.date | pd.Timestamp, index: pd.Index) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    tz = getattr(index, "tz", None)
    if stamp.tzinfo is None and tz is not None:
        stamp = stamp.tz_localize(tz)
    return stamp
