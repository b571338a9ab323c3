"""``bubblelink scenario``: the two-phase stress scenario. Format only."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption


def scenario_command(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            help="Scenario YAML or shipped name (default: ai_credit_shock).",
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
    phase1_basket_change: Annotated[
        float | None,
        typer.Option(
            "--phase1-basket-change",
            help="Override phase1.basket_change (-0.3).",
            show_default=False,
        ),
    ] = None,
    phase1_sessions: Annotated[
        int | None,
        typer.Option("--phase1-sessions", help="Override phase1.sessions.", show_default=False),
    ] = None,
    phase2_basket_change: Annotated[
        float | None,
        typer.Option(
            "--phase2-basket-change", help="Override phase2.basket_change.", show_default=False
        ),
    ] = None,
    phase2_sessions: Annotated[
        int | None,
        typer.Option("--phase2-sessions", help="Override phase2.sessions.", show_default=False),
    ] = None,
    phase2_net_liquidity_change_bn: Annotated[
        float | None,
        typer.Option(
            "--phase2-net-liquidity-change-bn",
            help="Override phase2.net_liquidity_change_bn ($bn).",
            show_default=False,
        ),
    ] = None,
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Stress test: AI-credit shock, then easing. Distribution of BTC's path and survival odds."""
    from bubblelink.cli.output import emit
    from bubblelink.service.params import ScenarioParams
    from bubblelink.service.scenarios import scenario

    params = ScenarioParams.build(
        scenario=file, paths=paths, seed=seed, phase1_basket_change=phase1_basket_change,
        phase1_sessions=phase1_sessions, phase2_basket_change=phase2_basket_change,
        phase2_sessions=phase2_sessions,
        phase2_net_liquidity_change_bn=phase2_net_liquidity_change_bn, as_of=as_of,
    )  # fmt: skip
    emit(scenario(store, params), fmt)


def register(app: typer.Typer) -> None:
    """Add this module's command to app."""
    app.command("scenario")(scenario_command)
