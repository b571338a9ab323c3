"""The computations a claim can name: each calls one bubblelink analytic on store data.

Every function has the signature ``f(data: ClaimData, params: Mapping) -> Measurement``
and is registered in :data:`COMPUTATIONS` under the name a claims file uses. Missing data
raise :class:`NotCheckableError` (what is missing and what would be needed) or
:class:`~bubblelink.errors.DataError` (both become a ``not_checkable`` verdict).

Conventions shared by all computations
--------------------------------------
* Dates are session or calendar dates (``YYYY-MM-DD``); intraday spans are UTC times.
* ``calendar`` is ``equity`` (NYSE sessions; BTC at its same-date UTC daily close) or
  ``all-days`` (every calendar day, equities carried over weekends); see
  :func:`bubblelink.frames.align`.
* Returns are fractions (−0.2 = −20%). Returns use each series' adjusted close where one
  is stored (``field="auto"``), else its close; levels read the field named (a market
  value moved reads the raw ``close``: see :func:`market_value_change`).
* Every measurement carries its :class:`~bubblelink.claims._sample.Sample`: the series,
  first/last date and ``n`` used, the window the claim asked for, the coverage and the
  price field (adjusted, raw, or a close whose adjustment the store does not record).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from bubblelink.analytics.beta import asymmetric_beta
from bubblelink.analytics.correlation import levels_correlation, rolling_correlation
from bubblelink.analytics.events import intraday_response, value_moved
from bubblelink.analytics.liquidity import (
    BTC_LIQUIDITY_SERIES,
    GLOBAL_M2_COMPONENTS,
    GLOBAL_M2_MIN_COVERAGE,
    BtcLiquidityResult,
    LiquidityInputs,
    LoadedSeries,
    btc_vs_liquidity,
    liquidity_choice,
    liquidity_inputs,
    with_reason,
)
from bubblelink.analytics.performance import period_performance
from bubblelink.claims._data import (
    ClaimData,
    NotCheckableError,
    ShortSampleError,
    require_coverage,
    utc,
)
from bubblelink.claims._measurement import Measurement, frame_provenance
from bubblelink.claims._recorded import RecordedFigure, recorded_figure_lookup
from bubblelink.claims._sample import (
    MIN_COVERAGE,
    Sample,
    endpoint_coverage,
    expected_count,
    observed_sample,
    price_label,
    returns_prices,
    unit_of,
    window_start,
)
from bubblelink.claims._spec import format_figure
from bubblelink.errors import ConfigError, DataError
from bubblelink.frames.calendars import align

Computation = Callable[[ClaimData, Mapping[str, Any]], Measurement]


#: How far below the quote a stored close may sit when the store does not record whether
#: the source adjusted it for dividends (a 2.5% yield over two years between the event
#: and the download): a market value moved from such closes carries this relative band,
#: and a verdict that could flip within it is inconclusive.
ADJUSTED_LEVEL_BOUND = 0.05


def _need(params: Mapping[str, Any], key: str) -> Any:
    if key not in params or params[key] is None:
        raise ConfigError(f"computation parameter {key!r} is required")
    return params[key]


def _adjusted_stored(data: ClaimData, symbol: str, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    """True when ``symbol`` stores an ``adj_close`` beside its close (then close is raw)."""
    try:
        data.prices([symbol], start=start, end=end, field="adj_close")
    except DataError:
        return False
    return True


def return_correlation(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Rolling correlation of ``a`` and ``b`` for the window ending on ``end``.

    Parameters (in ``params``)
    --------------------------
    a, b : str
        Symbols.
    end : date
        Last date of the window (the correlation "as of" that date).
    window : int, default 30
        Joint observations per window (sessions on ``equity``, days on ``all-days``).
    window_days : int, optional
        Instead of ``window``: every joint observation in the last ``window_days``
        calendar days up to ``end``.
    method : {"pearson", "spearman", "kendall"}
    calendar : {"equity", "all-days"}; kind : {"log", "simple"}
    of : {"returns", "levels"}
        ``levels`` correlates the price levels (spurious-prone; via
        :func:`~bubblelink.analytics.correlation.levels_correlation`, which reports the
        returns figure beside it).

    Sample: the ``window`` joint observations of the window ending on ``end`` (a gap in
    either series makes the window reach further back; coverage counts only the
    observations inside the asked window). When fewer joint observations are stored
    than the window asks for, the correlation uses those there are if they cover at
    least :data:`~bubblelink.claims._sample.MIN_COVERAGE` of the window (a note says
    so), else :class:`~bubblelink.claims._data.ShortSampleError` (inconclusive).
    """
    a, b, end = str(_need(params, "a")), str(_need(params, "b")), utc(_need(params, "end"))
    method = str(params.get("method", "pearson"))
    calendar = str(params.get("calendar", "equity"))
    kind = str(params.get("kind", "log"))
    on = str(params.get("of", "returns"))
    if on not in ("returns", "levels"):
        raise ConfigError(f"computation parameter 'of' must be returns or levels, got {on!r}")
    window_days = params.get("window_days")
    window = int(params.get("window", 30))
    span = int(window_days) if window_days else int(window * 1.6)
    scan_from = utc(params["scan_from"]) if params.get("scan_from") else None
    first = scan_from if scan_from is not None else end
    rf = data.returns(
        [a, b], start=first - pd.Timedelta(days=span + 45), end=end, calendar=calendar, kind=kind
    )
    require_coverage(rf.returns[[a, b]].dropna().index, end, f"{a} and {b} returns")
    unit = unit_of(calendar)
    if window_days:
        asked_first = end.normalize() - pd.Timedelta(days=int(window_days) - 1)
        asked_n = expected_count(asked_first, end, calendar)
        joint = rf.returns[[a, b]].dropna()
        window = int(((joint.index >= asked_first) & (joint.index <= end)).sum())
        asked = f"{window_days} calendar days ending {end.date()} ({asked_n} {unit})"
    else:
        asked_first = window_start(end, window, calendar)
        asked_n = window
        asked = f"{window} {unit} ending {end.date()}"
    observed = (rf.prices if on == "levels" else rf.returns)[[a, b]].dropna()
    prices = returns_prices(rf.prices, [a, b])
    if on == "levels":
        prices = prices.replace("returns of ", "levels of ", 1)
    available = observed.loc[:end]
    shortened = ""
    if len(available) < window:
        partial = observed_sample(
            available.index,
            [a, b],
            asked_first,
            end,
            calendar,
            asked,
            prices,
            requested_n=asked_n,
        )
        if partial.short or len(available) < 5:
            raise ShortSampleError(partial)
        shortened = (
            f"window shortened to the {len(available)} joint observations stored (of the "
            f"{window} asked; they start {available.index[0].date()}): coverage "
            f"{partial.coverage:.0%} meets the {MIN_COVERAGE:.0%} rule"
        )
        window = len(available)
    if on == "levels":
        result = levels_correlation(rf.prices[a], rf.prices[b], window, method, kind)  # type: ignore[arg-type]
        at = _scan_pick(result.levels.value, scan_from, end)
        point = result.levels.point(at)
        notes = [result.warning]
        extra = {"returns_value": result.returns.point(at).value}
    else:
        rolling = rolling_correlation(rf.returns[a], rf.returns[b], window, method)  # type: ignore[arg-type]
        point = rolling.point(_scan_pick(rolling.value, scan_from, end))
        notes, extra = list(rolling.notes), {}
    if shortened:
        notes.append(shortened)
    if scan_from is not None:
        notes.append(
            f"EXPLORATORY: the highest value over windows ending {scan_from.date()}..{end.date()} "
            "(picked after the fact)"
        )
        asked_first = window_start(point.date, window, calendar)
        asked = f"{window} {unit} ending {point.date.date()} (picked from windows ending {scan_from.date()}..{end.date()})"
    rows = observed.loc[: point.date].iloc[-window:]
    size = f"{window_days} calendar days ({window} obs)" if window_days else f"{window}-obs"
    what = "price levels" if on == "levels" else f"{kind} returns"
    return Measurement(
        value=point.value,
        details={
            "date": point.date,
            "ci_low": point.ci_low,
            "ci_high": point.ci_high,
            "n": int(point.n),
            "window": window,
            **extra,
        },
        provenance=tuple(rf.provenance),
        notes=tuple([*rf.notes, *notes]),
        method=f"{size} {method} correlation of {what}, {calendar} calendar, ending {point.date.date()}",
        sample=observed_sample(
            rows.index,
            [a, b],
            asked_first,
            end if scan_from is None else point.date,
            calendar,
            asked,
            prices,
            requested_n=asked_n,
        ),
    )


