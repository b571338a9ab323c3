"""CLI command of the two-phase stress scenario.

``bubblelink scenario [--file FILE]`` reads a scenario YAML (the shipped
``ai_credit_shock`` by default), calls :func:`bubblelink.scenarios.run_scenario` and
prints the result. It formats; it never computes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption
from bubblelink.cli.output import emit
from bubblelink.scenarios import run_scenario


def scenario_command(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Scenario YAML (default: the shipped ai_credit_shock).",
            show_default=False,
        ),
    ] = None,
    paths: Annotated[
        int | None,
        typer.Option(
            "--paths", help="Monte Carlo paths (overrides simulation.paths).", show_default=False
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Random seed (overrides simulation.seed).", show_default=False),
    ] = None,
    asof: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Stress test: AI-credit shock, then easing. Distribution of BTC's path and survival odds."""
    result = run_scenario(file, store=store, paths=paths, seed=seed, as_of=asof)
    title = (
        f"Scenario {result.name}: {result.n_paths:,} paths, "
        f"{result.sessions['phase1']} + {result.sessions['phase2']} sessions (BTC start = 1)"
    )
    emit(result, fmt, title=title, notes=result.notes)


def register(app: typer.Typer) -> None:
    """Add this module's command to app."""
    app.command("scenario")(scenario_command)
