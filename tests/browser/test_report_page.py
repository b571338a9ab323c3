"""The HTML report opened from disk in a real browser, with every network request blocked."""

from __future__ import annotations

from pathlib import Path

from bubblelink.report import write_report
from tests.browser.conftest import PageWatch

TIMEOUT = 30_000


def test_report_renders_offline_without_console_errors(
    watched: PageWatch, browser_store: Path, tmp_path: Path, artifacts: Path
) -> None:
    out = write_report(tmp_path / "report.html", store=browser_store)
    charts = sum(len(s.figures) for s in out.sections)
    page = watched.page
    page.goto((tmp_path / "report.html").as_uri())
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
        timeout=TIMEOUT,
    )
    assert page.locator("div.chart.js-plotly-plot").count() == charts
    assert page.locator("#synthetic-banner").is_visible()
    assert page.evaluate("window.__XSS") is None
    assert watched.dialogs == []
    page.screenshot(path=str(artifacts / "report.png"))
    assert watched.errors == []
    assert watched.external == []
