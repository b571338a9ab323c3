"""CLI commands of the events, performance and regime analytics.

``bubblelink event``, ``perf``, ``drawdowns`` and ``regimes`` load data through
:mod:`bubblelink.frames`, call one analytics function and print its result with
:func:`bubblelink.cli.output.emit`. They format; they never compute.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from bubblelink.analytics.events import (
    Event,
    cross_asset_event_study,
    day_zero_position,
    equity_bar_close,
    event_data_range,
    load_events,
    load_shares_outstanding,
    parse_window,
    value_moved,
)
from bubblelink.analytics.performance import drawdown_tables, period_performance
from bubblelink.analytics.regimes import MarkovRegimes
from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption
from bubblelink.cli.output import emit
from bubblelink.errors import DataError
from bubblelink.frames import frame_notes, load, load_returns, parse_utc_date

DEFAULT_TARGETS = ("BTC-USD", "NVDA", "AMD", "^IXIC")


def _with_notes(result: Any, notes: list[str]) -> Any:
    """Attach the data notes (alignment, SYNTHETIC) to the result so JSON carries them."""
    return dataclasses.replace(result, notes=tuple(dict.fromkeys([*notes, *result.notes])))


def _frame_notes(frame: pd.DataFrame) -> list[str]:
    leading, trailing = frame_notes(frame)
    return [*leading, *trailing]


def event_command(
    symbol: Annotated[str, typer.Argument(help="Asset the event belongs to, e.g. ORCL.")],
    date: Annotated[
        str,
        typer.Option("--date", help="Reaction (or announcement) date of the event, YYYY-MM-DD."),
    ],
    more: Annotated[
        list[str] | None,
        typer.Argument(
            help="More targets: every symbol after --targets is a target.", show_default=False
        ),
    ] = None,
    targets: Annotated[
        list[str] | None,
        typer.Option(
            "--targets",
            help="Assets whose response is measured: --targets BTC-USD "
            "NVDA AMD ^IXIC (default: those four).",
        ),
    ] = None,
    market: Annotated[str, typer.Option("--market", help="Market of the market model.")] = "^IXIC",
    window: Annotated[
        str, typer.Option("--window", help="Event window START:END in sessions, e.g. -1:1.")
    ] = "-1:1",
    estimation: Annotated[
        int, typer.Option("--estimation", help="Estimation window length (sessions).")
    ] = 120,
    gap: Annotated[
        int, typer.Option("--gap", help="Estimation window ends this many sessions before day 0.")
    ] = 10,
    events_file: Annotated[
        Path | None,
        typer.Option(
            "--events",
            help="Events YAML (default: the shipped file plus $BUBBLELINK_HOME/events.yaml).",
        ),
    ] = None,
    value_moved_flag: Annotated[
        bool,
        typer.Option(
            "--value-moved",
            help="Also report SYMBOL's largest intraday move and, with --shares, the market "
            "value gained or lost over the window.",
        ),
    ] = False,
    shares: Annotated[
        Path | None,
        typer.Option(
            "--shares",
            help="Shares-outstanding file (CSV symbol,date,shares_outstanding or YAML).",
        ),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Abnormal response of TARGETS to an event of SYMBOL (market model, MacKinlay 1997)."""
    bounds = parse_window(window)
    day = parse_utc_date(date, "--date")
    event = load_events(events_file).find(symbol, day) or Event.ad_hoc(symbol, day)
    wanted = _split([*(targets or []), *(more or [])]) or list(DEFAULT_TARGETS)
    symbols = list(dict.fromkeys([*wanted, market]))
    start, end = event_data_range(day, bounds, estimation, gap)
    rf = load_returns(symbols, store=store, calendar="equity", kind="log", start=start, end=end)
    bar_close, bar_notes = equity_bar_close(rf.prices.attrs.get("calendars", {}) or {})
    result = cross_asset_event_study(
        rf.returns, event, wanted, market=market, window=bounds, estimation=estimation, gap=gap,
        bar_close=bar_close,
    )  # fmt: skip
    result = _with_notes(result, [*rf.notes, *bar_notes])
    if not (value_moved_flag or shares):
        emit(result, fmt, title=result.summary().splitlines()[0], notes=list(result.notes))
        return
    moved = _value_moved(event, bounds, start, end, shares, store)
    if fmt is OutputFormat.table:
        emit(result, fmt, title=result.summary().splitlines()[0], notes=list(result.notes))
        emit(moved, fmt, title=f"value moved: {event.symbol}", notes=list(moved.notes))
    else:
        emit(_EventWithValue(result, moved), fmt)


