"""``bubblelink scenario``: the two-phase stress scenario. Format only.

``bubblelink scenario list`` lists the shipped scenarios; ``bubblelink scenario run
FILE|NAME [--engine factor|fhs|analogue|all] [--paths N] [--seed S] [--asof D]
[--below 70000 60000]`` runs one on the chosen engines. ``bubblelink scenario [--file
FILE] ...`` (no subcommand) is the first-generation single-engine run, kept as it was.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption


def scenario_command(
    ctx: typer.Context,
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
    """Stress test: AI-credit shock, then easing. Distribution of BTC's path and survival odds.

    Subcommands: list (shipped scenarios), run (engines side by side, prices, VaR/ES).
    """
    if ctx.invoked_subcommand is not None:
        return
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


def list_command(
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The shipped scenarios: name, title, phases and shocks."""
    from bubblelink.cli.output import emit
    from bubblelink.service.scenarios import scenario_list

    emit(scenario_list(), fmt)


def run_command(
    scenario: Annotated[
        str, typer.Argument(help="Scenario YAML file or shipped name (bubblelink scenario list).")
    ],
    more_below: Annotated[
        list[str] | None,
        typer.Argument(help="More --below prices (--below 70000 60000).", show_default=False),
    ] = None,
    engine: Annotated[
        str,
        typer.Option("--engine", help="Engine: factor, fhs, analogue or all (side by side)."),
    ] = "factor",
    paths: Annotated[
        int | None,
        typer.Option(
            "--paths",
            help="Monte Carlo paths (overrides simulation.paths; at most 1,000,000).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Random seed (overrides simulation.seed).", show_default=False),
    ] = None,
    below: Annotated[
        list[str] | None,
        typer.Option(
            "--below",
            help="BTC prices in USD: P(below) at any time and at the end (--below 70000 60000).",
            show_default=False,
        ),
    ] = None,
    as_of: AsofOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run a scenario on one engine or all: price fan, P(below), VaR/ES, engine comparison."""
    from bubblelink.cli.output import emit
    from bubblelink.errors import DataError
    from bubblelink.service.params import ScenarioRunParams
    from bubblelink.service.scenarios import scenario_run

    if more_below and not below:
        raise DataError(
            f"unexpected argument {more_below[0]!r} after the scenario: prices go after --below"
        )
    params = ScenarioRunParams.build(
        scenario=scenario, engine=engine, paths=paths, seed=seed,
        below=[*(below or []), *(more_below or [])] or None, as_of=as_of,
    )  # fmt: skip
    emit(scenario_run(store, params), fmt)


def register(app: typer.Typer) -> None:
    """Add this module's command group to app (``scenario``, ``scenario list|run``)."""
    group = typer.Typer(
        help="Stress scenarios: list, run (engines side by side), or the first-generation run.",
        invoke_without_command=True,
        no_args_is_help=False,
    )
    group.callback(invoke_without_command=True)(scenario_command)
    group.command("list")(list_command)
    group.command("run")(run_command)
    app.add_typer(group, name="scenario")
