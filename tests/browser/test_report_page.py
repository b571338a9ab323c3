"""The HTML report opened from disk in a real browser, with every network request blocked:
no console errors, every table readable on a desktop (1440 px) and a phone (390 px),
chart tick labels inside their charts, and the PDF print."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bubblelink.report import ReportDocument, write_report
from tests.browser.conftest import PUSHED_MARGINS_JS, PageWatch

TIMEOUT = 60_000

#: Elements (outside tables and charts) whose right edge passes the viewport, and tables
#: that are not inside a horizontal scroll container. Runs in the page.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".table-wrap") || el.closest(".js-plotly-plot")) continue;
    if (["SCRIPT", "STYLE"].includes(el.tagName)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5) out.push(`${el.tagName}#${el.id}.${el.className}: ${box.right}`);
  }
  for (const wrap of document.querySelectorAll(".table-wrap, .js-plotly-plot")) {
    const box = wrap.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) out.push(`container ${wrap.className}: ${box.right}`);
  }
  const tables = [];
  for (const table of document.querySelectorAll("table")) {
    const wrap = table.parentElement;
    const style = wrap ? getComputedStyle(wrap).overflowX : "";
    if (!wrap.classList.contains("table-wrap") || !["auto", "scroll"].includes(style)) {
      tables.push(table.querySelector("caption")?.textContent || "?");
    }
  }
  return {overflow: out, unwrapped: tables, scrollWidth: document.documentElement.scrollWidth,
          width: width, tables: document.querySelectorAll("table").length};
}"""

#: For every chart with a log axis: tick labels whose box leaves the chart's svg.
TICKS_JS = """() => {
  const out = [];
  let checked = 0;
  for (const el of document.querySelectorAll(".js-plotly-plot")) {
    const layout = el._fullLayout || {};
    const log = Object.keys(layout).some(
      (k) => /^[xy]axis\\d*$/.test(k) && layout[k] && layout[k].type === "log");
    if (!log) continue;
    const svg = el.querySelector(".main-svg").getBoundingClientRect();
    for (const text of el.querySelectorAll("g[class$='tick'] text, g[class$='tick2'] text")) {
      const box = text.getBoundingClientRect();
      if (box.width === 0) continue;
      checked += 1;
      if (box.left < svg.left - 0.5 || box.right > svg.right + 0.5 ||
          box.top < svg.top - 0.5 || box.bottom > svg.bottom + 0.5) {
        out.push(`${el.id}: '${text.textContent}' [${box.left},${box.right}] outside ` +
                 `[${svg.left},${svg.right}]`);
      }
    }
  }
  return {clipped: out, checked: checked};
}"""


@pytest.fixture(scope="module")
def report_file(
    browser_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ReportDocument]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    return out, write_report(out, store=browser_store)


def _charts(document: ReportDocument) -> int:
    return sum(len(s.figures) for s in document.sections)


@pytest.fixture()
def viewport_page(browser: Any) -> Iterator[Any]:
    """``open(width, height)`` → a PageWatch on a fresh context of that size."""
    contexts: list[Any] = []

    def open_page(width: int, height: int) -> PageWatch:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return PageWatch(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


def _load(watch: PageWatch, path: Path, charts: int) -> None:
    watch.page.goto(path.as_uri())
    watch.page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
        timeout=TIMEOUT,
    )


def test_report_renders_offline_without_console_errors(
    watched: PageWatch, report_file: tuple[Path, ReportDocument], artifacts: Path
) -> None:
    path, document = report_file
    charts = _charts(document)
    page = watched.page
    _load(watched, path, charts)
    assert page.locator("div.chart.js-plotly-plot").count() == charts
    assert page.locator("#synthetic-banner").is_visible()
    assert page.evaluate("window.__XSS") is None
    assert watched.dialogs == []
    assert page.evaluate(PUSHED_MARGINS_JS) == []  # each chart drawn once
    page.screenshot(path=str(artifacts / "report.png"))
    assert watched.errors == []
    assert watched.external == []


