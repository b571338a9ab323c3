"""Print the HTML report to PDF through headless Chromium (Playwright's ``page.pdf``).

The PDF is the same page the browser shows: the HTML file is opened from disk (every
non-local request refused), the charts are drawn, and Chromium prints it with the
report's print style (A4, backgrounds on, navigation hidden, tables wrapped instead of
scrolled). Chromium is ``$BUBBLELINK_CHROMIUM`` or ``/usr/bin/chromium`` (never
downloaded); Playwright is the ``pdf`` extra. Either missing is a one-line
:class:`~bubblelink.errors.BubblelinkError` saying what to install.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bubblelink.errors import BubblelinkError

#: Chromium used when ``$BUBBLELINK_CHROMIUM`` is not set.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Width the charts are drawn at before printing (CSS px), and the print scale that fits
#: it on an A4 page with 12 mm margins.
PRINT_WIDTH = 1000
PRINT_SCALE = 0.7
#: How long to wait for the page and its charts (ms).
TIMEOUT_MS = 120_000
_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    """The Chromium executable to use (``$BUBBLELINK_CHROMIUM`` or ``/usr/bin/chromium``)."""
    return Path(os.environ.get("BUBBLELINK_CHROMIUM", DEFAULT_CHROMIUM))


def _refuse_network(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


def check_pdf_tools() -> Path:
    """The Chromium to print with, after checking it and Playwright are there.

    Raises
    ------
    BubblelinkError
        One line naming what is missing and how to install it.
    """
    chromium = chromium_path()
    if not chromium.exists():
        raise BubblelinkError(
            f"--pdf needs Chromium at {chromium}: install it (Debian: apt-get install "
            "chromium) or set BUBBLELINK_CHROMIUM to its path"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BubblelinkError(
            "--pdf needs Playwright: pip install 'bubblelink[pdf]' (Chromium is not "
            "downloaded: the one at /usr/bin/chromium is used)"
        ) from exc
    return chromium


def print_pdf(html_path: str | Path, pdf_path: str | Path) -> Path:
    """Print the report at ``html_path`` to ``pdf_path``; returns ``pdf_path``.

    Raises
    ------
    BubblelinkError
        Chromium or Playwright missing, or the print failed (one line).
    """
    source = Path(html_path).resolve()
    target = Path(pdf_path)
    chromium = check_pdf_tools()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium), args=_ARGS, headless=True
            )
            try:
                page = browser.new_page(viewport={"width": PRINT_WIDTH, "height": 1200})
                page.route("**/*", _refuse_network)
                page.goto(source.as_uri(), timeout=TIMEOUT_MS)
                page.wait_for_function(
                    "Array.from(document.querySelectorAll('div.chart'))"
                    ".every(el => el.querySelector('.main-svg'))",
                    timeout=TIMEOUT_MS,
                )
                page.emulate_media(media="print")
                page.pdf(
                    path=str(target),
                    format="A4",
                    print_background=True,
                    scale=PRINT_SCALE,
                    margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BubblelinkError(f"printing {source.name} to PDF failed: {first}") from exc
    except OSError as exc:
        raise BubblelinkError(f"cannot write the PDF to {target}: {exc}") from exc
    return target