def _scan_pick(
    values: pd.Series, scan_from: pd.Timestamp | None, end: pd.Timestamp
) -> pd.Timestamp:
    """``end``, or the date of the highest value over ``[scan_from, end]`` when scanning."""
    if scan_from is None:
        return end
    span = values.loc[scan_from:end].dropna()
    if span.empty:
        raise DataError(f"no complete window ending between {scan_from.date()} and {end.date()}")
    return span.idxmax()


def period_return(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Total return of ``symbol`` from ``since`` to ``until`` (period_performance convention).

    ``since D`` starts at the last close on or before D; ``until D`` ends at the last
    close on or before D. ``calendar``: ``native`` (each series' own dates, default) or
    ``all-days`` (aligned to every calendar day first). Sample: the two endpoint closes
    (coverage by the endpoint rule of :mod:`bubblelink.claims._sample`) and the closes
    between them.
    """
    symbol = str(_need(params, "symbol"))
    since, until = utc(_need(params, "since")), utc(_need(params, "until"))
    calendar = str(params.get("calendar", "native"))
    prices = data.prices([symbol], start=since - pd.Timedelta(days=14), end=until)
    require_coverage(prices[symbol].dropna().index, until, f"{symbol} closes")
    frame = align(prices, calendar="all-days").data if calendar == "all-days" else prices
    result = period_performance(frame, since, until, symbols=[symbol])
    asset = result.assets[0]
    closes = frame[symbol].dropna().loc[asset.start_date : asset.end_date]
    fields = dict(prices.attrs.get("fields", {}) or {})
    native = str((prices.attrs.get("calendars", {}) or {}).get(symbol, ""))
    sample = Sample(
        series=(symbol,),
        first=asset.start_date,
        last=asset.end_date,
        n=len(closes),
        unit="closes" if calendar == "native" else unit_of("all-days"),
        requested=f"last close on or before {since.date()} to last close on or before {until.date()}",
        requested_first=since,
        requested_last=until,
        requested_n=(expected_count(since, until, native) if calendar == "native" else None),
        coverage=endpoint_coverage(asset.start_date, asset.end_date, since, until),
        prices=price_label({symbol: str(fields.get(symbol, "close"))}),
    )
    return Measurement(
        value=asset.total_return,
        details={
            "start_date": asset.start_date,
            "end_date": asset.end_date,
            "start_price": asset.start_price,
            "end_price": asset.end_price,
            "max_drawdown": asset.max_drawdown,
        },
        provenance=frame_provenance(prices),
        notes=tuple(result.notes),
        method=(
            f"close {asset.start_date.date()} to close {asset.end_date.date()} ({calendar} dates)"
        ),
        sample=sample,
    )


@dataclass(frozen=True)
class _DayBars:
    """One symbol's daily fields up to ``day`` (each a Series), and what they are."""

    symbol: str
    day: pd.Timestamp
    bars: dict[str, pd.Series]
    calendar: str
    adjusted_stored: bool
    provenance: tuple[Mapping[str, Any], ...]

    def prices(self, fields: tuple[str, ...]) -> str:
        """The price-field label of ``fields`` (raw when an adj_close is stored beside)."""
        label = price_label({self.symbol: "/".join(fields)}, {self.symbol: self.adjusted_stored})
        return label.split(": ", 1)[1] if ": " in label else label

    def sample(self, base_date: pd.Timestamp | None, fields: tuple[str, ...]) -> Sample:
        """The bar of ``day`` (and the close of ``base_date`` before it).

        Coverage: 1 when ``base_date`` is the observation just before ``day`` on the
        series' calendar; with k observations missing between them, 1/(k+1).
        """
        one = base_date is None
        steps = 1 if one else max(expected_count(base_date, self.day, self.calendar) - 1, 1)
        return Sample(
            series=(self.symbol,),
            first=self.day if one else base_date,
            last=self.day,
            n=1 if one else 2,
            unit="daily bar" if one else "daily bars",
            requested=f"the daily bar of {self.day.date()}"
            + ("" if one else " and the close before it"),
            requested_first=self.day,
            requested_last=self.day,
            requested_n=1 if one else 2,
            coverage=1.0 / steps,
            prices=self.prices(fields),
        )


def _day_bars(data: ClaimData, symbol: str, day: pd.Timestamp, fields: tuple[str, ...]) -> _DayBars:
    out: dict[str, pd.Series] = {}
    calendar = ""
    provenance: tuple[Mapping[str, Any], ...] = ()
    start = day - pd.Timedelta(days=14)
    for name in fields:
        frame = data.prices([symbol], start=start, end=day, field=name)
        out[name] = frame[symbol].dropna().rename(symbol)
        calendar = calendar or str((frame.attrs.get("calendars", {}) or {}).get(symbol, ""))
        provenance = provenance or frame_provenance(frame)
    if day not in out[fields[0]].index:
        last = out[fields[0]].index.max()
        raise NotCheckableError(
            f"{symbol} has no daily bar dated {day.date()} (last before it: "
            f"{last.date() if last is not pd.NaT else 'none'})",
            needs=f"{symbol} daily bars through {day.date()}",
        )
    adjusted = "adj_close" in fields or _adjusted_stored(data, symbol, start, day)
    return _DayBars(symbol, day, out, calendar, adjusted, provenance)


def intraday_move(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Largest move of ``symbol`` on ``date`` from the previous close to the day's low/high.

    ``side="low"`` gives ``low / previous close − 1`` ("fell as much as"), ``side="high"``
    ``high / previous close − 1`` (:func:`~bubblelink.analytics.events.value_moved`).
    """
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    side = str(params.get("side", "low"))
    day_bars = _day_bars(data, symbol, day, ("close", "high", "low"))
    bars = day_bars.bars
    moved = value_moved(bars["close"], day, day, high=bars["high"], low=bars["low"])
    value = moved.largest_intraday_fall if side == "low" else moved.largest_intraday_rise
    return Measurement(
        value=value,
        details={
            "base_date": moved.base_date,
            "base_close": moved.base_close,
            "close_to_close_return": moved.close_to_close_return,
        },
        provenance=day_bars.provenance,
        notes=(f"daily {side} against the previous close ({day_bars.prices(('close', side))})",),
        method=f"daily {side} on {day.date()} vs close of {moved.base_date.date()}",
        sample=day_bars.sample(moved.base_date, ("close", side)),
    )


def daily_return(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Close-to-close simple return of ``symbol`` on ``date``."""
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    day_bars = _day_bars(data, symbol, day, ("close",))
    moved = value_moved(day_bars.bars["close"], day, day)
    return Measurement(
        value=moved.close_to_close_return,
        details={
            "base_date": moved.base_date,
            "base_close": moved.base_close,
            "close": moved.end_close,
        },
        provenance=day_bars.provenance,
        method=f"close {moved.base_date.date()} to close {day.date()}",
        sample=day_bars.sample(moved.base_date, ("close",)),
    )


def daily_price(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """One stored field (``low``, ``high``, ``close``) of ``symbol``'s daily bar on ``date``."""
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    name = str(params.get("field", "close"))
    day_bars = _day_bars(data, symbol, day, (name,))
    notes = []
    if symbol.startswith("BTC"):
        notes.append("BTC daily bar = UTC calendar day (00:00-24:00 UTC)")
    return Measurement(
        value=float(day_bars.bars[name].loc[day]),
        details={"date": day},
        provenance=day_bars.provenance,
        notes=tuple(notes),
        method=f"daily {name} on {day.date()}",
        sample=day_bars.sample(None, (name,)),
    )


def daily_range_proxy(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """A daily-bar stand-in for an intraday figure (always labelled a proxy).

    ``figure``: ``close_over_low`` (close / low − 1: the most the close can be above the
    day's low, an upper bound on a rebound that ended at the close), ``high`` (the day's
    high), ``high_over_low`` (high / low − 1).
    """
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    figure = str(params.get("figure", "close_over_low"))
    day_bars = _day_bars(data, symbol, day, ("close", "high", "low"))
    close, high, low = (float(day_bars.bars[f].loc[day]) for f in ("close", "high", "low"))
    values = {"close_over_low": close / low - 1, "high": high, "high_over_low": high / low - 1}
    if figure not in values:
        raise ConfigError(f"daily_range_proxy figure must be one of {', '.join(values)}")
    return Measurement(
        value=values[figure],
        details={"close": close, "high": high, "low": low},
        provenance=day_bars.provenance,
        notes=(
            f"PROXY from the daily bar of {day.date()}: the order of low and high inside "
            "the day is unknown",
        ),
        method=f"daily-bar proxy {figure} on {day.date()}",
        sample=day_bars.sample(None, ("close", "high", "low")),
    )


#: What each ``figure`` of :func:`intraday_rebound` measures (the method line and notes).
INTRADAY_FIGURES: dict[str, str] = {
    "rebound": "low -> the span's last close (close of the session)",
    "rebound_max_close": "low -> the highest close from the low bar on",
    "rebound_high": "low -> the highest high of the bars after the low bar",
    "end_price": "the span's last close (close of the session)",
    "max_close_after_low": "the highest close from the low bar on",
    "high_after_low": "the highest high of the bars after the low bar",
    "drop": "low / reference close - 1",
    "session_return": "last close / reference close - 1",
    "low": "the lowest low in the span",
}


def _bar_size(step: pd.Timedelta) -> str:
    """``1h``, ``30m``, ``1m`` (whole minutes) or the Timedelta as written."""
    minutes = step.total_seconds() / 60
    if minutes >= 1 and minutes.is_integer():
        return f"{int(minutes // 60)}h" if minutes % 60 == 0 else f"{int(minutes)}m"
    return str(step)


def intraday_rebound(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Low and rebound from intraday bars (:func:`~bubblelink.analytics.events.intraday_response`).

    ``bars``: candidate intraday series ids (the first one in the store is used, e.g.
    ``BTC-USDT@binance:1h``, ``NVDA@yahoo:1h``); ``start``/``end``: UTC span, bars whose
    *open* is in ``[start, end)``; ``figure``: a column of the intraday result
    (:data:`INTRADAY_FIGURES`: ``rebound`` = low → close of the span, ``rebound_max_close``
    = low → highest close from the low bar on, ``rebound_high`` = low → highest high of the
    later bars, ``end_price``, ``max_close_after_low``, ``high_after_low``...).

    The sample asks for every bar open of the series' grid (its most common spacing,
    anchored on its stamps) inside ``[start, end)``; coverage is the share present. The
    notes state the bar-resolution caveat: a bar's low/high is the extreme inside the bar,
    and when it came inside the bar is unknown.
    """
    symbol = str(_need(params, "symbol"))
    candidates = [str(c) for c in _need(params, "bars")]
    start, end = utc(_need(params, "start")), utc(_need(params, "end"))
    figure = str(params.get("figure", "rebound"))
    if figure not in INTRADAY_FIGURES:
        raise ConfigError(f"intraday_rebound figure must be one of {', '.join(INTRADAY_FIGURES)}")
    found = next((c for c in candidates if data.has(c)), None)
    if found is None:
        raise NotCheckableError(
            f"no intraday bars for {symbol} in the store (looked for {', '.join(candidates)})",
            needs=str(params.get("needs", f"intraday bars of {symbol} covering {start}..{end}")),
        )
    fields = {}
    frame = pd.DataFrame()
    for name in ("open", "high", "low", "close"):
        try:
            frame = data.prices([found], start=start - pd.Timedelta(days=2), end=end, field=name)
        except DataError:
            continue
        fields[name] = frame[found]
    if "close" not in fields:
        raise NotCheckableError(f"{found} has no close field", needs=f"{found} bars with close")
    bars = pd.DataFrame(fields)
    result = intraday_response({symbol: bars}, start, end, symbols=[symbol])
    if not result.available:
        raise NotCheckableError(
            "; ".join(result.notes), needs=f"{found} bars covering {start}..{end}"
        )
    row = result.rows.loc[symbol]
    stamps = bars["close"].dropna().index
    inside = stamps[(stamps >= start) & (stamps < end)]
    step = pd.Series(stamps).diff().mode().min() if len(stamps) > 1 else pd.NaT
    asked_n: int | None = None
    if isinstance(step, pd.Timedelta) and step > pd.Timedelta(0):
        anchor = stamps[0]
        first_open = anchor + -((anchor - start) // step) * step
        asked_n = max(-((first_open - end) // step), 1)
    size = _bar_size(step) if asked_n else ""
    sample = Sample(
        series=(found,),
        first=inside[0] if len(inside) else None,
        last=inside[-1] if len(inside) else None,
        n=len(inside),
        unit=f"{size} bars" if asked_n else "bars",
        requested=f"bar opens in [{start.isoformat()}, {end.isoformat()})",
        requested_first=start,
        requested_last=end,
        requested_n=asked_n,
        coverage=min(1.0, len(inside) / asked_n) if asked_n else None,
        prices=price_label({found: "close/high/low"}),
    )
    low_time = pd.Timestamp(row["low_time"])
    caveat = (
        f"bar resolution {size or 'unknown'}: a bar's low/high is the extreme inside the bar and when it "
        f"came inside the bar is unknown; the low ({row['low']:,.2f}) is in the bar opening "
        f"{low_time.isoformat()}, so only closes from that bar on and highs of later bars "
        "are known to come after it"
    )
    details_keys = (
        "low", "low_time", "end_price", "rebound", "max_close_after_low", "rebound_max_close",
        "high_after_low", "rebound_high", "drop", "reference_price", "bars",
    )  # fmt: skip
    return Measurement(
        value=float(row[figure]),
        details={k: row[k] for k in details_keys},
        provenance=frame_provenance(frame),
        notes=(*result.notes, caveat),
        method=(
            f"{figure} ({INTRADAY_FIGURES[figure]}) from {found} bars opening in "
            f"[{start.isoformat()}, {end.isoformat()})"
        ),
        sample=sample,
    )


def downside_beta(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Downside beta of ``asset`` on ``market`` (:func:`~bubblelink.analytics.beta.asymmetric_beta`).

    Details carry the upside beta, ``difference`` (down − up) and its two-sided HAC
    p-value ``difference_p``.
    """
    asset, market = str(_need(params, "asset")), str(_need(params, "market"))
    start, end = utc(_need(params, "start")), utc(_need(params, "end"))
    calendar, kind = str(params.get("calendar", "equity")), str(params.get("kind", "log"))
    split = str(params.get("split", "zero"))
    rf = data.returns([asset, market], start=start, end=end, calendar=calendar, kind=kind)
    joint = rf.returns[[asset, market]].dropna()
    require_coverage(joint.index, end, f"{asset}/{market}")
    result = asymmetric_beta(rf.returns[asset], rf.returns[market], split=split)  # type: ignore[arg-type]
    table = result.to_frame()
    asked = f"{start.date()}..{end.date()} ({calendar} calendar)"
    return Measurement(
        value=result.downside_beta,
        details={
            "ci_low": float(table.loc["downside_beta", "ci_low"]),
            "ci_high": float(table.loc["downside_beta", "ci_high"]),
            "downside_std_error": result.downside_std_error,
            "upside_beta": result.upside_beta,
            "upside_std_error": result.upside_std_error,
            "difference": result.difference,
            "difference_p": result.difference_p,
            "n_down": result.n_down,
            "n_up": result.n_up,
            "n": result.n,
            "start": result.start,
            "end": result.end,
        },
        provenance=tuple(rf.provenance),
        notes=tuple(rf.notes),
        method=(
            f"downside beta, {kind} returns, {calendar} calendar, split at {split}, "
            f"{result.start.date()}..{result.end.date()}, Newey-West ({result.hac_lags} lags)"
        ),
        sample=observed_sample(
            joint.index,
            [asset, market],
            start,
            end,
            calendar,
            asked,
            returns_prices(rf.prices, [asset, market]),
        ),
    )


class _LastComputed:
    """The last ``size`` values computed from an object, found by the object's identity
    and a tag (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: list[tuple[object, str, Any]] = []
        self._lock = threading.Lock()

    def get(self, held: object, tag: str = "") -> Any:
        with self._lock:
            for entry, entry_tag, value in self._entries:
                if entry is held and entry_tag == tag:
                    return value
        return None

    def put(self, held: object, value: Any, tag: str = "") -> None:
        with self._lock:
            self._entries.append((held, tag, value))
            del self._entries[: -self.size]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


#: The last few ``btc_vs_liquidity`` results by (loaded data, regressor used): claim 7
#: and its variants ask the same analysis for several figures (13-week and YoY growth,
#: elasticity) and regressors (``auto``, ``global``, ``us``), so each (data, regressor
#: actually used) is computed once: ``auto`` that resolves to US M2 is the ``us``
#: analysis with its own reason (:func:`~bubblelink.analytics.liquidity.with_reason`),
#: and global M2 (what the choice looks at) is built once per data read. The loaded
#: object is kept in the entry and compared by identity (``StoreData.macro`` returns the
#: same object for the same request), so a new store read is never served an old result.
_LIQUIDITY_RESULTS = _LastComputed(4)  # by (loaded data, regressor used)
_LIQUIDITY_INPUTS = _LastComputed(2)  # by loaded data


def _btc_vs_liquidity(loaded: LoadedSeries, choice: str) -> BtcLiquidityResult:
    inputs: LiquidityInputs | None = _LIQUIDITY_INPUTS.get(loaded)
    if inputs is None:
        inputs = liquidity_inputs(loaded)
        _LIQUIDITY_INPUTS.put(loaded, inputs)
    used, reason = liquidity_choice(inputs, choice)
    found: BtcLiquidityResult | None = _LIQUIDITY_RESULTS.get(loaded, used)
    if found is not None:
        return found if found.choice_reason == reason else with_reason(found, reason)
    result = btc_vs_liquidity(loaded, n_boot=100, liquidity=choice, inputs=inputs)
    _LIQUIDITY_RESULTS.put(loaded, result, result.choice)
    return result


def liquidity_relation(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """BTC against M2 (:func:`bubblelink.analytics.liquidity.btc_vs_liquidity`).

    ``require``: ``global`` (global M2 in USD, used only when its coverage is at least
    :data:`~bubblelink.analytics.liquidity.GLOBAL_M2_MIN_COVERAGE`; otherwise not checkable, with
    the missing pieces named), ``available`` (global M2 of the stored components
    whatever its coverage, labelled so: a proxy) or ``any`` (global M2 when its coverage
    suffices, else US M2, labelled). ``liquidity: us`` forces US M2 alone. ``figure``:
    ``growth`` (correlation of log growth over ``horizon``, e.g. ``13w``; default) or
    ``elasticity`` (log-log slope: levels, spurious-prone). The details carry the
    lead-lag scan's best lead and its sub-period stability.
    """
    require = str(params.get("require", "global"))
    figure = str(params.get("figure", "growth"))
    if require not in ("global", "available", "any"):
        raise ConfigError(f"require must be global, available or any, got {require!r}")
    start = utc(params["start"]) if params.get("start") else None
    end = utc(params["end"]) if params.get("end") else None
    choice = str(params.get("liquidity", "global" if require == "available" else "auto"))
    loaded = data.macro(BTC_LIQUIDITY_SERIES, start=start, end=end)
    result = _btc_vs_liquidity(loaded, choice)
    if require == "global" and result.choice != "global":
        gm2 = result.global_m2
        absent = (
            ", ".join(m.removesuffix(" missing") for m in gm2.missing)
            if gm2 is not None
            else "global M2 series"
        )
        why = (
            gm2.coverage_note
            if gm2 is not None and gm2.coverage is None
            else result.choice_reason.removeprefix("global M2 not used: ")
        )
        raise NotCheckableError(
            f"global M2 is not checkable: {why}",
            needs=(
                f"global M2 coverage of at least {GLOBAL_M2_MIN_COVERAGE:.0%} of the seven "
                f"components "
                f"({', '.join(c.name for c in GLOBAL_M2_COMPONENTS)}) through the claim's "
                f"date; missing: {absent}"
            ),
        )
    if figure == "elasticity":
        e = result.elasticity
        value, details = (
            e.elasticity,
            {"ci_low": e.ci_low, "ci_high": e.ci_high, "p_value": e.p_value, "n": e.n},
        )
        method = f"log-log elasticity of weekly BTC to {result.liquidity_label} (levels)"
    else:
        horizon = str(params.get("horizon", "13w"))
        table = result.growth.table
        if horizon not in table.index:
            raise ConfigError(f"horizon {horizon!r} not in {', '.join(map(str, table.index))}")
        row = table.loc[horizon]
        value = float(row["corr"])
        details = {
            "ci_low": float(row["ci_low"]),
            "ci_high": float(row["ci_high"]),
            "n": int(row["n"]),
        }
        method = f"{horizon} log-growth correlation of weekly BTC and {result.liquidity_label}"
    weekly = result.weekly
    inside = weekly.index
    if start is not None:
        inside = inside[inside >= start]
    if end is not None:
        inside = inside[inside <= end]
    asked_first = start if start is not None else weekly.index[0]
    asked_last = end if end is not None else weekly.index[-1]
    sample = observed_sample(
        inside,
        ["BTC-USD", result.liquidity_label],
        asked_first,
        asked_last,
        "weekly",
        f"weeks {asked_first.date()}..{asked_last.date()}",
        requested_n=max(int((asked_last - asked_first).days // 7) + 1, 1),
    )
    sample = replace(sample, unit="weeks")
    used = (
        [c for c in GLOBAL_M2_COMPONENTS if c.name in result.global_m2.components_used]
        if result.choice == "global" and result.global_m2 is not None
        else [GLOBAL_M2_COMPONENTS[0]]
    )
    series_used = ["BTC-USD"] + [
        s for c in used for s in (c.money_series, c.history_series, c.fx_series) if s
    ]
    provenance = [
        {
            "series": series,
            "source": "store",
            "first": weekly.index[0].date().isoformat(),
            "last": weekly.index[-1].date().isoformat(),
            "rows": len(weekly),
            "synthetic": result.synthetic,
        }
        for series in series_used
        if loaded.get(series) is not None
    ]
    lead = result.lead_lag
    stability = result.lead_stability
    gm2 = result.global_m2
    return Measurement(
        value=value,
        details={
            **details,
            "liquidity": result.liquidity_label,
            "liquidity_choice": result.choice_reason,
            "coverage": gm2.coverage if gm2 is not None else None,
            "best_lead_weeks": lead.best_lag,
            "best_lead_corr": lead.best_corr,
            "lead_band": f"{lead.lag_ci_low:.0f}-{lead.lag_ci_high:.0f}",
            "lead_stable": stability.stable if stability is not None else None,
            "claimed_lead_supported": (
                stability.claimed_lead_supported if stability is not None else None
            ),
        },
        provenance=tuple(provenance),
        notes=tuple(result.notes),
        method=method,
        sample=sample,
    )


def series_value(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """A stored value of ``symbol``: on ``date``, or ``reduce`` (min/max/last) over a span.

    With ``date`` the series must have an observation within 4 days before it, else not
    checkable (the message gives the last available date and value). Sample: the one
    observation read (``at``, ``last``), or every observation of the span (``min``,
    ``max``; coverage against the span's days).

    A market-structure concept read from two vendors (``BTC_DOMINANCE_MERGED``,
    ``CRYPTO_TOTAL_MCAP_MERGED``: the data source gives each value's ``sources``) names
    the stored series each figure came from in its sample, and carries the vendors'
    typical disagreement (mean absolute difference on their overlap) as its ``rounding``:
    a figure within it of a tolerance edge is inconclusive, since the claim does not say
    which vendor's definition it uses.
    """
    symbol = str(_need(params, "symbol"))
    reduce = str(params.get("reduce", "at"))
    if reduce not in ("at", "min", "max", "last"):
        raise ConfigError(f"series_value reduce must be at, min, max or last, got {reduce!r}")
    if reduce == "at":
        day = utc(_need(params, "date"))
        frame = data.prices([symbol], start=day - pd.Timedelta(days=4), end=day)
        # a missing date range raises DataError from frames.load: reformulate it
    else:
        frame = data.prices([symbol], start=params.get("start"), end=params.get("end"))
    series = frame[symbol].dropna()
    if reduce in ("min", "max"):
        pick = series.idxmin() if reduce == "min" else series.idxmax()
    else:
        pick = series.index[-1]
    fields = dict(frame.attrs.get("fields", {}) or {})
    prices = price_label({symbol: str(fields.get(symbol, "value"))})
    if reduce in ("min", "max"):
        asked_first = utc(params["start"]) if params.get("start") else series.index[0]
        asked_last = utc(params["end"]) if params.get("end") else series.index[-1]
        calendar = str((frame.attrs.get("calendars", {}) or {}).get(symbol, "24/7"))
        sample = observed_sample(
            series.index,
            [symbol],
            asked_first,
            asked_last,
            calendar,
            f"the {reduce} over {asked_first.date()}..{asked_last.date()}",
            prices,
        )
    else:
        asked = f"the value on {day.date()}" if reduce == "at" else "the latest value"
        sample = Sample(
            series=(symbol,),
            first=pick,
            last=pick,
            n=1,
            unit="observation",
            requested=asked,
            requested_first=day if reduce == "at" else None,
            requested_last=day if reduce == "at" else None,
            requested_n=1 if reduce == "at" else None,
            coverage=1.0 if reduce == "at" else None,
            prices=prices,
        )
    value = float(series.loc[pick])
    rounding, rounding_note = 0.0, ""
    notes: tuple[str, ...] = ()
    sources = (frame.attrs.get("sources", {}) or {}).get(symbol)
    if sources is not None:
        used_dates = [pick] if reduce in ("at", "last") else list(series.index)
        used = list(dict.fromkeys(str(sources.loc[d]) for d in used_dates))
        sample = replace(sample, series=tuple(f"{symbol} ({u})" for u in used))
        concept = frame.attrs["concepts"][symbol]
        rounding = concept.uncertainty(value)
        if rounding > 0:
            rounding_note = "vendor difference, " + concept.overlap.describe(
                "pp" if not concept.relative else ""
            )
        notes = (f"{symbol} on {pick.date()} from {sources.loc[pick]}",)
    return Measurement(
        value=value,
        details={"date": pick},
        provenance=frame_provenance(frame),
        notes=notes,
        rounding=rounding,
        rounding_note=rounding_note,
        method=(
            f"value on {pick.date()}"
            if reduce in ("at", "last")
            else f"{reduce} over {series.index[0].date()}..{series.index[-1].date()} (on {pick.date()})"
        ),
        sample=sample,
    )


def _shares(symbol: str, params: Mapping[str, Any]) -> tuple[float, RecordedFigure | None]:
    """Shares outstanding from the claims file or the fundamentals file (with its record)."""
    if params.get("shares") is not None:
        return float(params["shares"]), None
    key = _need(params, "shares_key")
    recorded = _record(
        key,
        params,
        f"no shares-outstanding figure {key!r} for {symbol} in the fundamentals file",
        f"{symbol} shares outstanding (record {key!r} in the fundamentals file)",
    )
    return recorded.value, recorded


def _record(key: Any, params: Mapping[str, Any], missing: str, needs: str) -> RecordedFigure:
    """The recorded figure ``key`` (fundamentals file), else not checkable."""
    recorded = recorded_figure_lookup(key, params.get("file"))
    if recorded is None:
        raise NotCheckableError(missing, needs=needs)
    return recorded


def market_value_change(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Market value moved by ``symbol`` on ``date``: shares × price change.

    ``shares``: a number, or ``shares_key``: the recorded figure (fundamentals file) of
    shares outstanding, cited with its source, as-of date and rounding. ``at``: ``close``
    (close-to-close) or ``low`` (at the day's low).

    Prices: the stored ``close``/``low``, which are the **raw quotes** when the series
    stores an ``adj_close`` beside them (Yahoo's convention; e.g. the pqbackend
    cross-check files). When only one close is stored the store does not record whether
    the source adjusted it for dividends (the shared Yahoo files are adjusted): the
    result says so and carries a band of :data:`ADJUSTED_LEVEL_BOUND` of the value.

    ``rounding`` (the band a verdict must clear): half the share count's rounding step ×
    the price change, plus that adjustment band when the closes are not known to be raw.
    """
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    at = str(params.get("at", "close"))
    shares, recorded = _shares(symbol, params)
    day_bars = _day_bars(data, symbol, day, ("close", "low"))
    bars = day_bars.bars
    moved = value_moved(bars["close"], day, day, shares_outstanding=shares, low=bars["low"])
    move = moved.close_to_close_return if at == "close" else moved.largest_intraday_fall
    value = moved.value_change if at == "close" else shares * moved.base_close * move
    price_change = abs(moved.base_close * move)
    bands: list[str] = []
    rounding = 0.0
    if recorded is not None and recorded.rounded_to:
        part = recorded.rounded_to / 2 * price_change
        rounding += part
        bands.append(
            f"{shares / 1e9:g} bn shares rounded to {recorded.rounded_to / 1e9:g} bn "
            f"(±{recorded.rounded_to / 2e9:g} bn shares: ±{format_figure(part, 'USD', signed=False)})"
        )
    fields = ("close",) if at == "close" else ("close", "low")
    if not day_bars.adjusted_stored:
        part = ADJUSTED_LEVEL_BOUND * abs(value)
        rounding += part
        bands.append(
            f"{day_bars.prices(fields)}: a dividend-adjusted close can sit up to "
            f"{ADJUSTED_LEVEL_BOUND:.0%} below the quote (±{format_figure(part, 'USD', signed=False)})"
        )
    if recorded is not None:
        shares_note = (
            f"shares outstanding {shares:,.0f} ({recorded.key}, {recorded.period}"
            f"{', as of ' + recorded.as_of if recorded.as_of else ''}) from {recorded.citation()}"
        )
    else:
        shares_note = f"shares outstanding {shares:,.0f} given in the claims file"
    prices_note = f"prices: {day_bars.prices(fields)}" + (
        "" if day_bars.adjusted_stored else " — the market value needs raw quotes"
    )
    return Measurement(
        value=value,
        details={
            "shares": shares,
            "base_close": moved.base_close,
            "market_value_before": moved.market_value_before,
            "return": move,
            "shares_record": recorded.to_dict() if recorded is not None else None,
        },
        provenance=day_bars.provenance,
        notes=(shares_note, prices_note),
        method=f"shares x ({'close' if at == 'close' else 'low'} {day.date()} - close "
        f"{moved.base_date.date()})",
        sample=day_bars.sample(moved.base_date, fields),
        rounding=rounding,
        rounding_note="; ".join(bands),
    )


def recorded_figure(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """A figure recorded in the fundamentals file with its source (not market data).

    ``key``: a record id (or a list of candidate ids) of :mod:`bubblelink.fundamentals`.
    A record whose status is ``narrative`` was taken from the narrative itself: checking
    the narrative against it would be circular, so it is not checkable until a primary
    source is recorded. The measurement's ``details["record"]`` cites the source, its
    date and the retrieval date.
    """
    key = _need(params, "key")
    recorded = _record(
        key,
        params,
        f"no figure {key!r} with a value in the fundamentals file",
        f"a sourced record {key!r} in the fundamentals file",
    )
    if recorded.status == "narrative":
        raise NotCheckableError(
            f"the fundamentals file records {recorded.key} = "
            f"{format_figure(recorded.value, recorded.unit)} only from the narrative itself (status narrative, "
            f"{recorded.source}): checking the claim against it would be circular",
            needs=(
                f"a primary source for {recorded.key} recorded with status verified "
                f"(or unverified) in the fundamentals file"
                + (f"; {recorded.note}" if recorded.note else "")
            ),
        )
    provenance = {
        "series": recorded.key,
        "source": recorded.source,
        "first": recorded.period,
        "last": recorded.period,
        "rows": 1,
        "synthetic": False,
        "status": recorded.status,
        "recorded": recorded.recorded,
        "file": recorded.file,
    }
    return Measurement(
        value=recorded.value,
        details={
            "status": recorded.status,
            "source": recorded.source,
            "unit": recorded.unit,
            "period": recorded.period,
            "url": recorded.url,
            "record": recorded.to_dict(),
            "citation": recorded.citation(),
        },
        provenance=(provenance,),
        notes=(
            f"recorded figure {recorded.key} ({recorded.period}) from {recorded.citation()}: "
            "a figure recorded from a cited source, not computed from market data",
        ),
        method=f"recorded figure {recorded.key} ({recorded.status})",
        sample=Sample(
            series=(recorded.key,),
            first=None,
            last=None,
            n=1,
            unit="recorded figure",
            requested=f"the recorded figure ({recorded.period})",
            prices="",
        ),
    )


#: Name → computation (the ``computation`` field of a claim or variant).
COMPUTATIONS: dict[str, Computation] = {
    "return_correlation": return_correlation,
    "period_return": period_return,
    "intraday_move": intraday_move,
    "daily_return": daily_return,
    "daily_price": daily_price,
    "daily_range_proxy": daily_range_proxy,
    "intraday_rebound": intraday_rebound,
    "downside_beta": downside_beta,
    "liquidity_relation": liquidity_relation,
    "series_value": series_value,
    "market_value_change": market_value_change,
    "recorded_figure": recorded_figure,
}

__all__ = ["ADJUSTED_LEVEL_BOUND", "COMPUTATIONS", "Computation"]
