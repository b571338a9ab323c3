"""The dashboard in a real browser: loads cleanly, draws, reacts, reports errors safely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PUSHED_MARGINS_JS, PageWatch
from tests.stores import XSS_SYMBOL

PLOTS = ".js-plotly-plot .main-svg"
TIMEOUT = 30_000

#: Every text of a chart (tick labels, titles, annotations, legend, gauge) with its box;
#: pairs whose boxes overlap by more than 1 px in both directions.
OVERLAPS_JS = """(id) => {
  const texts = [...document.querySelectorAll(`#${id} svg text`)]
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map((t) => [t.textContent.trim(), t.getBoundingClientRect()]);
  const out = [];
  for (let i = 0; i < texts.length; i += 1) {
    for (let j = i + 1; j < texts.length; j += 1) {
      const [a, ra] = texts[i];
      const [b, rb] = texts[j];
      const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (dx > 1 && dy > 1) out.push(`${a} / ${b}`);
    }
  }
  return {count: texts.length, overlaps: out};
}"""


def _open(watched: PageWatch, live_server: str, query: str = "") -> None:
    watched.page.goto(live_server + "/" + query)
    watched.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=TIMEOUT)


def _corr_title(watched: PageWatch) -> str:
    return str(watched.page.evaluate("document.getElementById('chart-corr').layout.title.text"))


def _corr_name(page: Any) -> str:
    return str(page.evaluate("document.getElementById('chart-corr').data[2].name"))


def _wait_update(page: Any, stamp: str) -> None:
    page.wait_for_function(f"document.body.dataset.updated !== '{stamp}'", timeout=TIMEOUT)


def _visible_errors(page: Any) -> list[str]:
    """Every error message on the page that a user sees (field, page and panel errors)."""
    return list(
        page.evaluate(
            """[...document.querySelectorAll('.field-error, #error, .panel-status')]
               .filter((e) => !e.hidden && e.textContent.trim()
                              && !e.textContent.includes('none stored')
                              && !e.textContent.includes('needs NCBEILQ027S'))
               .map((e) => `${e.id}: ${e.textContent}`)"""
        )
    )


@pytest.fixture(params=[1280, 1920], ids=["1280px", "1920px"])
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[PageWatch]:
    """A fresh page 1280 or 1920 px wide."""
    context = browser.new_context(viewport={"width": request.param, "height": 1000})
    yield PageWatch(context.new_page())
    context.close()


def test_dashboard_loads_and_renders_without_console_errors(
    sized: PageWatch, live_server: str, artifacts: Path
) -> None:
    watched = sized
    _open(watched, live_server)
    page = watched.page
    width = page.viewport_size["width"]
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
    assert _visible_errors(page) == []
    # the sample market has no flow table, dominance, Z.1 or GDP: each optional panel
    # says what to ingest instead of failing
    for name, needs in (("flows", "ingest etf-flows"), ("dominance", "ingest coingecko"),
                        ("valuation", "NCBEILQ027S")):  # fmt: skip
        assert needs in (page.locator(f"#{name}-status").text_content() or ""), name
    # every panel was painted, and the load's timings were recorded
    times = page.evaluate("window.dashboardTimes.load")
    assert set(times["painted"]) >= {"corr", "risk", "claims", "flows"}
    assert 0 < times["first"] <= times["all"]
    # no two texts of the risk chart overlap (component names vs the gauge, titles, legend)
    found = page.evaluate(OVERLAPS_JS, "chart-risk")
    assert found["count"] > 20
    assert found["overlaps"] == [], found["overlaps"]
    # the margins were planned where plotly's automargin settles them: each chart drawn
    # once, not a second time with the margins it pushed
    assert page.evaluate(PUSHED_MARGINS_JS) == []
    page.screenshot(path=str(artifacts / f"dashboard-{width}.png"), full_page=True)
    page.locator('[data-panel="risk"]').screenshot(path=str(artifacts / f"risk-{width}.png"))
    assert watched.errors == []
    assert watched.external == []


def test_changing_the_window_updates_the_chart(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    page = watched.page
    assert "(30)" in _corr_name(page)
    stamp = page.evaluate("document.body.dataset.updated")
    page.select_option("#window", "90")
    _wait_update(page, stamp)
    assert "(90)" in _corr_name(page)
    update = page.evaluate("window.dashboardTimes.update")
    assert update["first"] <= update["all"]
    assert watched.errors == []


def test_unknown_symbol_gives_one_message_by_its_field_escaped(
    watched: PageWatch, live_server: str, artifacts: Path
) -> None:
    _open(watched, live_server)
    page = watched.page
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-b", "<img src=x onerror=window.__XSS=1><script>window.__XSS=1</script>")
    page.click("#update")
    _wait_update(page, stamp)
    # one message, under Asset B; not one per panel it stopped
    errors = _visible_errors(page)
    assert len(errors) == 1, errors
    assert errors[0].startswith("sym-b-error: ")
    text = page.locator("#sym-b-error").text_content() or ""
    assert "unknown series" in text
    assert "<IMG SRC=X ONERROR=WINDOW.__XSS=1>" in text  # shown literally
    assert page.locator("#sym-b").get_attribute("aria-invalid") == "true"
    assert page.locator("#sym-a").get_attribute("aria-invalid") is None
    assert page.locator(".field-error script, .field-error img").count() == 0
    assert page.evaluate("window.__XSS") is None
    page.screenshot(path=str(artifacts / "dashboard-error.png"))
    # the 404s of the failed requests are logged by the browser; nothing else is
    assert all("404" in e for e in watched.errors), watched.errors
    # fixing the symbol clears the message
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-b", "NVDA")
    page.click("#update")
    _wait_update(page, stamp)
    assert _visible_errors(page) == []
    assert page.locator("#sym-b").get_attribute("aria-invalid") is None


def test_each_bad_input_gets_one_message(watched: PageWatch, live_server: str) -> None:
    # a bad as-of in a shared address: every panel refuses it, one message by As of
    _open(watched, live_server, "?as_of=2031-01-01")
    page = watched.page
    errors = _visible_errors(page)
    assert len(errors) == 1, errors
    assert errors[0].startswith("asof-error: ")
    assert "out of range" in errors[0]
    # two bad symbols: one message each, by each field
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#asof", "")
    page.fill("#sym-a", "NOSUCH1")
    page.fill("#sym-b", "NOSUCH2")
    page.click("#update")
    _wait_update(page, stamp)
    errors = sorted(_visible_errors(page))
    assert len(errors) == 2, errors
    assert errors[0].startswith("sym-a-error: ") and "NOSUCH1" in errors[0]
    assert errors[1].startswith("sym-b-error: ") and "NOSUCH2" in errors[1]
    # start after end: said by the End field before any request leaves
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-a", "BTC-USD")
    page.fill("#sym-b", "NVDA")
    page.fill("#start", "2025-06-01")
    page.fill("#end", "2024-06-01")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.click("#update")
    _wait_update(page, stamp)
    assert [url for url in asked if "/api/" in url] == []
    errors = _visible_errors(page)
    assert errors == ["end-error: end date 2024-06-01 is before start date 2025-06-01: swap them"]


def test_the_view_lives_in_the_address(watched: PageWatch, live_server: str, browser: Any) -> None:
    _open(watched, live_server)
    page = watched.page
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-b", "NVDA")
    page.select_option("#window", "90")  # an update by itself
    _wait_update(page, stamp)
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#start", "2024-01-02")
    page.fill("#asof", "2026-06-30")
    page.click("#update")
    _wait_update(page, stamp)
    address = page.url
    assert "b=NVDA" in address and "window=90" in address
    assert "start=2024-01-02" in address and "as_of=2026-06-30" in address
    assert "NVDA (90)" in _corr_name(page)
    # the address, opened elsewhere, restores the view and draws it
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    other = PageWatch(context.new_page())
    try:
        other.page.goto(address)
        other.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=TIMEOUT)
        values = other.page.evaluate(
            "['sym-a', 'sym-b', 'window', 'start', 'end', 'asof']"
            ".map((id) => document.getElementById(id).value)"
        )
        assert values == ["BTC-USD", "NVDA", "90", "2024-01-02", "", "2026-06-30"]
        assert "NVDA (90)" in _corr_name(other.page)
        assert other.errors == []
    finally:
        context.close()
    # back: the window-90 view without the dates; back again: the first view
    stamp = page.evaluate("document.body.dataset.updated")
    page.go_back()
    _wait_update(page, stamp)
    assert page.input_value("#start") == "" and page.input_value("#window") == "90"
    assert "NVDA (90)" in _corr_name(page)
    stamp = page.evaluate("document.body.dataset.updated")
    page.go_back()
    _wait_update(page, stamp)
    assert page.input_value("#sym-b") == "^IXIC" and page.input_value("#window") == "30"
    assert "(30)" in _corr_name(page) and "NVDA" not in _corr_name(page)
    stamp = page.evaluate("document.body.dataset.updated")
    page.go_forward()
    _wait_update(page, stamp)
    assert page.input_value("#sym-b") == "NVDA"
    assert watched.errors == []


def test_hostile_stored_symbol_is_charted_as_text(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    page = watched.page
    stamp = page.evaluate("document.body.dataset.updated")
    page.fill("#sym-b", XSS_SYMBOL)
    page.click("#update")
    _wait_update(page, stamp)
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
