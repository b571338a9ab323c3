"""``bubblelink report`` (one self-contained HTML file) and ``bubblelink serve`` (API + dashboard).

Both format analytics results; neither computes. ``serve`` binds 127.0.0.1 by default;
binding another address needs a token of 16+ characters (``$BUBBLELINK_API_TOKEN``,
``--token-file PATH`` or ``--token``), and then every request must send
``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bubblelink.cli.options import AsofOption, StoreOption


def report_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    as_of: AsofOption = None,
    store: StoreOption = None,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also print the report to PDF (same name, .pdf) through headless Chromium "
            "(/usr/bin/chromium or $BUBBLELINK_CHROMIUM; needs Playwright).",
        ),
    ] = False,
) -> None:
    """Write the HTML report: one file, works offline (plotly.js inlined)."""
    from bubblelink.cli.progress import progress_bar
    from bubblelink.report import write_report

    if pdf:
        from bubblelink.report.pdf import check_pdf_tools

        check_pdf_tools()  # before the build: a missing Chromium fails in one line, fast
    with progress_bar() as progress:
        document = write_report(out, store=store, as_of=as_of, progress=progress)
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    console.print(
        f"wrote {out} ({len(document.html) / 1e6:.1f} MB, {document.meta.build_seconds:.1f} s)"
    )
    if pdf:
        from bubblelink.report.pdf import print_pdf

        printed = print_pdf(out, out.with_suffix(".pdf"))
        console.print(f"wrote {printed} ({printed.stat().st_size / 1e6:.1f} MB)")
    if document.meta.synthetic:
        console.print("[yellow]note:[/yellow] built from SYNTHETIC sample data, not market data")
    for section, reason in document.unavailable().items():
        console.print(f"[yellow]not available:[/yellow] {section}: {reason}")


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8050,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Bearer token required on every request (default: $BUBBLELINK_API_TOKEN); "
            "mandatory (16+ characters) when binding a non-loopback address. Prefer the "
            "variable or --token-file: a --token shows in the process list.",
            show_default=False,
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="Read the bearer token from this file (instead of --token).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Computations running at once in threads of the server process, with "
            "--processes 0 (default: the CPUs less one, 1 to 4).",
            show_default=False,
        ),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes",
            help="Worker processes computing the answers, so panels compute on several "
            "CPUs at once (default: one per CPU, at most 4; 0: threads of the server).",
            show_default=False,
        ),
    ] = None,
    queue_limit: Annotated[
        int | None,
        typer.Option(
            "--queue-limit",
            help="Computations waiting for a worker; beyond it requests get 503 (default 16).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help="Seconds a request waits for its computation, then 503 (not started) or "
            "504 (still running) (default 25).",
            show_default=False,
        ),
    ] = None,
    rate_limit: Annotated[
        float | None,
        typer.Option(
            "--rate-limit",
            help="Requests per second per client address on /api/ (429 beyond); default: no limit.",
            show_default=False,
        ),
    ] = None,
    rate_burst: Annotated[
        int | None,
        typer.Option(
            "--rate-burst",
            help="Requests a client may send at once under --rate-limit (default: 2x the "
            "rate, at least 10).",
            show_default=False,
        ),
    ] = None,
    keep_answers: Annotated[
        bool,
        typer.Option(
            "--keep-answers/--no-keep-answers",
            help="Keep computed answers on disk ($BUBBLELINK_HOME/answers) per store version, "
            "so the next server on the same store and code answers them without computing.",
        ),
    ] = True,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json) and the dashboard at /."""
    import uvicorn

    from bubblelink.api import ApiSettings, check_bind, create_app, resolve_token
    from bubblelink.api.settings import DEFAULT_PROCESSES
    from bubblelink.config import home_dir
    from bubblelink.service.redaction import redact_urls

    secret = resolve_token(token, token_file)
    check_bind(host, secret)
    limits = {"workers": workers, "queue_limit": queue_limit, "timeout": timeout}
    settings = ApiSettings(
        store=store,
        token=secret,
        rate_limit=rate_limit,
        rate_burst=rate_burst,
        answers=home_dir() / "answers" if keep_answers else None,
        processes=DEFAULT_PROCESSES if processes is None else processes,
        **{k: v for k, v in limits.items() if v is not None},  # type: ignore[arg-type]
    )
    app = create_app(settings)
    url = redact_urls(f"http://{host}:{port}/")
    limit = (
        f"at most {settings.rate_limit:g} requests/s per client (bursts of {settings.burst})"
        if settings.rate_limit
        else "no rate limit"
    )
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"bubblelink API on {url} (OpenAPI: /openapi.json); "
        + (
            f"{settings.processes} worker process{'es' if settings.processes != 1 else ''}, "
            if settings.processes
            else f"{settings.workers} worker{'s' if settings.workers != 1 else ''}, "
        )
        + f"{settings.queue_limit} queued at most, {settings.timeout:g} s timeout, {limit}"
        + ("; token required (log in at /login)" if secret else "")
        + (f"; answers kept in {settings.answers}" if settings.answers else "")
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``serve``."""
    app.command("report")(report_command)
    app.command("serve")(serve_command)
