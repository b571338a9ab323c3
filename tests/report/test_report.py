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
    assert ids == [sid for sid, _, _ in report_sections.SECTIONS]
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