@dataclasses.dataclass(frozen=True)
class _EventWithValue:
    """The event study and the owner's value moved, as one JSON/CSV document."""

    study: Any
    moved: Any

    def to_frame(self) -> pd.DataFrame:
        return self.study.to_frame()

    def to_dict(self) -> dict[str, Any]:
        return {**self.study.to_dict(), "value_moved": self.moved.to_dict()}


def _value_moved(
    event: Event,
    bounds: tuple[int, int],
    start: pd.Timestamp,
    end: pd.Timestamp,
    shares: Path | None,
    store: Path | None,
) -> Any:
    """``value_moved`` of the event's own asset over the event window (raw stored levels)."""
    closes = load([event.symbol], start=start, end=end, field="close", store=store)
    close = closes[event.symbol].dropna()
    fields = {}
    for name in ("high", "low"):
        try:
            fields[name] = load([event.symbol], start=start, end=end, field=name, store=store)[
                event.symbol
            ]
        except DataError:
            fields[name] = None  # no high/low stored: the result says so
    day0 = day_zero_position(close.index, event, "session", event.symbol)
    lo, hi = bounds
    first, last = max(day0 + lo, 1), min(day0 + hi, len(close) - 1)
    counts = load_shares_outstanding(shares).get(event.symbol) if shares else None
    if shares and counts is None:
        raise DataError(f"{shares} has no shares_outstanding rows for {event.symbol}")
    moved = value_moved(
        close, close.index[first], close.index[last], counts, fields["high"], fields["low"]
    )
    notes = [
        *_frame_notes(closes),
        "uses the stored 'close' field: Yahoo ingests keep raw closes there, but files of "
        "adjusted prices (e.g. auto_adjust=True exports) make the dollar figures approximate",
    ]
    return dataclasses.replace(moved, notes=(*notes, *moved.notes))


def perf_command(
    symbols: Annotated[list[str], typer.Argument(help="Assets side by side, e.g. BTC-USD ^IXIC.")],
    since: Annotated[str, typer.Option("--since", help="From the last close on or before.")],
    until: Annotated[
        str | None, typer.Option("--until", help="To the last close on or before (default: last).")
    ] = None,
    benchmark: Annotated[
        str | None,
        typer.Option("--benchmark", help="Beta/relative benchmark (default ^IXIC if listed)."),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Total return, max drawdown, volatility and beta of each asset over a period."""
    start = parse_utc_date(since, "--since") - pd.Timedelta(days=14)
    end = parse_utc_date(until, "--until") if until else None
    names = list(dict.fromkeys([*symbols, *([benchmark] if benchmark else [])]))
    prices = load(names, start=start, end=end, store=store)
    result = period_performance(
        prices, since, until, symbols=list(dict.fromkeys(symbols)), benchmark=benchmark
    )
    result = _with_notes(result, _frame_notes(prices))
    emit(result, fmt, notes=list(result.notes))


def drawdowns_command(
    symbols: Annotated[list[str], typer.Argument(help="Assets, e.g. BTC-USD ^IXIC.")],
    top: Annotated[int, typer.Option("--top", help="Deepest episodes per asset.")] = 5,
    min_depth: Annotated[
        float, typer.Option("--min-depth", help="Drop episodes shallower than this (0.1 = 10%).")
    ] = 0.0,
    start: Annotated[str | None, typer.Option("--start", help="First date.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last date.")] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Drawdown episodes (peak, trough, recovery, depth, duration) of each asset."""
    prices = load(list(dict.fromkeys(symbols)), start=start, end=end, store=store)
    result = drawdown_tables(prices, top=top, min_depth=min_depth)
    emit(result, fmt, notes=_frame_notes(prices))


def regimes_command(
    symbol: Annotated[str, typer.Argument(help="Series to model, e.g. BTC-USD.")],
    states: Annotated[int, typer.Option("--states", help="Number of regimes (2 or 3).")] = 2,
    versus: Annotated[
        list[str] | None,
        typer.Option("--versus", help="Correlation/beta by regime against these (default ^IXIC)."),
    ] = None,
    start: Annotated[str | None, typer.Option("--start", help="First date.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last date.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the start-value search.")] = 0,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Markov-switching mean/variance regimes, smoothed probabilities, correlation by regime."""
    others = [s for s in (_split(versus) or ["^IXIC"]) if s != symbol]
    rf = load_returns(
        [symbol, *others], store=store, calendar="equity", kind="log", start=start, end=end
    )
    result = MarkovRegimes(k_regimes=states, seed=seed).fit(
        rf.returns[symbol], rf.returns[others] if others else None
    )
    result = _with_notes(result, list(rf.notes))
    emit(result, fmt, notes=list(result.notes))


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(item for item in value.replace(",", " ").split() if item)
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("event")(event_command)
    app.command("perf")(perf_command)
    app.command("drawdowns")(drawdowns_command)
    app.command("regimes")(regimes_command)
