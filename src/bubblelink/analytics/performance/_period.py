"""Performance of several assets side by side over one period.

Date convention
---------------
``since D`` measures from the last close *on or before* D; ``until D`` ends at the last close
on or before D (default: the last close in the data). Each asset uses its own non-missing
closes, so BTC's Sunday close and the Nasdaq's Friday close are each "the last close on or
before" a Sunday ``D``. The actual start and end dates are reported per asset.

Figures (per asset, prices ``P`` from start to end inclusive)
-------------------------------------------------------------
* ``total_return = P_end / P_start − 1`` (on adjusted prices this is the total return with
  dividends; ``start_price``/``end_price`` are the given — possibly adjusted — levels).
* ``max_drawdown = min_t (P_t / max_{s≤t} P_s − 1)`` over the period, the start included.
* ``volatility = sd(r) · sqrt(A)`` of daily log returns ``r`` inside the period (sample SD,
  ddof = 1), with the annualisation ``A`` set by the bars the series really has
  (:func:`bubblelink.frames.calendars.periods_per_year` of its stored calendar,
  ``prices.attrs["calendars"]`` as ``load`` sets it): **365** for a 24/7 asset (BTC-USD),
  **252** for exchange sessions and for weekday-only feeds (Stooq's BTCUSD, registered as
  weekday bars at ingest). A series without a stored calendar is classified from its
  dates (:func:`bubblelink.frames.calendars.calendar_of_dates`: more than 10% weekend
  days → 24/7). ``A`` is reported; pass ``periods_per_year`` to override.
* ``beta`` against ``benchmark``: plain OLS slope ``cov(r_a, r_b) / var(r_b)`` of log
  returns between consecutive *common* dates within the period (BTC's Friday→Monday return
  against the Nasdaq's Friday→Monday return; the benchmark's own beta is 1).
* relative performance: ``relative_return = (1 + R_a) / (1 + R_b) − 1`` against the
  benchmark's total return ``R_b``, and the simple difference ``excess_return = R_a − R_b``.

Edge cases: an asset with no close on or before ``since`` or fewer than 2 prices in the
period raises :class:`DataError` naming the asset and dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.performance._drawdowns import drawdown
from bubblelink.errors import DataError
from bubblelink.frames.calendars import calendar_of_dates
from bubblelink.frames.calendars import periods_per_year as bars_per_year
from bubblelink.results import ResultBase, plain


@dataclasses.dataclass(frozen=True)
class AssetPerformance(ResultBase):
    """Performance of one asset over the period (see the module docstring)."""

    symbol: str
    start_date: pd.Timestamp
    end_date: pd.Timestamp
    start_price: float
    end_price: float
    total_return: float
    max_drawdown: float
    max_drawdown_date: pd.Timestamp
    volatility: float
    periods_per_year: int
    n_returns: int
    beta: float
    relative_return: float
    excess_return: float

    def to_frame(self) -> pd.DataFrame:
        """One row."""
        return pd.DataFrame([self.to_dict()]).set_index("symbol")


@dataclasses.dataclass(frozen=True)
class PeriodPerformanceResult(ResultBase):
    """Side-by-side period performance and the relative-performance table.

    Attributes
    ----------
    since, until
        The requested bounds (``until`` None = the end of the data).
    benchmark
        Symbol that ``beta``, ``relative_return`` and ``excess_return`` refer to.
    assets
        One :class:`AssetPerformance` per symbol, in the order given.
    """

    since: pd.Timestamp
    until: pd.Timestamp | None
    benchmark: str | None
    assets: tuple[AssetPerformance, ...]
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per asset."""
        frame = pd.DataFrame([a.to_dict() for a in self.assets]).set_index("symbol")
        return frame

    def relative_table(self) -> pd.DataFrame:
        """Pairwise relative performance: row asset vs column asset, ``(1+R_r)/(1+R_c) − 1``."""
        totals = pd.Series({a.symbol: a.total_return for a in self.assets})
        grid = np.outer(1 + totals.to_numpy(), 1 / (1 + totals.to_numpy())) - 1
        return pd.DataFrame(grid, index=totals.index, columns=totals.index)

    def to_dict(self) -> dict[str, Any]:
        """JSON view: the period, the benchmark, per-asset figures and the relative table."""
        rel = self.relative_table()
        return {
            "since": plain(self.since),
            "until": plain(self.until),
            "benchmark": self.benchmark,
            "assets": [a.to_dict() for a in self.assets],
            "relative": {
                str(r): {str(c): plain(rel.loc[r, c]) for c in rel.columns} for r in rel.index
            },
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """Per-asset table and the relative table."""
        return (
            self.to_frame().to_string()
            + "\n\nrelative (row vs column):\n"
            + self.relative_table().to_string()
        )


def annualisation_factor(index: pd.DatetimeIndex, calendar: str | None = None) -> int:
    """Periods a year of a series: by its stored ``calendar`` (``"24/7"`` → 365,
    ``"XNYS"`` → 252), else by the calendar its dates show (weekend days → 365, else 252)."""
    if calendar not in ("24/7", "XNYS"):
        calendar = calendar_of_dates(index)
    return bars_per_year(calendar)


def period_performance(
    prices: pd.DataFrame,
    since: str | dt.date | pd.Timestamp,
    until: str | dt.date | pd.Timestamp | None = None,
    symbols: Sequence[str] | None = None,
    benchmark: str | None = None,
    periods_per_year: Mapping[str, int] | int | None = None,
) -> PeriodPerformanceResult:
    """Total return, max drawdown, volatility and beta of each asset from ``since`` to ``until``.

    Parameters
    ----------
    prices
        Close prices by date (tz-aware UTC index), one column per symbol. Columns may have
        different calendars (NaN on days an asset does not trade).
    since, until
        Period bounds (see the date convention in the module docstring).
    symbols
        Columns to report (default all, in column order).
    benchmark
        Symbol for beta and relative figures (default: ``^IXIC`` when present, else none).
    periods_per_year
        Override of the 252/365 rule (by ``prices.attrs["calendars"]``, else the dates),
        for all or per symbol.

    Raises
    ------
    DataError
        Unknown symbol, no close on or before ``since``, or ``until`` before ``since``.
    """
    names = list(symbols) if symbols is not None else [str(c) for c in prices.columns]
    unknown = [s for s in names + ([benchmark] if benchmark else []) if s not in prices.columns]
    if unknown:
        raise DataError(
            f"unknown symbol {unknown[0]!r}: loaded series are "
            f"{', '.join(map(str, prices.columns))}"
        )
    if benchmark is None and "^IXIC" in prices.columns:
        benchmark = "^IXIC"
    start = _stamp(since, prices.index)
    end = _stamp(until, prices.index) if until is not None else None
    if end is not None and end < start:
        raise DataError(f"--until {end.date()} is before --since {start.date()}")
    paths = {s: _path(prices[s].rename(s), start, end) for s in dict.fromkeys(names)}
    bench_path = paths.get(benchmark) if benchmark else None
    if benchmark and bench_path is None:
        bench_path = _path(prices[benchmark].rename(benchmark), start, end)
    bench_total = (
        float(bench_path.iloc[-1] / bench_path.iloc[0] - 1)
        if bench_path is not None
        else float("nan")
    )
    calendars = prices.attrs.get("calendars") or {}
    assets = []
    for symbol, path in paths.items():
        rets = np.log(path).diff().dropna()
        own = annualisation_factor(prices[symbol].dropna().index, calendars.get(symbol))
        if isinstance(periods_per_year, Mapping):
            factor = int(periods_per_year.get(symbol, own))
        elif periods_per_year is not None:
            factor = int(periods_per_year)
        else:
            factor = own
        dd = drawdown(path)
        total = float(path.iloc[-1] / path.iloc[0] - 1)
        beta = _beta(path, bench_path) if bench_path is not None else float("nan")
        assets.append(
            AssetPerformance(
                symbol=symbol,
                start_date=path.index[0],
                end_date=path.index[-1],
                start_price=float(path.iloc[0]),
                end_price=float(path.iloc[-1]),
                total_return=total,
                max_drawdown=float(dd.min()),
                max_drawdown_date=dd.idxmin(),
                volatility=float(rets.std(ddof=1) * np.sqrt(factor))
                if len(rets) > 1
                else float("nan"),
                periods_per_year=factor,
                n_returns=len(rets),
                beta=beta,
                relative_return=(1 + total) / (1 + bench_total) - 1,
                excess_return=total - bench_total,
            )
        )
    notes = []
    if len({a.start_date for a in assets}) > 1:
        notes.append(
            "assets start on different dates: each uses its own last close on or "
            f"before {start.date()}"
        )
    return PeriodPerformanceResult(
        since=start, until=end, benchmark=benchmark, assets=tuple(assets), notes=tuple(notes)
    )


def _beta(path: pd.Series, bench: pd.Series) -> float:
    """OLS slope of log returns between common dates (multi-day returns across gaps)."""
    pair = pd.concat([path.rename("a"), bench.rename("b")], axis=1, join="inner", sort=True)
    rets = np.log(pair.dropna()).diff().dropna()
    if len(rets) < 3 or not rets["b"].var() > 0:
        return float("nan")
    return float(rets["a"].cov(rets["b"]) / rets["b"].var())


def _path(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp | None) -> pd.Series:
    """Closes from the last one on or before ``start`` to the last on or before ``end``."""
    clean = series.dropna().sort_index()
    symbol = str(series.name)
    if clean.empty:
        raise DataError(f"{symbol} has no prices")
    before = clean.loc[:start]
    if before.empty:
        raise DataError(
            f"{symbol} has no close on or before {start.date()} (its data start "
            f"{clean.index[0].date()}): use a later --since"
        )
    first = before.index[-1]
    path = clean.loc[first:end] if end is not None else clean.loc[first:]
    if len(path) < 2:
        raise DataError(
            f"{symbol} has only {len(path)} close from {first.date()} to "
            f"{(end or clean.index[-1]).date()}; need at least 2"
        )
    return path


def _stamp(value: str | dt.date | pd.Timestamp, index: pd.Index) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    tz = getattr(index, "tz", None)
    if stamp.tzinfo is None and tz is not None:
        stamp = stamp.tz_localize(tz)
    return stamp
