"""``bubblelink beta A MARKET``, ``tails A B`` and ``contagion A B``: format only."""

from __future__ import annotations

from enum import StrEnum
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


class SplitRule(StrEnum):
    """Where downside and upside days are split."""

    zero = "zero"
    mean = "mean"


class ZeroDaysRule(StrEnum):
    """Where market days exactly at the split go."""

    exclude = "exclude"
    up = "up"
    down = "down"


def beta_command(
    asset: Annotated[str, typer.Argument(help="Asset whose beta is measured, e.g. BTC-USD.")],
    market: Annotated[str, typer.Argument(help="Market or basket, e.g. ^IXIC or AI_BASKET.")],
    split: Annotated[
        SplitRule,
        typer.Option("--split", help="Downside/upside split: market return < 0 or < mean."),
    ] = SplitRule.zero,
    zero_days: Annotated[
        ZeroDaysRule,
        typer.Option(
            "--zero-days",
            help="Market days exactly at the split (zero-return days): exclude (empyrical), "
            "or count them as up or down days.",
        ),
    ] = ZeroDaysRule.exclude,
    window: Annotated[
        int | None,
        typer.Option("--window", help="Also compute a rolling beta over W observations."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    stress_k: Annotated[
        float,
        typer.Option("--stress-k", help="Stress days: market return < -k x full-sample sigma."),
    ] = 1.5,
    worst_pct: Annotated[
        float, typer.Option("--worst-pct", help="Percent of worst market days for 'falls harder'.")
    ] = 10.0,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Beta of ASSET on MARKET: OLS/HAC, downside vs upside, capture, stress days, falls-harder."""
    from bubblelink.cli.output import emit
    from bubblelink.service.linkage import beta
    from bubblelink.service.params import BetaParams

    params = BetaParams.build(
        asset=asset, market=market, split=split.value, zero_days=zero_days.value,
        window=window, start=start, end=end, as_of=as_of, calendar=calendar.value,
        returns=returns.value, stress_k=stress_k, worst_pct=worst_pct,
    )  # fmt: skip
    emit(beta(store, params), fmt)


def tails_command(
    asset: Annotated[str, typer.Argument(help="First series, e.g. BTC-USD.")],
    market: Annotated[str, typer.Argument(help="Conditioning series, e.g. ^IXIC.")],
    q: Annotated[
        list[str] | None,
        typer.Option("--q", help="Tail level(s); repeat or comma-separate: --q 0.05,0.10."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Empirical lower/upper tail dependence of ASSET given MARKET, with bootstrap CIs."""
    from bubblelink.cli.output import emit
    from bubblelink.service.linkage import tails
    from bubblelink.service.params import TailsParams

    params = TailsParams.build(
        asset=asset, market=market, q=split_values(q) or None, start=start, end=end, as_of=as_of,
        calendar=calendar.value, returns=returns.value,
    )  # fmt: skip
    emit(tails(store, params), fmt)


def contagion_command(
    asset: Annotated[str, typer.Argument(help="Receiving series, e.g. BTC-USD.")],
    market: Annotated[str, typer.Argument(help="Series where the shock starts, e.g. NVDA.")],
    calm: Annotated[str, typer.Option("--calm", help="Calm window START:END.")],
    stress: Annotated[str, typer.Option("--stress", help="Stress window START:END.")],
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Forbes-Rigobon test: did the ASSET-MARKET correlation rise beyond volatility?"""
    from bubblelink.cli.output import emit
    from bubblelink.service.linkage import contagion
    from bubblelink.service.params import ContagionParams

    params = ContagionParams.build(
        asset=asset, market=market, calm=calm, stress=stress, as_of=as_of,
        calendar=calendar.value, returns=returns.value,
    )  # fmt: skip
    emit(contagion(store, params), fmt)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("beta")(beta_command)
    app.command("tails")(tails_command)
    app.command("contagion")(contagion_command)
