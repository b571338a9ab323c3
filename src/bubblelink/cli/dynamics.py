"""``bubblelink dcc``, ``spillover`` and ``leadlag``: format only."""

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
)


class MarginDist(StrEnum):
    """GARCH innovation distribution."""

    normal = "normal"
    t = "t"


class Qbar(StrEnum):
    """DCC correlation target."""

    second_moment = "second_moment"
    sample = "sample"


class VarianceStart(StrEnum):
    """Start of the GARCH variance recursion."""

    backcast = "backcast"
    sample = "sample"


class Freq(StrEnum):
    """Return frequency for lead-lag."""

    D = "D"
    W = "W"


class Criterion(StrEnum):
    """Information criterion for the lag order."""

    aic = "aic"
    bic = "bic"


class Decomposition(StrEnum):
    """Variance decomposition for the spillover index."""

    generalized = "generalized"
    cholesky = "cholesky"


def dcc(
    symbols: Annotated[list[str], typer.Argument(help="Two or more symbols, e.g. BTC-USD NVDA.")],
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    dist: Annotated[
        MarginDist,
        typer.Option(
            help="Innovations: normal, or Student t (t margins; multivariate t with one "
            "shape in the correlation step)."
        ),
    ] = MarginDist.normal,
    qbar: Annotated[
        Qbar,
        typer.Option(
            "--qbar",
            help="Correlation target: second_moment (e'e/T of the standardised residuals) "
            "or sample (their sample correlation).",
        ),
    ] = Qbar.second_moment,
    variance_start: Annotated[
        VarianceStart,
        typer.Option(
            "--variance-start",
            help="GARCH recursion start: backcast (arch's) or sample (sample variance).",
        ),
    ] = VarianceStart.backcast,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """DCC(1,1)-GARCH(1,1) conditional correlations (Engle 2002) of daily returns."""
    from bubblelink.cli.output import emit
    from bubblelink.service.linkage import dcc as run
    from bubblelink.service.params import DccParams

    params = DccParams.build(
        symbols=symbols, start=start, end=end, as_of=as_of, calendar=calendar.value,
        returns=returns.value, dist=dist.value, qbar=qbar.value,
        variance_start=variance_start.value,
    )  # fmt: skip
    emit(run(store, params), fmt)


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
    decomposition: Annotated[
        Decomposition,
        typer.Option(
            "--decomposition",
            "--method",
            help="generalized (DY 2012) or cholesky (DY 2009, order dependent).",
        ),
    ] = Decomposition.generalized,
    tail: Annotated[int, typer.Option(help="Rolling table: show the last N windows.")] = 20,
    start: StartOption = None,
    end: EndOption = None,
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Diebold-Yilmaz spillover index from a VAR with a generalized FEVD."""
    from bubblelink.cli.output import emit
    from bubblelink.service.params import SpilloverParams
    from bubblelink.service.transmission import spillover as run

    params = SpilloverParams.build(
        symbols=symbols, lags=lags, horizon=horizon, window=window, step=step, ic=ic.value,
        decomposition=decomposition.value, start=start, end=end, as_of=as_of,
        calendar=calendar.value, returns=returns.value,
    )  # fmt: skip
    emit(run(store, params), fmt, tail=tail if window is not None else None)


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
    as_of: AsofOption = None,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-correlations at lags -K..K and Granger causality both ways.

    Lag k > 0 is corr(A[t-k], B[t]): A leads B.
    """
    from bubblelink.cli.output import emit
    from bubblelink.service.params import LeadLagParams
    from bubblelink.service.transmission import leadlag as run

    params = LeadLagParams.build(
        a=a, b=b, max_lag=max_lag, freq=freq.value, ic=ic.value, start=start, end=end,
        as_of=as_of, calendar=calendar.value, returns=returns.value,
    )  # fmt: skip
    emit(run(store, params), fmt)


def register(app: typer.Typer) -> None:
    """Add ``dcc``, ``spillover`` and ``leadlag``."""
    app.command("dcc")(dcc)
    app.command("spillover")(spillover)
    app.command("leadlag")(leadlag)
