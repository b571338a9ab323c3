"""The dashboard in a real browser: loads cleanly, draws, reacts, reports errors safely."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import PageWatch
from tests.stores import XSS_SYMBOL

PLOTS = ".js-plotly-plot .main-svg"
TIMEOUT = 30_000


def _open(watched: PageWatch, live_server: str) -> None:
    watched.page.goto(live_server + "/")
    watched.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=TIMEOUT)


def _corr_title(watched: PageWatch) -> str:
    return str(watched.page.evaluate("document.getElementById('chart-corr').layout.title.text"))


def test_dashboard_loads_and_renders_without_console_errors(
    watched: PageWatch, live_server: str, artifacts: Path
) -> None:
    _open(watched, live_server)
    page = watched.page
    charts = ("corr", "beta", "leadlag", "perf", "event", "dcc", "spillover", "liquidity",
              "risk", "scenario")  # fmt: skip
    assert page.locator(PLOTS).count() >= len(charts)
    for chart in charts:
        traces = page.evaluate(f"document.getElementById('chart-{chart}').data.length")
        assert traces > 0, chart
    claims = page.locator("#claims-table tbody tr")
    assert claims.count() >= 10
    assert "verdict-" in (claims.first.locator("td").nth(4).get_attribute("class") or "")
    assert page.locator("#synthetic-banner").is_visible()
    assert _corr_title(watched).startswith("[SYNTHETIC]")
    assert page.locator("#error").is_hidden()
    # the sample market has no flow table, dominance, Z.1 or GDP: each optional panel
    # says what to ingest instead of failing
    for name, needs in (("flows", "ingest etf-flows"), ("dominance", "ingest coingecko"),
                        ("valuation", "NCBEILQ027S")):  # fmt: skip
        page.wait_for_function(
            f"document.getElementById('{name}-status').textContent.length > 0", timeout=TIMEOUT
        )
        assert needs in (page.locator(f"#{name}-status").text_content() or ""), name
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)
    assert watched.errors == []
    assert watched.external == []


def test_changing_the_window_updates_the_chart(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    page = watched.page
    before = page.evaluate("document.getElementById('chart-corr').data[2].name")
    assert "(30)" in before
    stamp = page.evaluate("document.body.dataset.updated")
    page.select_option("#window", "90")
    page.wait_for_function(f"document.body.dataset.updated !== '{stamp}'", timeout=TIMEOUT)
    after = page.evaluate("document.getElementById('chart-corr').data[2].name")
    assert "(90)" in after
    assert watched.errors == []


def test_unknown_symbol_shows_the_api_message_escaped(
    watched: PageWatch, live_server: str, artifacts: Path
) -> None:
    _open(watched, live_server)
    page = watched.page
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-b", "<img src=x onerror=window.__XSS=1><script>window.__XSS=1</script>")
    page.click("#update")
    page.wait_for_function(f"document.body.dataset.updated !== '{stamp}'", timeout=TIMEOUT)
    error = page.locator("#error")
    assert error.is_visible()
    text = error.text_content() or ""
    assert "unknown series" in text
    assert "<IMG SRC=X ONERROR=WINDOW.__XSS=1>" in text  # shown literally
    assert page.locator("#error script, #error img").count() == 0
    assert page.evaluate("window.__XSS") is None
    page.screenshot(path=str(artifacts / "dashboard-error.png"))
    # the 404s of the failed requests are logged by the browser; nothing else is
    assert all("404" in e for e in watched.errors), watched.errors


def test_hostile_stored_symbol_is_charted_as_text(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    page = watched.page
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-b", XSS_SYMBOL)
    page.click("#update")
    page.wait_for_function(f"document.body.dataset.updated !== '{stamp}'", timeout=TIMEOUT)
    assert page.evaluate("window.__XSS") is None
    legend = page.locator("#chart-corr .legendtext").first.text_content() or ""
    assert "<SCRIPT>" in legend
    assert watched.dialogs == []


def test_scenario_form_draws_a_fan_chart(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    page = watched.page
    page.fill("#p1-change", "-0.5")
    page.fill("#paths", "500")
    page.click("#run-scenario")
    page.wait_for_function(
        "document.getElementById('chart-scenario').layout.title.text.includes('500 paths')",
        timeout=TIMEOUT,
    )
    assert page.locator("#scenario-error").is_hidden()
    assert watched.errors == []


def test_scenario_run_panel_draws_prices_and_tables(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    page = watched.page
    assert page.locator("#run-scenario-name option").count() >= 6
    page.select_option("#run-scenario-name", "ai_mild_correction")
    page.fill("#run-paths", "1000")
    page.fill("#run-below", "20000, 10000")
    page.click("#run-scenario-run")
    page.wait_for_function(
        "document.getElementById('chart-scenario-run').layout.title.text"
        ".includes('ai_mild_correction')",
        timeout=TIMEOUT,
    )
    assert page.locator("#scenario-run-table tbody tr").count() == 1
    assert page.locator("#scenario-run-probabilities tbody tr").count() == 2
    assert page.locator("#scenario-run-risk tbody tr").count() == 6
    assert page.locator("#scenario-run-error").is_hidden()
    assert watched.errors == []
    page.select_option("#run-engine", "all")
    page.click("#run-scenario-run")
    page.wait_for_function(
        "document.querySelectorAll('#scenario-run-table tbody tr').length === 3", timeout=TIMEOUT
    )
    engines = page.locator("#scenario-run-table tbody tr td:first-child").all_text_contents()
    assert engines == ["factor", "fhs", "analogue"], engines
    assert page.locator("#scenario-run-error").is_hidden()
    # (a --paths above the form's max never leaves the browser: its own validation stops it)
    page.fill("#run-below", "-5")
    page.click("#run-scenario-run")
    page.wait_for_function("!document.getElementById('scenario-run-error').hidden", timeout=TIMEOUT)
    assert "below" in (page.locator("#scenario-run-error").text_content() or "")
    # the 422 of the refused request is logged by the browser; nothing else is
    assert all("422" in e for e in watched.errors), watched.errors
