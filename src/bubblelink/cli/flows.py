"""``bubblelink flows``: spot bitcoin ETF flows (format only)."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption


def flows_command(
    since: Annotated[
        str | None,
        typer.Option("--since", help="First flow date used (YYYY-MM-DD).", show_default=False),
    ] = None,
    worst: Annotated[
        int, typer.Option("--worst", help="How many worst tech (AI basket) sessions to list.")
    ] = 10,
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Spot bitcoin ETF flows (US$ millions): cumulative per fund and total, streaks, flows
    on the worst AI-basket sessions, the 2025-12 stress, and next-day lead-lag with BTC."""
    from bubblelink.cli.output import emit
    from bubblelink.service.flows import flows
    from bubblelink.service.params import FlowsParams

    emit(flows(store, FlowsParams.build(since=since, worst=worst, as_of=as_of)), fmt)


def register(app: typer.Typer) -> None:
    """Add the ``flows`` command."""
    app.command("flows")(flows_command)
