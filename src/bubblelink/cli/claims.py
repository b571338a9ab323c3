"""``bubblelink claims``: check a narrative's numeric claims, or score its forecasts.

The command loads a claims file, calls :func:`bubblelink.claims.check_claims` (or
:func:`bubblelink.claims.score_forward` with ``--scorecard``) and prints the result. It
formats; it never computes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bubblelink.claims import check_claims, load_claims, score_forward
from bubblelink.claims._computations import COMPUTATIONS
from bubblelink.claims._forward import FORWARD_COMPUTATIONS
from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption
from bubblelink.cli.output import emit
from bubblelink.frames.load import parse_date


def claims_command(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="Claims YAML (default: the shipped December 2025 narrative files)."
        ),
    ] = None,
    asof: AsofOption = None,
    scorecard: Annotated[
        bool,
        typer.Option(
            "--scorecard",
            help="Score the forward-looking claims (supported / contradicted / open).",
        ),
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Reproduce a narrative's numeric claims from data, with method variants and verdicts."""
    as_of = parse_date(asof, "--asof")
    parsed = load_claims(file, computations=COMPUTATIONS, forward_computations=FORWARD_COMPUTATIONS)
    if scorecard:
        card = score_forward(parsed, store=store, as_of=as_of)
        notes = list(card.notes) + [f"{e.id}: {n}" for e in card.entries for n in e.notes]
        title = (
            f"Forward claims scored from {card.published.date() if card.published else '?'} "
            f"to {card.as_of.date() if card.as_of else 'the end of the data'}"
        )
        emit(card, fmt, title=title, notes=notes)
        return
    report = check_claims(parsed, store=store, as_of=as_of)
    notes = list(report.notes) + [f"{c.id} {c.verdict}: {c.statement}" for c in report.claims]
    title = parsed.title or "Claims"
    emit(report, fmt, title=title, notes=notes)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("claims")(claims_command)
