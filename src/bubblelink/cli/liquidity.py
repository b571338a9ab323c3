"""``bubblelink liquidity``, ``risk``, ``monitor run`` and ``fundamentals show``: format only."""

from __future__ import annotations

from typing import Annotated

import typer

from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption, WaitOption

monitor_app = typer.Typer(help="Alert rules evaluated on stored data.", no_args_is_help=True)
fundamentals_app = typer.Typer(help="AI-boom fundamentals (sourced figures).", no_args_is_help=True)


def liquidity_command(
    as_of: AsofOption = None,
    btc: Annotated[bool, typer.Option("--btc/--no-btc", help="Also BTC vs liquidity.")] = True,
    global_m2: Annotated[
        bool,
        typer.Option(
            "--global",
            help="Instead: global M2 in USD by component (FX month average, release "
            "dates, missing pieces, coverage, total).",
        ),
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Liquidity gauges (M2, global M2 coverage, Fed net liquidity, dollar, OAS, fed funds)
    as known on --asof, and BTC's elasticity, growth correlation, lead-lag, cointegration;
    with --global, global M2 in USD component by component."""
    from bubblelink.cli.output import emit
    from bubblelink.service.liquidity import liquidity
    from bubblelink.service.params import LiquidityParams

    emit(liquidity(store, LiquidityParams.build(as_of=as_of, btc=btc, global_m2=global_m2)), fmt)


def risk_command(
    as_of: AsofOption = None,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights", help="Weights YAML or shipped name (default: risk_weights.yaml)."
        ),
    ] = None,
    skill: Annotated[
        bool,
        typer.Option(
            "--skill/--no-skill",
            help="Out-of-sample skill vs BTC volatility and the base rate (AUC, Brier).",
        ),
    ] = True,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The AI-contagion risk score (0-100): components, percentiles, weights, contributions,
    how many components it rests on, and its out-of-sample skill."""
    from bubblelink.cli.output import emit
    from bubblelink.service.params import RiskParams
    from bubblelink.service.risk import risk

    emit(risk(store, RiskParams.build(as_of=as_of, weights=weights, skill=skill)), fmt)


@monitor_app.command("run")
def monitor_run(
    rules: Annotated[
        str | None,
        typer.Option("--rules", help="Rules YAML or shipped name (default: monitor_rules.yaml)."),
    ] = None,
    every: Annotated[
        str | None, typer.Option("--every", help="Run on a schedule, e.g. 1d, 6h, 15m.")
    ] = None,
    sink: Annotated[
        str, typer.Option("--sink", help="stdout, jsonl:PATH or webhook:URL.")
    ] = "stdout",
    max_iterations: Annotated[
        int | None, typer.Option("--max-iterations", help="Stop after N passes (with --every).")
    ] = None,
    store: StoreOption = None,
    wait: WaitOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Evaluate alert rules; each alert fires once per episode and is delivered to the sink."""
    from bubblelink.cli.output import emit, stderr_console
    from bubblelink.service.risk import monitor_run as run

    err = stderr_console()
    failed = False

    def show(result: object) -> None:
        nonlocal failed
        emit(result, fmt)  # type: ignore[arg-type]
        for error in result.result.errors:  # type: ignore[attr-defined]
            failed = True
            err.print(f"[red]error:[/red] {error}", highlight=False)

    run(store, rules, sink, every, max_iterations, on_result=show, wait=wait)
    if failed:
        raise typer.Exit(1)


@fundamentals_app.command("show")
def fundamentals_show(
    file: Annotated[
        str | None,
        typer.Option("--file", help="Fundamentals YAML or shipped name (default: shipped)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Sourced AI-boom figures and derived ratios, with each figure's status and source."""
    from bubblelink.cli.output import emit
    from bubblelink.service.claims import fundamentals

    emit(fundamentals(file), fmt)


def register(app: typer.Typer) -> None:
    """Add the liquidity, risk, monitor and fundamentals commands to ``app``."""
    app.command("liquidity")(liquidity_command)
    app.command("risk")(risk_command)
    app.add_typer(monitor_app, name="monitor")
    app.add_typer(fundamentals_app, name="fundamentals")
