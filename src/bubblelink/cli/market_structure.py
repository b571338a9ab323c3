"""``bubblelink dominance`` and ``bubblelink valuation``: format only."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption


def dominance_command(
    window: Annotated[
        list[str] | None,
        typer.Option(
            "--window",
            help="Change windows: 1w 1m 3m ytd, Nd/Nw/Nm/Ny or a start date (repeatable; "
            "default 1w,1m,3m,ytd).",
        ),
    ] = None,
    stress_pct: Annotated[
        float,
        typer.Option("--stress-pct", help="Stress days: the worst PCT% of BTC / AI-basket days."),
    ] = 10.0,
    drawdown: Annotated[
        float,
        typer.Option(
            "--drawdown", help="Drawdown days: BTC at least this far below its peak (0.2 = 20%)."
        ),
    ] = 0.2,
    start: Annotated[
        str | None,
        typer.Option("--start", help="First day of the stress-day sample and of the path."),
    ] = None,
    path: Annotated[
        bool, typer.Option("--path/--no-path", help="Include the daily path (JSON only).")
    ] = True,
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """BTC dominance and total crypto market cap (CoinGecko, else CoinMarketCap): latest,
    change over windows with the source of each figure, the vendors' overlap difference,
    and dominance on BTC's and the AI basket's worst days against the other days."""
    from bubblelink.cli.output import emit
    from bubblelink.service.market_structure import dominance
    from bubblelink.service.params import DominanceParams

    params = DominanceParams.build(
        window=window or None,
        stress_pct=stress_pct,
        drawdown=drawdown,
        start=start,
        path=path,
        as_of=as_of,
    )
    emit(dominance(store, params), fmt)


def valuation_command(
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Nonfinancial corporate equities at market value (Z.1) over nominal GDP, as released,
    with its percentile since 1990 (headline) and over the full history."""
    from bubblelink.cli.output import emit
    from bubblelink.service.market_structure import valuation
    from bubblelink.service.params import ValuationParams

    emit(valuation(store, ValuationParams.build(as_of=as_of)), fmt)


def register(app: typer.Typer) -> None:
    """Add the dominance and valuation commands to ``app``."""
    app.command("dominance")(dominance_command)
    app.command("valuation")(valuation_command)
