"""``bubblelink scan``: rank a universe by its linkage to BTC (or every pair of it).

Every row goes to ``--out`` (Parquet, the JSON envelope in its metadata); the top
``--top`` rows print as a table, or as JSON/CSV with ``--format``. ``--engine dask`` runs
the blocks on a Dask cluster (``--scheduler tcp://HOST:PORT``, or a local cluster of
``--workers N`` processes) reading a Parquet export of the store (``--source``, made on
the fly for a local cluster). See :mod:`bubblelink.service.scan` for the metrics and
:class:`bubblelink.service.scan.ScanResult` for the JSON keys.
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
    split_values,
)


class Engine(StrEnum):
    """Where the blocks run."""

    local = "local"
    dask = "dask"


def scan(
    universe: Annotated[
        str,
        typer.Option(
            "--universe",
            "-u",
            help="A shipped universe (ai_complex, crypto_majors, liquidity) or a one-column "
            "CSV of symbols (optional 'symbol,weight' header).",
        ),
    ],
    target: Annotated[str, typer.Option(help="The series every asset is compared with.")] = (
        "BTC-USD"
    ),
    window: Annotated[int, typer.Option(help="Observations per rolling window.")] = 60,
    metrics: Annotated[
        list[str] | None,
        typer.Option(
            "--metrics",
            "-m",
            help="corr, beta, downside_beta, tail_dependence, granger (comma-separated). "
            "Default: corr,beta.",
            show_default=False,
        ),
    ] = None,
    pairs: Annotated[
        bool, typer.Option("--pairs", help="Rank every pair of the universe instead.")
    ] = False,
    top: Annotated[int, typer.Option(help="Rows printed (--out gets every row).")] = 20,
    rank_by: Annotated[
        str | None,
        typer.Option(
            "--rank-by",
            help="Column ranked on: largest first (p-values smallest first). Default: the "
            "first metric's first column.",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[Engine, typer.Option(help="local or dask.")] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.", show_default=False),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes of a local Dask cluster (default 2).", show_default=False
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            help="Read this Parquet export (`store export`; folder or fsspec URL) instead of "
            "the store. Needed with --scheduler.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(help="Write every row to this Parquet file.", show_default=False),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Unknown universe symbols are an error.")
    ] = False,
    tail_q: Annotated[float, typer.Option(help="Tail level q of tail_dependence.")] = 0.10,
    n_boot: Annotated[int, typer.Option(help="Bootstrap draws of tail_dependence.")] = 200,
    max_lags: Annotated[int, typer.Option(help="Largest Granger lag order (AIC).")] = 5,
    block_size: Annotated[
        int | None,
        typer.Option(
            help="Assets per block (default: from the measured cost).", show_default=False
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the Dask scheduler.")] = 10.0,
    calendar: CalendarOption = Calendar.equity,
    returns: ReturnsOption = Returns.log,
    as_of: AsofOption = None,
    start: StartOption = None,
    end: EndOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Rank a universe by its linkage to a target (or, with --pairs, every pair of it)."""
    from bubblelink.cli.output import emit
    from bubblelink.cli.progress import progress_bar
    from bubblelink.service.params import ScanParams
    from bubblelink.service.scan import scan as run_scan

    params = ScanParams.build(
        universe=universe, target=target, window=window, metrics=split_values(metrics) or None,
        pairs=pairs, top=top, rank_by=rank_by, engine=engine.value, scheduler=scheduler,
        workers=workers, source=source, out=out, strict=strict, tail_q=tail_q, n_boot=n_boot,
        max_lags=max_lags, block_size=block_size, timeout=timeout, calendar=calendar.value,
        returns=returns.value, as_of=as_of, start=start, end=end,
    )  # fmt: skip
    with progress_bar(eta=True) as progress:
        result = run_scan(store, params, progress)
    emit(result, fmt)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("scan")(scan)
