"""``bubblelink demo``: the main job of ``make demo``.

Ingests the default universe live when the network is reachable (BTC-USD, NVDA, ORCL,
AMD, ^IXIC from Yahoo; the FRED macro series), falls back to the SYNTHETIC sample market
with a one-line notice when it is not, prints the linkage summary, and ends by writing
the HTML report and printing its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bubblelink.cli.options import FormatOption, OutputFormat, StoreOption


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command."""

    @app.command("demo")
    def demo(
        offline: Annotated[
            bool, typer.Option(help="Skip the network and use the synthetic sample market.")
        ] = False,
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Report file (default: $BUBBLELINK_HOME/report.html)."),
        ] = None,
        store: StoreOption = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        """Ingest the default universe (live, or the sample market offline), summarise,
        and write the HTML report."""
        from bubblelink.cli.output import emit, stderr_console
        from bubblelink.cli.progress import progress_bar
        from bubblelink.config import home_dir
        from bubblelink.report import write_report
        from bubblelink.service.ingest import demo_data
        from bubblelink.service.summary import linkage_summary

        console = stderr_console()
        with progress_bar() as progress:
            path = demo_data(store, offline, lambda line: console.print(line), progress)
        emit(linkage_summary(path), fmt)
        report_path = out or home_dir() / "report.html"
        with progress_bar() as progress:
            document = write_report(report_path, store=path, progress=progress)
        console.print(
            f"report: {report_path.resolve()} ({document.meta.build_seconds:.1f} s"
            + (", SYNTHETIC data" if document.meta.synthetic else "")
            + "): open it in a browser (works offline)"
        )
