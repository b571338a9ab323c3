"""The notebook API (``bl.corr(...)``, ``bl.beta(...)``...): the CLI's JSON, the report's
figures, an escaped HTML rendering, and the store-first names that predate it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

import bubblelink as bl
from bubblelink.errors import DataError
from bubblelink.report import charts, sections
from bubblelink.service import figures
from bubblelink.service._envelope import ServiceResult
from bubblelink.symbols import AI_BASKET
from tests.stores import XSS_SYMBOL

AS_OF = "2025-12-10"


def _cli_json(cli: Any, *args: str) -> dict[str, Any]:
    done = cli(*args, "--format", "json")
    assert done.code == 0, done.err
    document: dict[str, Any] = json.loads(done.out)
    return document


def _api_json(result: ServiceResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(result.to_json())
    return document


# -- the same answer as the CLI -------------------------------------------------------------


def test_corr_is_the_cli_document(cli: Any, hostile_store: Path) -> None:
    got = bl.corr(
        "BTC-USD", "^IXIC", window=45, method="spearman", as_of=AS_OF, store=hostile_store
    )
    want = _cli_json(
        cli, "corr", "BTC-USD", "^IXIC", "--window", "45", "--method", "spearman",
        "--asof", AS_OF, "--store", str(hostile_store),
    )  # fmt: skip
    assert _api_json(got) == want
    assert want["window"] == 45 and want["method"] == "spearman" and want["as_of"] == AS_OF


def test_corr_ewma_lambda_and_series(cli: Any, hostile_store: Path) -> None:
    got = bl.corr("BTC", "NVDA", method="ewma", lam=0.9, series=True, store=hostile_store)
    want = _cli_json(
        cli, "corr", "BTC", "NVDA", "--method", "ewma", "--lambda", "0.9", "--series",
        "--store", str(hostile_store),
    )  # fmt: skip
    assert _api_json(got) == want
    assert want["lambda"] == 0.9 and len(want["series"]) > 100


def test_beta_is_the_cli_document(cli: Any, hostile_store: Path) -> None:
    got = bl.beta(
        "BTC-USD", "AI_BASKET", zero_days="down", window=60, stress_k=2.0, start="2024-01-02",
        as_of=AS_OF, store=hostile_store,
    )  # fmt: skip
    want = _cli_json(
        cli, "beta", "BTC-USD", "AI_BASKET", "--zero-days", "down", "--window", "60",
        "--stress-k", "2.0", "--start", "2024-01-02", "--asof", AS_OF,
        "--store", str(hostile_store),
    )  # fmt: skip
    assert _api_json(got) == want


def test_event_study_is_the_cli_document(cli: Any, hostile_store: Path) -> None:
    got = bl.event_study(
        "ORCL", "AMD", date="2025-12-11", targets=["BTC-USD", "NVDA"], window="-1:5",
        estimation=100, store=hostile_store,
    )  # fmt: skip
    want = _cli_json(
        cli, "event", "ORCL", "--date", "2025-12-11", "--window", "-1:5", "--estimation",
        "100", "--store", str(hostile_store), "--targets", "BTC-USD", "NVDA", "AMD",
    )  # fmt: skip
    assert _api_json(got) == want
    assert [row["symbol"] for row in want["targets"]] == ["BTC-USD", "NVDA", "AMD"]


def test_claims_is_the_cli_document(cli: Any, hostile_store: Path) -> None:
    got = bl.claims(as_of=AS_OF, store=hostile_store)
    want = _cli_json(cli, "claims", "--asof", AS_OF, "--store", str(hostile_store))
    assert _api_json(got) == want
    assert want["synthetic"] is True


def test_scenario_is_the_cli_document(cli: Any, hostile_store: Path) -> None:
    got = bl.scenario(
        paths=300, seed=7, phase1_sessions=15, phase2_basket_change=0.1, store=hostile_store
    )
    want = _cli_json(
        cli, "scenario", "--paths", "300", "--seed", "7", "--phase1-sessions", "15",
        "--phase2-basket-change", "0.1", "--store", str(hostile_store),
    )  # fmt: skip
    assert _api_json(got) == want


def test_an_open_store_answers_like_its_path(hostile_store: Path) -> None:
    store = bl.open_store(hostile_store)
    try:
        assert store.read_only
        by_store = bl.corr("BTC-USD", "NVDA", as_of=AS_OF, store=store)
        by_path = bl.corr("BTC-USD", "NVDA", as_of=AS_OF, store=str(hostile_store))
        assert by_store.to_dict() == by_path.to_dict()
    finally:
        store.close()


def test_the_default_store_is_used_without_store(
    hostile_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUBBLELINK_STORE", str(hostile_store))
    assert bl.corr(as_of=AS_OF).to_dict() == bl.corr(as_of=AS_OF, store=hostile_store).to_dict()


def test_a_bad_option_is_the_cli_one_line_error(hostile_store: Path) -> None:
    with pytest.raises(DataError, match=r"^invalid parameter window: .*greater than or equal"):
        bl.corr("BTC-USD", "NVDA", window=2, store=hostile_store)
    with pytest.raises(TypeError):
        bl.corr("BTC-USD", "NVDA", windw=30, store=hostile_store)  # type: ignore[call-arg]


def test_the_store_first_service_forms_still_work(hostile_store: Path) -> None:
    new = bl.beta("BTC-USD", "NVDA", as_of=AS_OF, store=hostile_store).to_dict()
    assert bl.beta(hostile_store, asset="BTC-USD", market="NVDA", as_of=AS_OF).to_dict() == new
    assert bl.beta(str(hostile_store), asset="BTC-USD", market="NVDA", as_of=AS_OF).to_dict() == new
    old = bl.scenario(hostile_store, paths=200, seed=1).to_dict()
    assert old == bl.scenario(paths=200, seed=1, store=hostile_store).to_dict()
    legacy = bl.correlation(hostile_store, a="BTC-USD", b="NVDA", as_of=AS_OF)
    assert (
        legacy.to_dict() == bl.corr("BTC-USD", "NVDA", as_of=AS_OF, store=hostile_store).to_dict()
    )


# -- plot(): the report's figure ------------------------------------------------------------


def test_event_plot_is_the_report_figure(hostile_store: Path) -> None:
    ctx = sections.ReportContext(store=hostile_store, as_of="2025-12-31")
    section = sections.events_section(ctx)  # first event: orcl-fy26q2 (reaction 2025-12-11)
    result = bl.event_study(
        "ORCL", date="2025-12-11", targets=["BTC-USD", *AI_BASKET, "^IXIC"], market="^IXIC",
        window="-1:5", as_of="2025-12-31", store=hostile_store,
    )  # fmt: skip
    figure = result.plot()
    assert isinstance(figure, go.Figure)
    assert figure == section.figures[0]
    assert figure.layout.title.text.startswith(charts.SYNTHETIC_TAG)


def test_corr_plot_is_the_report_line(hostile_store: Path) -> None:
    ctx = sections.ReportContext(store=hostile_store, as_of=AS_OF)
    report = sections.correlation_section(ctx).figures[0]
    # the report's first line: BTC vs the AI basket over 30 sessions, from ctx.start
    result = bl.corr(
        "BTC-USD", "AI_BASKET", window=30, start=ctx.start, as_of=AS_OF, store=hostile_store
    )
    figure = result.plot()
    assert len(figure.data) == 3  # the band's upper edge, the band, the line
    assert list(figure.data) == list(report.data[:3])
    assert report.data[3].name != figure.data[2].name  # the report's next line differs
    assert figure.layout.title.text == report.layout.title.text


def test_plot_without_a_chart_says_so(hostile_store: Path) -> None:
    result = bl.claims(as_of=AS_OF, store=hostile_store)
    with pytest.raises(DataError, match="'claims' results have no chart"):
        result.plot()


def test_plot_with_nothing_registered_says_what_to_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(figures, "_BUILDERS", {})
    result = ServiceResult("corr", None)
    with pytest.raises(DataError, match=r"import bubblelink\.report\.figures"):
        result.plot()


def test_every_api_chart_is_a_registered_figure() -> None:
    from bubblelink.api.routes.registry import ENDPOINTS
    from bubblelink.report.figures import FIGURES

    charted = {e.name for e in ENDPOINTS if e.chart is not None}
    assert charted == set(FIGURES) <= set(figures.registered_figures())


# -- _repr_html_ ----------------------------------------------------------------------------


def test_repr_html_escapes_every_text() -> None:
    hostile = "<script>alert('x')</script>"
    frame = pd.DataFrame({hostile: [hostile, 1.5]}, index=pd.Index([hostile, "b"], name="k"))
    result = ServiceResult(
        "corr",
        None,
        as_of=pd.Timestamp("2025-12-10", tz="UTC"),
        synthetic=True,
        provenance=(
            {
                "series": hostile,
                "source": "a&b",
                "first": "2025-01-01",
                "last": hostile,
                "n": 3,
                "vintage": None,
                "synthetic": True,
            },
        ),
        notes=(f"note {hostile}",),
        title=f"title {hostile}",
        views=((f"caption {hostile}", frame), ("second", frame)),
    )
    page = result._repr_html_()
    assert "<script" not in page.lower()
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    for text in (
        f"title {escaped}",
        f"caption {escaped}",
        f"note {escaped}",
        f"{escaped} (a&amp;b)",
    ):
        assert text in page
    assert page.count("&lt;script&gt;alert(") >= 4 + 2 * 3  # and the cells, twice over
    assert "SYNTHETIC" in page and "a&amp;b" in page and "<details>" in page


def test_repr_html_of_a_hostile_series(hostile_store: Path) -> None:
    result = bl.corr(XSS_SYMBOL, "BTC-USD", as_of=AS_OF, store=hostile_store)
    page = result._repr_html_()
    assert "<SCRIPT" not in page.upper().replace("&LT;SCRIPT", "")
    assert "&lt;SCRIPT&gt;WINDOW.__XSS=1&lt;/SCRIPT&gt;" in page
    # the table is the CLI's main table, the provenance one line per series read
    assert f"{result.to_frame().loc[0, 'value']:.6f}"[:6] in page
    assert page.count("<li>") == len(result.provenance) + len(result.notes)


# -- the package root wires the figures; the claims sub-package stays importable ----------


def test_a_service_name_from_the_root_plots_in_a_fresh_process(hostile_store: Path) -> None:
    """``bl.correlation`` (store-first, the service function) is enough for ``plot()``:
    looking it up on the root registers the report's figures."""
    import subprocess
    import sys

    code = (
        "import sys, bubblelink as bl\n"
        "assert 'bubblelink.report.figures' not in sys.modules\n"
        f"r = bl.correlation({str(hostile_store)!r}, a='BTC-USD', b='NVDA', as_of='{AS_OF}')\n"
        "print(type(r.plot()).__name__, r.plot().layout.title.text)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == (
        "Figure [SYNTHETIC] Rolling correlation of log returns (Fisher-z 95% band)"
    )


def test_the_claims_subpackage_is_still_importable_by_name() -> None:
    import importlib

    from bubblelink.claims import check_claims

    package = importlib.import_module("bubblelink.claims")
    assert package.check_claims is check_claims and package.__name__ == "bubblelink.claims"
    assert bl.claims.__module__ == "bubblelink.notebook"
    assert callable(bl.claims) and bl.claims_check.__module__ == "bubblelink.service.claims"
