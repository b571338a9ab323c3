"""``bubblelink corr A B``: correlation with a 95% interval (returns by default).

JSON keys (stable, see :class:`bubblelink.service.linkage.CorrelationReport`): the
envelope (``as_of`` = the last session of the window, ``synthetic``, ``provenance``,
``notes``), then ``a``, ``b``, ``method``, ``window`` (null for EWMA, which adds
``lambda`` and ``n_effective``), ``on``, ``calendar``, ``returns``, ``value``,
``ci_low``, ``ci_high``, ``n``; with ``--series`` a list ``series`` of
``{date, value, ci_low, ci_high}``; with ``--on levels`` also ``returns_value`` and
``warning``.
"""

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


class CorrMethod(StrEnum):
    """Correlation estimator."""

    pearson = "pearson"
    spearman = "spearman"
    kendall = "kendall"
    ewma = "ewma"


class On(StrEnum):
    """What is correlated."""

    returns = "returns"
    levels = "levels"


def corr(
    a: Annotated[str, typer.Argument(help="First symbol, e.g. BTC-USD (or AI_BASKET).")],
    b: Annotated[str, typer.Argument(help="Second symbol, e.g. NVDA.")],
    window: Annotated[int, typer.Option(help="Observations per window (sessions).")] = 30,
    method: Annotated[
        CorrMethod, typer.Option(help="pearson, spearman, kendall or ewma (RiskMetrics).")
    ] = CorrMethod.pearson,
    on: Annotated[
        On, typer.Option(help="returns (default) or levels (spurious-prone; shows both).")
    ] = On.returns,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    as_of: AsofOption = None,
    start: StartOption = None,
    end: EndOption = None,
    series: Annotated[bool, typer.Option("--series", help="Print the whole series.")] = False,
    lam: Annotated[float, typer.Option("--lambda", help="EWMA decay λ.")] = 0.94,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Correlation of A and B with a 95% confidence interval (returns by default)."""
    from bubblelink.cli.output import emit
    from bubblelink.service.linkage import correlation
    from bubblelink.service.params import CorrParams

    params = CorrParams.build(
        a=a, b=b, window=window, method=method.value, on=on.value, calendar=calendar.value,
        returns=returns.value, as_of=as_of, start=start, end=end, series=series, lam=lam,
    )  # fmt: skip
    emit(correlation(store, params), fmt)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("corr")(corr)
