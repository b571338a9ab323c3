"""The dashboard loads plotly.js's *finance* partial bundle: every chart must fit in it.

The full plotly.js (4.8 MB) took 2.3 s to load and parse in headless chromium on the
benchmark machine, longer than the whole first panel may take; the finance bundle
(1.3 MB: scatter, bar, indicator and the finance traces) draws every figure the
``/api/charts/*`` endpoints make. A chart that starts using another trace type (a
heatmap, say) would draw nothing in the dashboard: this test fails first.
"""

from __future__ import annotations

import re
from typing import Any

from bubblelink.api.routes import analyses
from bubblelink.api.routes.dashboard import PLOTLY_BUNDLE, STATIC_DIR


def bundle_traces() -> set[str]:
    """The trace types the vendored bundle registers (read from the file itself)."""
    text = (STATIC_DIR / PLOTLY_BUNDLE).read_text(encoding="utf-8")
    return set(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', text))


def test_bundle_is_the_finance_partial_bundle() -> None:
    traces = bundle_traces()
    assert {"scatter", "bar", "indicator"} <= traces
    assert "heatmap" not in traces and "scatter3d" not in traces  # a partial bundle
    header = (STATIC_DIR / PLOTLY_BUNDLE).read_text(encoding="utf-8")[:200]
    assert "plotly.js (finance - minified)" in header and "MIT license" in header
    assert (STATIC_DIR / "plotly-finance.LICENSE").read_text().startswith("MIT License")


def test_every_chart_draws_with_the_bundle(client: Any) -> None:
    traces = bundle_traces()
    drawn: dict[str, set[str]] = {}
    for endpoint in analyses.ENDPOINTS:
        if endpoint.chart is None:
            continue
        response = client.get(f"/api/charts/{endpoint.name}")
        if response.status_code != 200:  # needs data the sample store lacks, or a parameter
            continue
        drawn[endpoint.name] = {t.get("type", "scatter") for t in response.json()["data"]}
    assert {"corr", "beta", "dcc", "risk", "perf", "liquidity"} <= set(drawn), sorted(drawn)
    outside = {name: sorted(types - traces) for name, types in drawn.items() if types - traces}
    assert not outside, f"trace types missing from {PLOTLY_BUNDLE}: {outside}"


def test_page_loads_the_bundle(client: Any) -> None:
    page = client.get("/")
    assert f'<script src="/static/{PLOTLY_BUNDLE}"' in page.text
    js = client.get(f"/static/{PLOTLY_BUNDLE}")
    assert js.status_code == 200 and 1_000_000 < len(js.content) < 2_000_000
    assert "max-age" in js.headers.get("cache-control", "")
