"""Real-browser fixtures: Debian's chromium driven by Playwright, a live server on loopback.

Chromium is ``/usr/bin/chromium`` (install it with ``scripts/ensure-chromium.sh``; never
``playwright install``). Without it the browser tests fail in CI (``CI=true``) and are
skipped elsewhere. The server runs uvicorn in a background thread on 127.0.0.1 with a
free port, against a sample-market store that also holds a hostile symbol name.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("BUBBLELINK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


#: Charts whose margins plotly.js's automargin moved from the planned ones
#: (``charts.planned_margin``): each of them was drawn twice.
PUSHED_MARGINS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((gd) => {
  const size = gd._fullLayout._size;
  const plan = gd.layout.margin || {};
  const moved = ['l', 'r', 't', 'b'].filter((k) => Math.round(size[k]) !== plan[k]);
  return moved.length ? [`${gd.id}: ${moved.map((k) => `${k} ${plan[k]} -> ${size[k]}`)}`] : [];
})"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless chromium (fails in CI when missing, skips elsewhere)."""
    if not CHROMIUM.exists():
        message = f"chromium not found at {CHROMIUM}: run scripts/ensure-chromium.sh"
        if _in_ci():
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


class PageWatch:
    """A page plus every console error, page error and non-local request it produced."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "http://127.0.0.1", "about:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture()
def watched(browser: Any) -> Iterator[PageWatch]:
    """A fresh page (1400x1000) that records errors and blocks non-local requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield PageWatch(page)
    context.close()


@pytest.fixture(scope="session")
def browser_store(hostile_store: Path) -> Path:
    return hostile_store


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(browser_store: Path) -> Iterator[str]:
    """``http://127.0.0.1:<port>``: the API and dashboard in a background thread."""
    import uvicorn

    from bubblelink.api import ApiSettings, create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(ApiSettings(store=browser_store)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    # the server loads the data stack before it accepts requests (~5 s alone; a loaded
    # 2-core CI machine has taken over 20 s)
    deadline = time.monotonic() + 90
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/`` at the repository root (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
