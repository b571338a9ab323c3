"""``bubblelink claims``: check a narrative's numeric claims, or score its forecasts."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption


def claims_command(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            help="Claims YAML or shipped name (default: the shipped December 2025 narrative).",
        ),
    ] = None,
    as_of: AsofOption = None,
    scorecard: Annotated[
        bool,
        typer.Option(
            "--scorecard",
            help="Score the forward-looking claims (supported / contradicted / open / "
            "inconclusive).",
        ),
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Reproduce a narrative's numeric claims from data, with method variants and verdicts."""
    from bubblelink.cli.output import emit
    from bubblelink.service.claims import claims
    from bubblelink.service.params import ClaimsParams

    emit(claims(store, ClaimsParams.build(file=file, as_of=as_of, scorecard=scorecard)), fmt)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("claims")(claims_command)
