"""CLI commands of the beta, tail-dependence and contagion analytics.

``bubblelink beta A MARKET``, ``bubblelink tails A B`` and ``bubblelink contagion A B``
load returns through :func:`bubblelink.frames.load_returns`, call one analytics
function and print its result. They format; they never compute.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from bubblelink.analytics.beta import PERIODS_PER_YEAR, beta_profile
from bubblelink.analytics.contagion import forbes_rigobon
from bubblelink.analytics.tails import tail_dependence
from bubblelink.cli.options import (
    Calendar,
    CalendarOption,
    EndOption,
    FormatOption,
    OutputFormat,
    StartOption,
    StoreOption,
)
from bubblelink.cli.output import emit
from bubblelink.errors import DataError
from bubblelink.frames import ReturnsFrame, load_returns


class SplitRule(StrEnum):
    """Where downside and upside days are split."""

    zero = "zero"
    mean = "mean"


def _pair_returns(
    asset: str,
    market: str,
    store: Path | None,
    calendar: Calendar,
    start: str | None,
    end: str | None,
) -> tuple[ReturnsFrame, pd.Series, pd.Series]:
    """Log returns of ``asset`` and ``market``, and the two columns."""
    rf = load_returns(
        [asset, market], store=store, calendar=calendar.value, kind="log", start=start, end=end
    )
    a, m = rf.pair(asset, market)
    return rf, a, m


def _window(text: str, option: str) -> tuple[str, str]:
    parts = text.split(":")
    if len(parts) != 2 or not all(parts):
        raise DataError(f"{option} must be START:END (e.g. 2025-10-01:2025-12-31), got {text!r}")
    return parts[0], parts[1]


def _date(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(text)
    except (ValueError, TypeError) as exc:
        raise DataError(f"cannot read {text!r} as a date: use YYYY-MM-DD") from exc


def _levels(values: list[str]) -> list[float]:
    levels: list[float] = []
    for value in values:
        for item in value.replace(",", " ").split():
            try:
                levels.append(float(item))
            except ValueError as exc:
                raise DataError(f"--q takes numbers such as 0.05, got {item!r}") from exc
    return levels


def beta_command(
    asset: Annotated[str, typer.Argument(help="Asset whose beta is measured, e.g. BTC-USD.")],
    market: Annotated[str, typer.Argument(help="Market or basket, e.g. ^IXIC.")],
    split: Annotated[
        SplitRule,
        typer.Option("--split", help="Downside/upside split: market return < 0 or < mean."),
    ] = SplitRule.zero,
    window: Annotated[
        int | None,
        typer.Option("--window", help="Also compute a rolling beta over W observations."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    calendar: CalendarOption = Calendar.equity,
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
    rf, a, m = _pair_returns(asset, market, store, calendar, start, end)
    result = beta_profile(
        a,
        m,
        split=split.value,
        stress_k=stress_k,
        worst_pct=worst_pct,
        window=window,
        kind="log",
        periods_per_year=PERIODS_PER_YEAR[calendar.value],
        notes=rf.notes,
    )
    emit(result, fmt, title=f"Beta of {a.name} on {m.name}", notes=rf.notes)


def tails_command(
    asset: Annotated[str, typer.Argument(help="First series, e.g. BTC-USD.")],
    market: Annotated[str, typer.Argument(help="Conditioning series, e.g. ^IXIC.")],
    q: Annotated[
        list[str] | None,
        typer.Option("--q", help="Tail level(s); repeat or comma-separate: --q 0.05,0.10."),
    ] = None,
    start: StartOption = None,
    end: EndOption = None,
    calendar: CalendarOption = Calendar.equity,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Empirical lower/upper tail dependence of ASSET given MARKET, with bootstrap CIs."""
    levels = _levels(q) if q else [0.05, 0.10]
    rf, a, m = _pair_returns(asset, market, store, calendar, start, end)
    result = tail_dependence(a, m, q=levels, notes=rf.notes)
    emit(result, fmt, title=f"Tail dependence of {a.name} given {m.name}", notes=rf.notes)


def contagion_command(
    asset: Annotated[str, typer.Argument(help="Receiving series, e.g. BTC-USD.")],
    market: Annotated[str, typer.Argument(help="Series where the shock starts, e.g. NVDA.")],
    calm: Annotated[str, typer.Option("--calm", help="Calm window START:END.")],
    stress: Annotated[str, typer.Option("--stress", help="Stress window START:END.")],
    calendar: CalendarOption = Calendar.equity,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Forbes-Rigobon test: did the ASSET-MARKET correlation rise beyond volatility?"""
    calm_window, stress_window = _window(calm, "--calm"), _window(stress, "--stress")
    bounds = sorted([*calm_window, *stress_window], key=_date)
    rf, a, m = _pair_returns(asset, market, store, calendar, bounds[0], bounds[-1])
    result = forbes_rigobon(a, m, calm=calm_window, stress=stress_window, notes=rf.notes)
    emit(result, fmt, title=f"Contagion {m.name} -> {a.name}", notes=list(result.notes))


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("beta")(beta_command)
    app.command("tails")(tails_command)
    app.command("contagion")(contagion_command)
