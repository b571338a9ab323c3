"""``bubblelink event``, ``perf``, ``drawdowns`` and ``regimes``: format only."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bubblelink.cli.options import (
    AsofOption,
    Calendar,
    CalendarOption,
    EndOption,
    FormatOption,
    OutputFormat,
    Returns,
    ReturnsOption,
    StartOption,
    StoreOption,
    split_values,
)


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
    value_moved: Annotated[
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
    as_of: AsofOption = None,
    returns: ReturnsOption = Returns.log,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Abnormal response of TARGETS to an event of SYMBOL (market model, MacKinlay 1997)."""
    from bubblelink.cli.output import emit
    from bubblelink.service.events import event
    from bubblelink.service.params import EventParams

    params = EventParams.build(
        symbol=symbol, date=date, targets=split_values([*(targets or []), *(more or [])]) or None,
        market=market, window=window, estimation=estimation, gap=gap, as_of=as_of,
        returns=returns.value, value_moved=value_moved or shares is not None,
    )  # fmt: skip
    emit(event(store, params, events_file=events_file, shares_file=shares), fmt)


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
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Total return, max drawdown, volatility and beta of each asset over a period."""
    from bubblelink.cli.output import emit
    from bubblelink.service.events import performance
    from bubblelink.service.params import PerfParams

    params = PerfParams.build(
        symbols=split_values(symbols), since=since, until=until, benchmark=benchmark, as_of=as_of
    )
    emit(performance(store, params), fmt)


def drawdowns_command(
    symbols: Annotated[list[str], typer.Argument(help="Assets, e.g. BTC-USD ^IXIC.")],
    top: Annotated[int, typer.Option("--top", help="Deepest episodes per asset.")] = 5,
    min_depth: Annotated[
        float, typer.Option("--min-depth", help="Drop episodes shallower than this (0.1 = 10%).")
    ] = 0.0,
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Drawdown episodes (peak, trough, recovery, depth, duration) of each asset."""
    from bubblelink.cli.output import emit
    from bubblelink.service.events import drawdowns
    from bubblelink.service.params import DrawdownsParams

    params = DrawdownsParams.build(
        symbols=split_values(symbols), top=top, min_depth=min_depth, start=start, end=end,
        as_of=as_of,
    )  # fmt: skip
    emit(drawdowns(store, params), fmt)


class Switching(StrEnum):
    """Whether a regime-model parameter switches with the regime."""

    switching = "switching"
    constant = "constant"


def regimes_command(
    symbol: Annotated[str, typer.Argument(help="Series to model, e.g. BTC-USD.")],
    states: Annotated[int, typer.Option("--states", help="Number of regimes (2 or 3).")] = 2,
    mean: Annotated[
        Switching, typer.Option("--mean", help="Mean: switching with the regime, or constant.")
    ] = Switching.switching,
    variance: Annotated[
        Switching,
        typer.Option("--variance", help="Variance: switching with the regime, or constant."),
    ] = Switching.switching,
    order: Annotated[
        int,
        typer.Option(
            "--order", help="AR order p, 0-4 (Hamilton 1989: AR terms the same in every regime)."
        ),
    ] = 0,
    versus: Annotated[
        list[str] | None,
        typer.Option("--versus", help="Correlation/beta by regime against these (default ^IXIC)."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the start-value search.")] = 0,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Markov-switching regimes (mean/variance, optional AR), smoothed probabilities, by regime."""
    from bubblelink.cli.output import emit
    from bubblelink.service.linkage import regimes
    from bubblelink.service.params import RegimesParams

    params = RegimesParams.build(
        symbol=symbol, states=states, mean=mean.value, variance=variance.value, order=order,
        versus=split_values(versus) or None, start=start, end=end, as_of=as_of,
        calendar=calendar.value, returns=returns.value, seed=seed,
    )  # fmt: skip
    emit(regimes(store, params), fmt)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("event")(event_command)
    app.command("perf")(perf_command)
    app.command("drawdowns")(drawdowns_command)
    app.command("regimes")(regimes_command)