def test_summary_first_and_every_sentence_links_to_its_section(
    watched: PageWatch, report_file: tuple[Path, ReportDocument]
) -> None:
    path, document = report_file
    page = watched.page
    page.goto(path.as_uri())
    first = page.locator("main > section").first
    assert first.get_attribute("id") == "sec-summary"
    items = page.locator("#sec-summary ul.sentences > li")
    assert items.count() == len(document.sections[0].sentences) >= 8
    for i in range(items.count()):
        target = items.nth(i).get_attribute("data-section")
        link = items.nth(i).locator("a.see")
        assert link.get_attribute("href") == f"#sec-{target}"
        assert page.locator(f"#sec-{target}").count() == 1


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_every_table_readable_and_nothing_off_page(
    viewport_page: Any,
    report_file: tuple[Path, ReportDocument],
    artifacts: Path,
    width: int,
    height: int,
) -> None:
    path, document = report_file
    watch = viewport_page(width, height)
    _load(watch, path, _charts(document))
    found = watch.page.evaluate(OVERFLOW_JS)
    assert found["tables"] >= 20
    assert found["unwrapped"] == []
    assert found["overflow"] == [], found["overflow"][:10]
    assert found["scrollWidth"] <= found["width"], found
    if width >= 1440:
        # the claims table fits a desktop screen: the verdict column is in view
        box = watch.page.locator("#sec-claims table").first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
        wrap = watch.page.locator("#sec-claims .table-wrap").first
        assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    ticks = watch.page.evaluate(TICKS_JS)
    assert ticks["checked"] > 0 and ticks["clipped"] == [], ticks
    watch.page.screenshot(path=str(artifacts / f"report-{width}.png"), full_page=True)
    assert watch.errors == []


def test_log_axis_labels_inside_the_chart_on_real_data(
    viewport_page: Any, real_data_dir: Path, tmp_path: Path, artifacts: Path
) -> None:
    """The market-structure chart (BTC on a log right axis) on the real BTC, dominance
    and total-cap files: every tick label inside the svg at both widths."""
    from bubblelink.report.build import REPORT_TITLE
    from bubblelink.report.render import ReportMeta, render_report
    from bubblelink.report.sections import ReportContext, build_section, market_structure_section
    from bubblelink.service.ingest import ingest_csv

    files = ("btc_usd.csv", "btc_dominance.csv", "crypto_total_mcap.csv")
    folder = tmp_path / "files"
    folder.mkdir()
    symbols = pd.read_csv(real_data_dir / "symbols.csv")
    symbols[symbols["file"].isin(files)].to_csv(folder / "symbols.csv", index=False)
    for name in files:
        shutil.copy(real_data_dir / name, folder / name)
    store = tmp_path / "store.duckdb"
    ingest_csv(store, [folder])
    section = build_section(
        ReportContext(store=store),
        "market-structure",
        "Market structure",
        market_structure_section,
    )
    assert section.unavailable is None or "dominance not shown" not in section.unavailable
    meta = ReportMeta(REPORT_TITLE, "latest data", "now", str(store), synthetic=False)
    page_path = tmp_path / "ms.html"
    page_path.write_text(render_report([section], meta), encoding="utf-8")
    for width, height in ((1440, 900), (390, 844)):
        watch = viewport_page(width, height)
        _load(watch, page_path, len(section.figures))
        ticks = watch.page.evaluate(TICKS_JS)
        assert ticks["checked"] > 0 and ticks["clipped"] == [], ticks
        if width > 700:  # planned margins (a phone's stacked layout may push them)
            assert watch.page.evaluate(PUSHED_MARGINS_JS) == []
        watch.page.screenshot(path=str(artifacts / f"report-dominance-{width}.png"))
        assert watch.errors == []


def test_pdf_has_pages_and_the_summary(
    report_file: tuple[Path, ReportDocument], tmp_path: Path, browser: Any
) -> None:
    """``--pdf`` prints the same report through headless chromium (in a subprocess:
    Playwright's sync API cannot start inside this session's browser)."""
    import subprocess
    import sys

    path, document = report_file
    out = tmp_path / "report.pdf"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from bubblelink.report.pdf import print_pdf; "
         "print_pdf(sys.argv[1], sys.argv[2])", str(path), str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) >= 5
    text = " ".join((p.extract_text() or "") for p in reader.pages[:4])
    flat = " ".join(text.split())
    sentence = document.sections[0].sentences[0]
    for quote in sentence.quotes:
        assert quote.text in flat, (quote.text, flat[:2000])
    assert "Summary" in flat
