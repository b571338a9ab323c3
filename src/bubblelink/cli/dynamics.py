"""CLI commands of the dynamics analytics: ``dcc``, ``spillover``, ``leadlag``.

Each command loads log returns through :func:`bubblelink.frames.load_returns`, runs one
estimator and formats its result; the data layer's notes (alignment rule, synthetic-data
notice) travel into the result and are printed with it.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape

from bubblelink.analytics.dcc import DCC
from bubblelink.analytics.leadlag import lead_lag
from bubblelink.analytics.spillover import RollingSpillover, VARSpillover
from bubblelink.cli.options import (
    Calendar,
    CalendarOption,
    EndOption,
    FormatOption,
    OutputFormat,
    StartOption,
    StoreOption,
)
from bubblelink.cli.output import emit, frame_to_table
from bubblelink.errors import DataError
from bubblelink.frames import load_returns


class MarginDist(StrEnum):
    """GARCH innovation distribution."""

    normal = "normal"
    t = "t"


class Freq(StrEnum):
    """Return frequency for lead-lag."""

    D = "D"
    W = "W"


class Criterion(StrEnum):
    """Information criterion for the lag order."""

    aic = "aic"
    bic = "bic"


class Method(StrEnum):
    """Variance decomposition for the spillover index."""

    generalized = "generalized"
    cholesky = "cholesky"


@dataclasses.dataclass(frozen=True)
class _FrameView:
    """A plain table to print (the last rows of a long result)."""

    frame: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.frame

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - only used for tables
        return {"rows": self.frame.reset_index().to_dict("records")}


def _returns(
    symbols: list[str], store: Any, calendar: Calendar, start: str | None, end: str | None
) -> tuple[pd.DataFrame, list[str]]:
    if len(symbols) < 2:
        raise DataError(f"need at least 2 symbols, got {len(symbols)}: e.g. BTC-USD NVDA")
    rf = load_returns(
        symbols, store=store, calendar=calendar.value, kind="log", start=start, end=end
    )
    return rf.returns, list(rf.notes)


def dcc(
    symbols: Annotated[list[str], typer.Argument(help="Two or more symbols, e.g. BTC-USD NVDA.")],
    start: StartOption = None,
    end: EndOption = None,
    calendar: CalendarOption = Calendar.equity,
    dist: Annotated[
        MarginDist, typer.Option(help="GARCH(1,1) innovations: normal or Student t.")
    ] = MarginDist.normal,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """DCC(1,1)-GARCH(1,1) conditional correlations (Engle 2002) of daily log returns."""
    returns, notes = _returns(symbols, store, calendar, start, end)
    result = DCC(dist=dist.value).fit(returns, notes=notes)
    emit(result, fmt, title="DCC(1,1)-GARCH(1,1) parameters", notes=list(result.notes))
    if fmt is OutputFormat.table:
        Console(soft_wrap=True).print(
            frame_to_table(result.correlation_summary(), title="conditional correlation")
        )


def spillover(
    symbols: Annotated[list[str], typer.Argument(help="Two or more symbols.")],
    lags: Annotated[
        int | None, typer.Option(help="VAR lag order (default: chosen by --ic, max 10).")
    ] = None,
    horizon: Annotated[int, typer.Option(help="Forecast horizon H in steps.")] = 10,
    window: Annotated[
        int | None, typer.Option(help="Rolling window in observations (default: full sample).")
    ] = None,
    step: Annotated[int, typer.Option(help="Rolling step in observations.")] = 1,
    ic: Annotated[Criterion, typer.Option(help="Lag selection criterion.")] = Criterion.aic,
    method: Annotated[
        Method, typer.Option(help="generalized (DY 2012) or cholesky (DY 2009, order dependent).")
    ] = Method.generalized,
    tail: Annotated[int, typer.Option(help="Rolling table: show the last N windows.")] = 20,
    start: StartOption = None,
    end: EndOption = None,
    calendar: CalendarOption = Calendar.equity,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Diebold-Yilmaz spillover index from a VAR with a generalized FEVD."""
    returns, notes = _returns(symbols, store, calendar, start, end)
    if window is None:
        result = VARSpillover(
            lags=lags, horizon=horizon, ic=ic.value, decomposition=method.value
        ).fit(returns, notes=notes)
        title = (
            f"spillover table: VAR({result.lags}), H={horizon}, total {result.total:.2f}% "
            "(row i: % of i's forecast error variance due to column j)"
        )
        emit(result, fmt, title=title, notes=list(result.notes))
        return
    rolling = RollingSpillover(
        window=window,
        step=step,
        lags=lags,
        horizon=horizon,
        ic=ic.value,
        decomposition=method.value,
    ).fit(returns, notes=notes)
    title = f"rolling spillover: window {window}, step {step}, VAR({rolling.lags}), H={horizon}"
    if fmt is OutputFormat.table:
        emit(_FrameView(rolling.to_frame().tail(tail)), fmt, title=title, notes=list(rolling.notes))
    else:
        emit(rolling, fmt, notes=list(rolling.notes))


def leadlag(
    a: Annotated[str, typer.Argument(help="Series A (positive lag: A leads B).")],
    b: Annotated[str, typer.Argument(help="Series B.")],
    max_lag: Annotated[int, typer.Option("--max-lag", help="Largest lag K (in periods).")] = 10,
    freq: Annotated[
        Freq, typer.Option(help="D: daily; W: weekly sums of daily log returns (W-FRI).")
    ] = Freq.D,
    ic: Annotated[Criterion, typer.Option(help="Granger lag order criterion.")] = Criterion.aic,
    start: StartOption = None,
    end: EndOption = None,
    calendar: CalendarOption = Calendar.equity,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-correlations at lags -K..K and Granger causality both ways.

    Lag k > 0 is corr(A[t-k], B[t]): A leads B.
    """
    returns, notes = _returns([a, b], store, calendar, start, end)
    col_a, col_b = returns.columns[:2]
    result = lead_lag(
        returns[col_a], returns[col_b], max_lag, freq=freq.value, ic=ic.value, notes=notes
    )
    if fmt is OutputFormat.table:
        ccf = result.cross_correlation
        emit(
            ccf,
            fmt,
            title=escape(
                f"cross-correlation ({'weekly' if freq is Freq.W else 'daily'}, n={ccf.nobs}); "
                f"{ccf.convention}"
            ),
        )
        emit(
            result.granger,
            fmt,
            title=f"Granger causality, {result.granger.lag_selection}",
            notes=list(result.notes),
        )
    else:
        emit(result, fmt, notes=list(result.notes))


def register(app: typer.Typer) -> None:
    """Add ``dcc``, ``spillover`` and ``leadlag``."""
    app.command("dcc")(dcc)
    app.command("spillover")(spillover)
    app.command("leadlag")(leadlag)
