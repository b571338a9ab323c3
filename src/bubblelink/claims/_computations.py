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
* Returns are fractions (−0.2 = −20%); prices are the stored (adjusted) levels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from bubblelink.analytics.beta import asymmetric_beta
from bubblelink.analytics.correlation import levels_correlation, rolling_correlation
from bubblelink.analytics.events import intraday_response, value_moved
from bubblelink.analytics.liquidity import (
    BTC_LIQUIDITY_SERIES,
    GLOBAL_M2_COMPONENTS,
    btc_vs_liquidity,
)
from bubblelink.analytics.performance import period_performance
from bubblelink.claims._data import ClaimData, NotCheckableError, require_coverage, utc
from bubblelink.claims._measurement import Measurement, frame_provenance
from bubblelink.claims._recorded import recorded_figure_lookup
from bubblelink.claims._spec import format_figure
from bubblelink.errors import ConfigError, DataError
from bubblelink.frames.calendars import align

Computation = Callable[[ClaimData, Mapping[str, Any]], Measurement]


def _need(params: Mapping[str, Any], key: str) -> Any:
    if key not in params or params[key] is None:
        raise ConfigError(f"computation parameter {key!r} is required")
    return params[key]


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
    """
    a, b, end = str(_need(params, "a")), str(_need(params, "b")), utc(_need(params, "end"))
    method = str(params.get("method", "pearson"))
    calendar = str(params.get("calendar", "equity"))
    kind = str(params.get("kind", "log"))
    on = str(params.get("of", "returns"))
    window_days = params.get("window_days")
    window = int(params.get("window", 30))
    span = int(window_days) if window_days else int(window * 1.6)
    scan_from = utc(params["scan_from"]) if params.get("scan_from") else None
    first = scan_from if scan_from is not None else end
    rf = data.returns(
        [a, b], start=first - pd.Timedelta(days=span + 45), end=end, calendar=calendar, kind=kind
    )
    require_coverage(rf.returns[[a, b]].dropna().index, end, f"{a} and {b} returns")
    if window_days:
        joint = rf.returns[[a, b]].dropna()
        window = int(
            ((joint.index > end - pd.Timedelta(days=int(window_days))) & (joint.index <= end)).sum()
        )
    if on == "levels":
        result = levels_correlation(rf.prices[a], rf.prices[b], window, method, kind)  # type: ignore[arg-type]
        at = _scan_pick(result.levels.value, scan_from, end)
        point = result.levels.point(at)
        notes = [result.warning]
        extra = {"returns_value": result.returns.point(at).value}
    elif on == "returns":
        rolling = rolling_correlation(rf.returns[a], rf.returns[b], window, method)  # type: ignore[arg-type]
        point = rolling.point(_scan_pick(rolling.value, scan_from, end))
        notes, extra = list(rolling.notes), {}
    else:
        raise ConfigError(f"computation parameter 'of' must be returns or levels, got {on!r}")
    if scan_from is not None:
        notes.append(
            f"EXPLORATORY: the highest value over windows ending {scan_from.date()}..{end.date()} "
            "(picked after the fact)"
        )
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
    ``all-days`` (aligned to every calendar day first).
    """
    symbol = str(_need(params, "symbol"))
    since, until = utc(_need(params, "since")), utc(_need(params, "until"))
    calendar = str(params.get("calendar", "native"))
    prices = data.prices([symbol], start=since - pd.Timedelta(days=14), end=until)
    require_coverage(prices[symbol].dropna().index, until, f"{symbol} closes")
    frame = align(prices, calendar="all-days").data if calendar == "all-days" else prices
    result = period_performance(frame, since, until, symbols=[symbol])
    asset = result.assets[0]
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
    )


def _day_prices(
    data: ClaimData, symbol: str, day: pd.Timestamp, fields: tuple[str, ...]
) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for name in fields:
        frame = data.prices([symbol], start=day - pd.Timedelta(days=14), end=day, field=name)
        out[name] = frame[symbol].dropna().rename(symbol)
        out[name].attrs["provenance"] = frame_provenance(frame)
    if day not in out[fields[0]].index:
        last = out[fields[0]].index.max()
        raise NotCheckableError(
            f"{symbol} has no daily bar dated {day.date()} (last before it: "
            f"{last.date() if last is not pd.NaT else 'none'})",
            needs=f"{symbol} daily bars through {day.date()}",
        )
    return out


