"""The dashboard behind a token in a real browser: log in, see the panels, log out."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import PageWatch

TOKEN = "k9-Vq2xLr7Tz4mWp8Yb3-browser"
PLOTS = ".js-plotly-plot .main-svg"
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def locked_server(browser_store: Path) -> Iterator[str]:
    """The API and dashboard with a token, in a background thread on loopback."""
    import uvicorn

    from bubblelink.api import ApiSettings, create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(ApiSettings(store=browser_store, token=TOKEN))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _log_in(watched: PageWatch, base: str, token: str) -> None:
    page = watched.page
    page.goto(base + "/")
    assert page.url == base + "/login"  # redirected: no cookie yet
    page.fill("#token", token)
    page.click("button[type=submit]")


def test_log_in_with_the_token_and_see_the_dashboard(
    watched: PageWatch, locked_server: str, artifacts: Path
) -> None:
    _log_in(watched, locked_server, TOKEN)
    page = watched.page
    page.wait_for_url(locked_server + "/", timeout=TIMEOUT)
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=TIMEOUT)
    for chart in ("corr", "beta", "risk", "scenario"):
        traces = page.evaluate(f"document.getElementById('chart-{chart}').data.length")
        assert traces > 0, chart
    assert page.locator(PLOTS).count() >= 4
    assert page.locator("#claims-table tbody tr").count() >= 10
    assert page.locator("#error").is_hidden()
    cookies = page.context.cookies()
    session = next(c for c in cookies if c["name"] == "bubblelink_session")
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert TOKEN not in session["value"]
    assert page.evaluate("document.cookie") == ""  # HttpOnly: scripts cannot read it
    page.screenshot(path=str(artifacts / "dashboard-logged-in.png"), full_page=True)
    assert watched.errors == [] and watched.external == []
    page.goto(locked_server + "/logout")
    assert page.url == locked_server + "/login"
    page.goto(locked_server + "/")
    assert page.url == locked_server + "/login"  # logged out: back to the form


def test_a_wrong_token_shows_one_error_message(watched: PageWatch, locked_server: str) -> None:
    _log_in(watched, locked_server, "not-the-token")
    page = watched.page
    page.wait_for_selector(".error")
    assert page.url == locked_server + "/login"
    errors = page.locator(".error")
    assert errors.count() == 1
    assert "Wrong token" in (errors.text_content() or "")
    assert page.context.cookies() == []
    # the 401 of the form post is the only console message
    assert all("401" in e for e in watched.errors)
