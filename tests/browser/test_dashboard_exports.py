"""The dashboard's downloads (CSV of a panel's data, PNG of its chart) and accessibility.

The CSV is made in the browser from the JSON the panel drew; the test builds the same
rows from the API's answer to the same request and compares them value by value. The
accessibility check is axe-core (bundled by the ``axe-playwright-python`` package, read
from disk: nothing is fetched) with no serious or critical violation allowed.
"""

from __future__ import annotations

import csv
import io
import json
import math
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PageWatch

TIMEOUT = 30_000


def _open(watched: PageWatch, live_server: str, query: str = "") -> None:
    watched.page.goto(live_server + "/" + query)
    watched.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=TIMEOUT)


def _api(live_server: str, path: str) -> Any:
    with urllib.request.urlopen(live_server + path, timeout=60) as answer:
        return json.loads(answer.read())


def _download(page: Any, button: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click(button)
    download = info.value
    path = download.path()
    return download.suggested_filename, Path(path).read_bytes()


def _same(cell: str, value: Any) -> bool:
    """A CSV cell equals a JSON value: numbers as numbers, null as empty, text as text."""
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == str(value).lower()
    if isinstance(value, int | float):
        return cell != "" and (
            float(cell) == float(value) or (math.isnan(float(cell)) and math.isnan(float(value)))
        )
    return cell == str(value)


def test_chart_csv_equals_the_api_json(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server, "?a=BTC-USD&b=NVDA&window=60&start=2024-01-02")
    page = watched.page
    name, body = _download(page, "#csv-corr")
    assert name == "bubblelink_corr_BTC-USD_NVDA.csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    figure = _api(live_server, "/api/charts/corr?a=BTC-USD&b=NVDA&window=60&start=2024-01-02")
    expected = [
        (trace.get("name") or f"scatter {i}", x, y)
        for i, trace in enumerate(figure["data"])
        for x, y in zip(trace["x"], trace["y"], strict=True)
    ]
    assert len(rows) == len(expected) > 500
    assert list(rows[0]) == ["trace", "x", "y", "text"]
    for row, (trace, x, y) in zip(rows, expected, strict=True):
        assert row["trace"] == trace
        assert row["x"] == x
        assert _same(row["y"], y), (row, y)
    assert "BTC-USD vs NVDA (60)" in {row["trace"] for row in rows}
    assert watched.errors == []


def test_claims_csv_equals_the_api_json(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    name, body = _download(watched.page, "#csv-claims")
    assert name == "bubblelink_claims.csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    claims = _api(live_server, "/api/claims")["claims"]
    assert len(rows) == len(claims) >= 10
    for row, claim in zip(rows, claims, strict=True):
        assert row["id"] == claim["id"]
        assert row["claim"] == claim["claim"]
        assert row["verdict"] == claim["verdict"]
        assert _same(row["value"], claim["value"]), (row["value"], claim["value"])
        assert row["reason"] == (claim.get("reason") or "")
        assert row["sample"] == (claim["sample"]["text"] if claim.get("sample") else "")


def test_chart_png_download(watched: PageWatch, live_server: str) -> None:
    _open(watched, live_server)
    name, body = _download(watched.page, "#png-risk")
    assert name == "bubblelink_risk.png"
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(body) > 10_000
    assert watched.errors == []


def _axe_source() -> str:
    package = pytest.importorskip("axe_playwright_python")  # the dev extra
    return (Path(package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("query", ["", "?b=NOSUCH"], ids=["view", "bad-symbol"])
def test_no_serious_accessibility_violations(
    watched: PageWatch, live_server: str, artifacts: Path, query: str
) -> None:
    _open(watched, live_server, query)
    page = watched.page
    page.add_script_tag(content=_axe_source())
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.map((n) => n.target.join(' '))}))"""
    )
    name = "axe-bad-symbol.json" if query else "axe.json"
    (artifacts / name).write_text(json.dumps(violations, indent=1), encoding="utf-8")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert watched.external == []
