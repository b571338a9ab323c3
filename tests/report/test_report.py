"""The HTML report: builds fast, offline, labelled synthetic, escaped, never crashes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bubblelink.report import build_report
from bubblelink.report import sections as report_sections
from tests.stores import XSS_SYMBOL


@pytest.fixture(scope="module")
def document(sample_store: Path):  # type: ignore[no-untyped-def]
    return build_report(sample_store), None


def test_builds_every_section(document) -> None:  # type: ignore[no-untyped-def]
    doc, _ = document
    ids = [s.id for s in doc.sections]
    assert ids == ["summary", *(sid for sid, _, _ in report_sections.SECTIONS)]
    # the synthetic sample market has no ETF flow table, no crypto-vendor, Z.1 or GDP
    # series: those sections say what to ingest instead of drawing
    unavailable = doc.unavailable()
    assert "ingest etf-flows" in unavailable.pop("etf-flows", "ingest etf-flows")
    reason = unavailable.pop("market-structure", "")
    assert "BTC_DOMINANCE" in reason and "NCBEILQ027S" in reason, reason
    assert unavailable == {}, unavailable
    for section_id in ("correlation", "beta", "dcc", "spillover", "leadlag", "events"):
        assert f'id="sec-{section_id}" data-available="yes"' in doc.html


def test_self_contained_and_offline(document) -> None:  # type: ignore[no-untyped-def]
    html = document[0].html
    assert "Plotly.newPlot" in html
    assert len(html) > 3_000_000  # plotly.js inlined
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=\"https?:", html)


def test_synthetic_banner_and_every_chart_labelled(document) -> None:  # type: ignore[no-untyped-def]
    doc = document[0]
    assert 'id="synthetic-banner"' in doc.html
    figures = [f for s in doc.sections for f in s.figures]
    assert len(figures) >= 10
    for fig in figures:
        assert fig.layout.title.text.startswith("[SYNTHETIC]"), fig.layout.title.text


def test_failing_sections_show_not_available(
    hostile_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bubblelink.errors import DataError

    def missing(*args: object, **kwargs: object) -> None:
        raise DataError("no HY OAS in the store: ingest it")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(report_sections.risk, "risk", missing)
    monkeypatch.setattr(report_sections.linkage, "dcc", broken)
    doc = build_report(hostile_store)
    assert doc.unavailable()["risk"] == "no HY OAS in the store: ingest it"
    assert "not available: no HY OAS in the store: ingest it" in doc.html
    assert doc.unavailable()["dcc"].startswith("failed: RuntimeError")
    # the summary says which of its paragraphs' sections are missing, and why
    texts = {s.section: s.text for s in doc.sections[0].sentences}
    assert (
        texts["risk"] == "Headline risk score: not available (no HY OAS in the store: ingest it)."
    )
    assert texts["dcc"].startswith("DCC conditional correlation: not available (failed:")


def test_missing_data_show_not_available(tmp_path: Path) -> None:
    from bubblelink.providers.sample import SampleProvider
    from bubblelink.store import Store

    fetched = SampleProvider(start="2025-01-02").fetch()
    fetched.batches = [b for b in fetched.batches if b.meta.id == "BTC-USD"]
    with Store(tmp_path / "store.duckdb") as st:
        st.write(fetched.batches, provider="sample")
    doc = build_report(tmp_path / "store.duckdb")
    assert "correlation" in doc.unavailable()
    assert "ingest" in doc.unavailable()["correlation"]
    assert "provenance" not in doc.unavailable()


def test_asof_limits_the_data(hostile_store: Path) -> None:
    doc = build_report(hostile_store, as_of="2025-12-31")
    assert "As of 2025-12-31" in doc.html
    perf = next(s for s in doc.sections if s.id == "performance")
    assert perf.unavailable is None
    end_dates = {row[2] for row in perf.tables[0].rows}
    assert all(d <= "2025-12-31" for d in end_dates), end_dates


def test_symbol_names_are_escaped(hostile_store: Path) -> None:
    html = build_report(hostile_store).html
    assert XSS_SYMBOL not in html
    assert XSS_SYMBOL.lower() not in html.lower()
    assert "&lt;SCRIPT&gt;WINDOW.__XSS=1&lt;/SCRIPT&gt;" in html


def test_cli_report_writes_one_file(
    hostile_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bubblelink.cli.app import main

    out = tmp_path / "out" / "report.html"
    monkeypatch.setattr(
        sys, "argv", ["bubblelink", "report", "--out", str(out), "--store", str(hostile_store)]
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
        raise SystemExit(0)
    assert exit_info.value.code in (0, None)
    assert out.is_file() and out.stat().st_size > 3_000_000
    err = capsys.readouterr().err
    assert "wrote" in err and "SYNTHETIC" in err


def test_cli_report_bad_asof_is_one_line_error(
    sample_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bubblelink.cli.app import main

    monkeypatch.setattr(
        sys,
        "argv",
        [
            "bubblelink",
            "report",
            "--out",
            str(tmp_path / "r.html"),
            "--store",
            str(sample_store),
            "--asof",
            "yesterday-ish",
        ],
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err


def _cells(section: report_sections.Section) -> set[str]:
    return {cell for t in section.tables for cell in t.cells()}


def test_summary_sentences_quote_their_sections_figures(document, sample_store: Path) -> None:  # type: ignore[no-untyped-def]
    """Every figure of every summary sentence is the text its linked section's tables
    show (same value, same rounding rule), and the headline ones equal the service
    results computed here independently."""
    from bubblelink.report.numbers import format_number
    from bubblelink.service import linkage, risk
    from bubblelink.symbols import AI_BASKET_SYMBOL

    doc = document[0]
    summary = doc.sections[0]
    assert summary.id == "summary" and summary.unavailable is None
    by_id = {s.id: s for s in doc.sections}
    linked = {s.section for s in summary.sentences}
    assert {"correlation", "dcc", "beta", "claims", "risk", "scenario"} <= linked
    quoted = 0
    for sentence in summary.sentences:
        section = by_id[sentence.section]
        assert section.unavailable is None, sentence.text
        cells = _cells(section)
        captions = " ".join(t.caption for t in section.tables)
        for q in sentence.quotes:
            quoted += 1
            assert q.text in cells or q.text in captions, (q.text, sentence.text)
            if q.kind != "claimed":
                assert q.text == format_number(q.value, q.kind)
    assert quoted >= 30
    # independent: the risk score and the 90-session BTC-basket correlation
    score = risk.risk(sample_store).result.score
    first_risk = next(s for s in summary.sentences if s.section == "risk")
    assert first_risk.quotes[0].value == pytest.approx(score)
    assert first_risk.quotes[0].text == f"{score:.1f}"
    ctx = report_sections.ReportContext(store=sample_store)
    corr = linkage.correlation(sample_store, a="BTC-USD", b=AI_BASKET_SYMBOL, window=90,
                               start=ctx.start).result  # fmt: skip
    first_corr = next(s for s in summary.sentences if s.section == "correlation")
    assert first_corr.quotes[0].value == pytest.approx(float(corr.value))
    # the page: summary first, each sentence linked to its section
    html = doc.html
    assert html.index('id="sec-summary"') < html.index('id="sec-risk"')
    for sentence in summary.sentences:
        assert f'href="#sec-{sentence.section}"' in html


def test_gauge_title_and_table_show_the_same_score(document) -> None:  # type: ignore[no-untyped-def]
    doc = document[0]
    section = next(s for s in doc.sections if s.id == "risk")
    components = section.tables[0]
    score_cell = components.rows[components.column("component").index("score")][
        components.columns.index("value")
    ]
    fig = section.figures[0]
    gauge = next(t for t in fig.data if t.type == "indicator")
    assert gauge.number.valueformat == ".1f"
    assert f"{gauge.value:.1f}" == score_cell
    assert f"risk score {score_cell}/100" in fig.layout.title.text


def test_claims_table_has_sentence_figures_sample_and_verdict(document) -> None:  # type: ignore[no-untyped-def]
    from bubblelink.claims import VERDICTS

    doc = document[0]
    section = next(s for s in doc.sections if s.id == "claims")
    claims_table = section.tables[0]
    assert claims_table.columns == (
        "id", "claim", "claimed", "measured", "verdict", "sample", "reason",
    )  # fmt: skip
    assert "verdict" in claims_table.badge_columns
    row = dict(zip(claims_table.columns, claims_table.rows[1], strict=True))
    assert row["id"] == "2" and "Nasdaq" in row["claim"]
    assert row["claimed"] == "0.530 ± 0.030 (correlation)"
    assert row["verdict"] in VERDICTS
    # the sample: series, dates and n
    assert re.match(r"BTC-USD, \^IXIC: \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d, n=30 ", row["sample"])
    assert re.fullmatch(r"-?\d\.\d{3}", row["measured"])
    assert 'class="badge badge-' in doc.html
    counts = section.tables[1]
    total = dict(zip(counts.column("verdict"), counts.column("claims"), strict=True))["total"]
    assert int(total) == len(claims_table.rows)


def test_asof_keeps_the_event_studies_whose_data_end_by_then(sample_store: Path) -> None:
    """``--asof 2025-12-12`` keeps the events section: Nvidia (reaction 2025-11-20, its
    -1:5 window ends before the date) exactly as the event service gives it, and Oracle
    (reaction 2025-12-11) on the sessions known by then, its shortened window noted.
    It used to drop the whole section because the Oracle window ran past the date."""
    from bubblelink.service import events

    ctx = report_sections.ReportContext(store=sample_store, as_of="2025-12-12")
    section = report_sections.build_section(
        ctx, "events", "Event studies", report_sections.events_section
    )
    assert section.unavailable is None, section.unavailable
    captions = [t.caption for t in section.tables]
    assert any("Nvidia" in c and "window -1:5" in c for c in captions), captions
    oracle = next(t for t in section.tables if "Oracle" in t.caption)
    assert "window -1:1" in oracle.caption
    assert any("window shortened from -1:5 to -1:1" in n for n in section.notes)
    nvda = events.event(sample_store, event_id="nvda-fy26q3",
                        targets=["BTC-USD", "NVDA", "ORCL", "AMD", "^IXIC"], market="^IXIC",
                        window="-1:5", as_of="2025-12-12").result.study  # fmt: skip
    table = next(t for t in section.tables if "Nvidia" in t.caption)
    cars = dict(zip(table.column("symbol"), table.column("car"), strict=True))
    assert cars["BTC-USD"] == f"{nvda.result('BTC-USD').car:.1%}"


def test_cli_pdf_prints_the_report(hostile_store: Path, tmp_path: Path) -> None:
    """``report --pdf`` writes the HTML and its PDF (run in a subprocess: Playwright's
    sync API cannot run inside another test's browser session)."""
    import os
    import subprocess

    from bubblelink.report.pdf import chromium_path

    if not chromium_path().exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"chromium not found at {chromium_path()} (required in CI)")
        pytest.skip(f"chromium not found at {chromium_path()}")
    out = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-c", "from bubblelink.cli.app import main; main()", "report",
         "--out", str(out), "--store", str(hostile_store), "--pdf"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = out.with_suffix(".pdf")
    assert f"wrote {pdf}" in done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.count(b"/Type /Page") >= 3
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages[:3])
    assert "Summary" in text and "AI-contagion risk score is" in text


def test_cli_pdf_without_chromium_is_one_line(
    sample_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bubblelink.cli.app import main

    monkeypatch.setenv("BUBBLELINK_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "r.html"
    monkeypatch.setattr(sys, "argv", ["bubblelink", "report", "--out", str(out),
                                      "--store", str(sample_store), "--pdf"])  # fmt: skip
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--pdf needs Chromium" in err, err
    assert not out.exists()  # checked before the build: nothing written