def intraday_move(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Largest move of ``symbol`` on ``date`` from the previous close to the day's low/high.

    ``side="low"`` gives ``low / previous close − 1`` ("fell as much as"), ``side="high"``
    ``high / previous close − 1`` (:func:`~bubblelink.analytics.events.value_moved`).
    """
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    side = str(params.get("side", "low"))
    bars = _day_prices(data, symbol, day, ("close", "high", "low"))
    moved = value_moved(bars["close"], day, day, high=bars["high"], low=bars["low"])
    value = moved.largest_intraday_fall if side == "low" else moved.largest_intraday_rise
    return Measurement(
        value=value,
        details={
            "base_date": moved.base_date,
            "base_close": moved.base_close,
            "close_to_close_return": moved.close_to_close_return,
        },
        provenance=tuple(bars["close"].attrs["provenance"]),
        notes=("daily high/low of the stored (adjusted) bars against the previous close",),
        method=f"daily {side} on {day.date()} vs close of {moved.base_date.date()}",
    )


def daily_return(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Close-to-close simple return of ``symbol`` on ``date``."""
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    bars = _day_prices(data, symbol, day, ("close",))
    moved = value_moved(bars["close"], day, day)
    return Measurement(
        value=moved.close_to_close_return,
        details={
            "base_date": moved.base_date,
            "base_close": moved.base_close,
            "close": moved.end_close,
        },
        provenance=tuple(bars["close"].attrs["provenance"]),
        method=f"close {moved.base_date.date()} to close {day.date()}",
    )


def daily_price(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """One stored field (``low``, ``high``, ``close``) of ``symbol``'s daily bar on ``date``."""
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    name = str(params.get("field", "close"))
    bars = _day_prices(data, symbol, day, (name,))
    notes = []
    if symbol.startswith("BTC"):
        notes.append("BTC daily bar = UTC calendar day (00:00-24:00 UTC)")
    return Measurement(
        value=float(bars[name].loc[day]),
        details={"date": day},
        provenance=tuple(bars[name].attrs["provenance"]),
        notes=tuple(notes),
        method=f"daily {name} on {day.date()}",
    )


def daily_range_proxy(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """A daily-bar stand-in for an intraday figure (always labelled a proxy).

    ``figure``: ``close_over_low`` (close / low − 1: the most the close can be above the
    day's low, an upper bound on a rebound that ended at the close), ``high`` (the day's
    high), ``high_over_low`` (high / low − 1).
    """
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    figure = str(params.get("figure", "close_over_low"))
    bars = _day_prices(data, symbol, day, ("close", "high", "low"))
    close, high, low = (float(bars[f].loc[day]) for f in ("close", "high", "low"))
    values = {"close_over_low": close / low - 1, "high": high, "high_over_low": high / low - 1}
    if figure not in values:
        raise ConfigError(f"daily_range_proxy figure must be one of {', '.join(values)}")
    return Measurement(
        value=values[figure],
        details={"close": close, "high": high, "low": low},
        provenance=tuple(bars["close"].attrs["provenance"]),
        notes=(
            f"PROXY from the daily bar of {day.date()}: the order of low and high inside "
            "the day is unknown",
        ),
        method=f"daily-bar proxy {figure} on {day.date()}",
    )


def intraday_rebound(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Low and rebound from intraday bars (:func:`~bubblelink.analytics.events.intraday_response`).

    ``bars``: candidate intraday series ids (first one in the store is used, e.g.
    ``BTC-USDT@binance:1h``); ``start``/``end``: UTC span; ``figure``: a column of the
    intraday result (``rebound``, ``drop``, ``end_price``, ``session_return``...).
    """
    symbol = str(_need(params, "symbol"))
    candidates = [str(c) for c in _need(params, "bars")]
    start, end = utc(_need(params, "start")), utc(_need(params, "end"))
    figure = str(params.get("figure", "rebound"))
    found = next((c for c in candidates if data.has(c)), None)
    if found is None:
        raise NotCheckableError(
            f"no intraday bars for {symbol} in the store (looked for {', '.join(candidates)})",
            needs=str(params.get("needs", f"intraday bars of {symbol} covering {start}..{end}")),
        )
    fields = {}
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
    return Measurement(
        value=float(row[figure]),
        details={k: row[k] for k in ("low", "low_time", "end_price", "rebound", "drop", "bars")},
        provenance=frame_provenance(frame),
        notes=tuple(result.notes),
        method=f"{figure} from {found} bars, {start} to {end}",
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
    require_coverage(rf.returns[[asset, market]].dropna().index, end, f"{asset}/{market}")
    result = asymmetric_beta(rf.returns[asset], rf.returns[market], split=split)  # type: ignore[arg-type]
    return Measurement(
        value=result.downside_beta,
        details={
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
    )


def liquidity_relation(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """BTC against M2 (:func:`bubblelink.analytics.liquidity.btc_vs_liquidity`).

    ``require``: ``global`` (not checkable unless every global-M2 component is stored) or
    ``any`` (US M2 is accepted, and labelled). ``figure``: ``growth`` (correlation of
    log growth over ``horizon``, e.g. ``13w``; default) or ``elasticity`` (log-log
    slope: levels, spurious-prone).
    """
    require = str(params.get("require", "global"))
    figure = str(params.get("figure", "growth"))
    start = utc(params["start"]) if params.get("start") else None
    end = utc(params["end"]) if params.get("end") else None
    missing = [c.money_series for c in GLOBAL_M2_COMPONENTS if not data.has(c.money_series)]
    missing += [
        c.fx_series for c in GLOBAL_M2_COMPONENTS if c.fx_series and not data.has(c.fx_series)
    ]
    if require == "global" and missing:
        raise NotCheckableError(
            f"global M2 is not checkable: the store has US M2 only (missing {', '.join(missing)})",
            needs=(
                "monthly M2 of the euro area, Japan, China (and the UK) with their USD FX "
                f"rates through the claim's date ({', '.join(missing)})"
            ),
        )
    loaded = data.macro(BTC_LIQUIDITY_SERIES, start=start, end=end)
    result = btc_vs_liquidity(loaded, n_boot=100)
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
    provenance = [
        {
            "series": series,
            "source": source,
            "first": weekly.index[0].date().isoformat(),
            "last": weekly.index[-1].date().isoformat(),
            "rows": len(weekly),
            "synthetic": result.synthetic,
        }
        for series, source in (("BTC-USD", "store"), (result.liquidity_label, "store (FRED)"))
    ]
    return Measurement(
        value=value,
        details={**details, "liquidity": result.liquidity_label},
        provenance=tuple(provenance),
        notes=tuple(result.notes),
        method=method,
    )


def series_value(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """A stored value of ``symbol``: on ``date``, or ``reduce`` (min/max/last) over a span.

    With ``date`` the series must have an observation within 4 days before it, else not
    checkable (the message gives the last available date and value).
    """
    symbol = str(_need(params, "symbol"))
    reduce = str(params.get("reduce", "at"))
    if reduce == "at":
        day = utc(_need(params, "date"))
        frame = data.prices([symbol], start=day - pd.Timedelta(days=4), end=day)
        # a missing date range raises DataError from frames.load: reformulate it
    else:
        frame = data.prices([symbol], start=params.get("start"), end=params.get("end"))
    series = frame[symbol].dropna()
    if reduce == "at":
        pick = series.index[-1]
    elif reduce in ("min", "max"):
        pick = series.idxmin() if reduce == "min" else series.idxmax()
    elif reduce == "last":
        pick = series.index[-1]
    else:
        raise ConfigError(f"series_value reduce must be at, min, max or last, got {reduce!r}")
    return Measurement(
        value=float(series.loc[pick]),
        details={"date": pick},
        provenance=frame_provenance(frame),
        method=(
            f"value on {pick.date()}"
            if reduce in ("at", "last")
            else f"{reduce} over {series.index[0].date()}..{series.index[-1].date()} (on {pick.date()})"
        ),
    )


def market_value_change(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """Market value moved by ``symbol`` on ``date``: shares × price change.

    ``shares``: a number, or ``shares_key``: the recorded figure (fundamentals file) of
    shares outstanding. ``at``: ``close`` (close-to-close) or ``low`` (at the day's low).
    Prices are the stored adjusted levels (a dividend-adjusted level slightly understates
    the value at the time; the note says so).
    """
    symbol, day = str(_need(params, "symbol")), utc(_need(params, "date"))
    at = str(params.get("at", "close"))
    shares = params.get("shares")
    shares_note = "shares given in the claims file"
    if shares is None:
        key = _need(params, "shares_key")
        recorded = recorded_figure_lookup(key, params.get("file"))
        if recorded is None:
            raise NotCheckableError(
                f"no shares-outstanding figure {key!r} for {symbol} in the fundamentals file",
                needs=f"{symbol} shares outstanding (record {key!r} in the fundamentals file)",
            )
        shares = recorded.value
        shares_note = (
            f"shares outstanding {recorded.value:,.0f} from {recorded.source} ({recorded.status})"
        )
    bars = _day_prices(data, symbol, day, ("close", "low"))
    moved = value_moved(bars["close"], day, day, shares_outstanding=float(shares), low=bars["low"])
    if at == "low":
        value = float(shares) * moved.base_close * moved.largest_intraday_fall
    else:
        value = moved.value_change
    return Measurement(
        value=value,
        details={
            "shares": float(shares),
            "base_close": moved.base_close,
            "market_value_before": moved.market_value_before,
            "return": moved.close_to_close_return if at == "close" else moved.largest_intraday_fall,
        },
        provenance=tuple(bars["close"].attrs["provenance"]),
        notes=(shares_note, "prices are dividend-adjusted levels: value slightly understated"),
        method=f"shares x ({'close' if at == 'close' else 'low'} {day.date()} - close "
        f"{moved.base_date.date()})",
    )


def recorded_figure(data: ClaimData, params: Mapping[str, Any]) -> Measurement:
    """A figure recorded in the fundamentals file with its source (not market data).

    ``key``: a record id (or a list of candidate ids) of :mod:`bubblelink.fundamentals`.
    A record whose status is ``narrative`` was taken from the narrative itself: checking
    the narrative against it would be circular, so it is not checkable until a primary
    source is recorded.
    """
    key = _need(params, "key")
    recorded = recorded_figure_lookup(key, params.get("file"))
    if recorded is None:
        raise NotCheckableError(
            f"no figure {key!r} with a value in the fundamentals file",
            needs=f"a sourced record {key!r} in the fundamentals file",
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
        },
        provenance=(provenance,),
        notes=(
            f"recorded figure ({recorded.status}) from {recorded.source}: consistency with a "
            "recorded source, not verification from market data",
        ),
        method=f"recorded figure {recorded.key} ({recorded.status})",
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

__all__ = ["COMPUTATIONS", "Computation"]
