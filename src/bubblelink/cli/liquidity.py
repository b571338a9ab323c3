"""CLI: ``liquidity``, ``risk``, ``monitor run`` and ``fundamentals show``.

They load through the analytics/risk/monitor/fundamentals packages and print the result
objects; they format, they never compute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bubblelink.analytics.liquidity import liquidity_report
from bubblelink.cli.options import AsofOption, FormatOption, OutputFormat, StoreOption
from bubblelink.cli.output import emit
from bubblelink.fundamentals import load_fundamentals
from bubblelink.monitor import load_rules, parse_period, parse_sink, run_every
from bubblelink.risk import ai_contagion_risk

monitor_app = typer.Typer(help="Alert rules evaluated on stored data.", no_args_is_help=True)
fundamentals_app = typer.Typer(help="AI-boom fundamentals (sourced figures).", no_args_is_help=True)


def liquidity_command(
    asof: AsofOption = None,
    btc: Annotated[bool, typer.Option("--btc/--no-btc", help="Also BTC vs liquidity.")] = True,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Liquidity gauges (M2, global M2 coverage, Fed net liquidity, dollar, OAS, fed funds)
    as known on --asof, and BTC's elasticity, growth correlation, lead-lag, cointegration."""
    report = liquidity_report(store, as_of=asof, with_btc=btc)
    emit(
        report,
        fmt,
        title=f"Liquidity as of {report.snapshot.as_of.date()}",
        notes=list(report.notes),
    )


def risk_command(
    asof: AsofOption = None,
    weights: Annotated[
        Path | None,
        typer.Option("--weights", help="Weights YAML (default: the shipped risk_weights.yaml)."),
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The AI-contagion risk score (0-100): components, percentiles, weights, contributions."""
    result = ai_contagion_risk(store, as_of=asof, weights=weights)
    notes = list(result.notes)
    if result.synthetic and not any("SYNTHETIC" in n for n in notes):
        notes.insert(0, "SYNTHETIC sample data: not market data")
    emit(
        result,
        fmt,
        title=f"AI-contagion risk as of {result.as_of.date()}: {result.score:.1f}",
        notes=notes,
    )
    study = result.forward_drawdown
    if fmt is OutputFormat.table and study is not None:
        emit(
            study,
            fmt,
            title=f"Score vs BTC forward {study.horizon}-session max drawdown",
            notes=[
                study.label,
                f"Spearman {study.spearman:.3f}, Pearson {study.pearson:.3f}, n={study.n}",
            ],
        )


@monitor_app.command("run")
def monitor_run(
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Rules YAML (default: the shipped example).")
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
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Evaluate alert rules; each alert fires once per episode and is delivered to the sink."""
    parsed = load_rules(rules)
    target = parse_sink(sink)
    period = parse_period(every) if every else 0.0
    iterations = max_iterations if every else 1
    err = Console(stderr=True, soft_wrap=True)
    failed = False

    def show(result: object) -> None:
        nonlocal failed
        emit(result, fmt, title="Monitor pass", notes=list(result.notes))  # type: ignore[attr-defined]
        for error in result.errors:  # type: ignore[attr-defined]
            failed = True
            err.print(f"[red]error:[/red] {error}", highlight=False)

    run_every(store, parsed, target, period, max_iterations=iterations, on_result=show)
    if failed:
        raise typer.Exit(1)


@fundamentals_app.command("show")
def fundamentals_show(
    file: Annotated[
        Path | None, typer.Option("--file", help="Fundamentals YAML (default: the shipped file).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Sourced AI-boom figures and derived ratios, with each figure's status and source."""
    result = load_fundamentals(file)
    emit(
        result, fmt, title=f"AI-boom fundamentals ({result.source_file})", notes=list(result.notes)
    )


def register(app: typer.Typer) -> None:
    """Add the liquidity, risk, monitor and fundamentals commands to ``app``."""
    app.command("liquidity")(liquidity_command)
    app.command("risk")(risk_command)
    app.add_typer(monitor_app, name="monitor")
    app.add_typer(fundamentals_app, name="fundamentals")
