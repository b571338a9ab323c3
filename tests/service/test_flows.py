"""``bubblelink ingest etf-flows`` and ``bubblelink flows``: service, CLI, API and report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.service import ingest as ingest_service
from bubblelink.service.flows import flows, stress_window
from bubblelink.store import Store
from tests.clirunner import CliRunner


@pytest.fixture(scope="module")
def flows_store(
    liquidity_real_store: Path, shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The real prices (BTC, NVDA, ORCL, AMD, ^IXIC...) plus the per-fund and total-only
    flow tables."""
    path = tmp_path_factory.mktemp("flows") / "store.duckdb"
    shutil.copy(liquidity_real_store, path)
    folder = shared_data_dir / "flows"
    for name in ("etf_flows_btc_to2026.csv", "etf_flows_btc_total.csv"):
        result = ingest_service.ingest_etf_flows(path, folder / name)
        assert result.result.ok
    return path


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text.strip() + "\n")
    return path


PER_FUND = """
date,IBIT,FBTC,Total
2024-01-11,10.0,5.0,15.0
2024-01-12,-3.0,1.0,-2.0
2024-01-16,4.0,-,4.0
"""


# -- ingest ------------------------------------------------------------------------------


def test_ingest_cli_stores_funds_and_total(
    cli: CliRunner, tmp_path: Path, store_path: Path
) -> None:
    path = _file(tmp_path, "per_fund.csv", PER_FUND)
    result = cli("ingest", "etf-flows", str(path), "--store", str(store_path), "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    added = {s["symbol"]: s["added"] for s in doc["symbols"]}
    assert added == {"ETF_FLOW:FBTC": 2, "ETF_FLOW:IBIT": 3, "ETF_FLOW:TOTAL": 3}
    with Store(store_path, read_only=True) as st:
        meta = st.meta("ETF_FLOW:IBIT")
        assert (meta.kind, meta.unit, meta.source) == ("flow", "millions USD", "csv:per_fund.csv")
        assert meta.metadata["issuer"] == "BlackRock"
        fbtc = st.read(["ETF_FLOW:FBTC"])
        # "-" is no data: not stored, not zero
        assert list(pd.DatetimeIndex(fbtc["date"]).strftime("%Y-%m-%d")) == [
            "2024-01-11",
            "2024-01-12",
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date,IBIT,NOPE,Total\n2024-01-11,1,1,2\n", "line 1, column 3 ('NOPE')"),
        ("date,IBIT,Total\n2024-01-11,1,1\n2024-01-12,abc,1\n", "line 3, column IBIT: 'abc'"),
        ("date,IBIT,Total\n2024-01-11,1,1\n2024-01-11,2,2\n", "line 3, column date: 2024-01-11"),
    ],
    ids=["unknown-fund", "mangled-number", "date-twice"],
)
def test_bad_file_is_one_line_and_changes_nothing(
    cli: CliRunner, tmp_path: Path, store_path: Path, text: str, expected: str
) -> None:
    good = _file(tmp_path, "good.csv", PER_FUND)
    assert cli("ingest", "etf-flows", str(good), "--store", str(store_path)).code == 0
    with Store(store_path, read_only=True) as st:
        before = (st.state_token(), st.row_count(), st.read(st.series_ids()))
    bad = _file(tmp_path, "bad.csv", text)
    result = cli("ingest", "etf-flows", str(bad), "--store", str(store_path))
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert "bad.csv" in lines[0] and expected in lines[0], lines[0]
    assert "Traceback" not in result.err
    with Store(store_path, read_only=True) as st:
        after = (st.state_token(), st.row_count(), st.read(st.series_ids()))
    assert before[:2] == after[:2]
    pd.testing.assert_frame_equal(before[2], after[2])


def test_total_only_after_per_fund_is_a_separate_source(tmp_path: Path, store_path: Path) -> None:
    ingest_service.ingest_etf_flows(store_path, _file(tmp_path, "per_fund.csv", PER_FUND))
    total_only = _file(
        tmp_path,
        "totals.csv",
        'Date,Total\n11 Jan 2024,15.0\n12 Jan 2024,-2.5\n16 Jan 2024,4.1\n17 Jan 2024,"1,000.0"\n'
        'Total,"1,016.6"\n',
    )
    result = ingest_service.ingest_etf_flows(store_path, total_only)
    outcome = next(o for o in result.result.outcomes if o.symbol == "ETF_FLOW:TOTAL@total-only")
    assert outcome.added == 4
    warning = next(w for w in outcome.warnings if w.startswith("against the stored"))
    assert "overlap on 3 days and disagree (> 0.15 US$ m) on 1" in warning
    assert "2024-01-12: per-fund -2.0 vs total-only -2.5" in warning
    with Store(store_path, read_only=True) as st:
        per_fund = st.read(["ETF_FLOW:TOTAL"])
        assert per_fund["value"].tolist() == [15.0, -2.0, 4.0]  # not overwritten
    # the analyses use the per-fund total and fill 2024-01-17 from the total-only table
    answer = flows(store_path)
    report = answer.result
    assert report.daily_total.tolist() == [15.0, -2.0, 4.0, 1000.0]
    assert report.totals.n_total_only == 1 and len(report.totals.disagreements) == 1
    assert any("disagree" in n for n in answer.notes)
    assert report.streaks["TOTAL"].current.total == 1004.0  # 4.0 then 1000.0


# -- the flows question on the real data -----------------------------------------------


def test_flows_on_real_data(flows_store: Path, shared_data_dir: Path) -> None:
    raw = pd.read_csv(shared_data_dir / "flows" / "etf_flows_btc_to2026.csv", parse_dates=["date"])
    answer = flows(flows_store)
    report = answer.result
    assert report.mode == "flows" and report.n == 655
    assert report.first == pd.Timestamp("2024-01-11") and report.last == pd.Timestamp("2026-08-21")
    assert report.summary_table.loc["TOTAL", "cumulative"] == pytest.approx(raw["Total"].sum())
    assert report.summary_table.loc["IBIT", "cumulative"] == pytest.approx(raw["IBIT"].sum())
    assert report.cumulative["TOTAL"].iloc[-1] == pytest.approx(raw["Total"].sum())
    assert report.totals.common == 495 and len(report.totals.disagreements) == 0
    # worst tech days: the AI basket
    assert report.worst_days.tech == "AI_BASKET" and report.worst_days.k == 10
    worst = report.worst_days.table
    assert (worst["flow"].to_numpy() == raw.set_index("date").loc[worst.index, "Total"]).all()
    # lead-lag: three relations, the alignment is the frames' rule
    assert list(report.lead_lag.table.index) == ["same day", "flows lead", "returns lead"]
    assert "00:00 UTC next day" in report.lead_lag.alignment
    # the stress window from the events catalog, summed independently
    start, end, label = stress_window()
    assert (start, end) == (pd.Timestamp("2025-12-11"), pd.Timestamp("2025-12-18"))
    inside = raw[(raw["date"] >= start) & (raw["date"] <= end)]
    assert report.stress.n == len(inside) == 6
    assert report.stress.total == pytest.approx(inside["Total"].sum())
    assert "orcl-fy26q2" in label
    ids = {p["series"] for p in answer.provenance}
    assert {"ETF_FLOW:TOTAL", "ETF_FLOW:IBIT", "BTC-USD", "NVDA"} <= ids
    assert not answer.synthetic


def test_flows_asof_and_since(flows_store: Path) -> None:
    cut = flows(flows_store, as_of="2025-12-31").result
    assert cut.last == pd.Timestamp("2025-12-31") and cut.n == 495
    since = flows(flows_store, since="2025-01-02", as_of="2025-12-31").result
    assert since.first == pd.Timestamp("2025-01-02")
    assert since.n == 495 - int((cut.daily_total.index < pd.Timestamp("2025-01-02")).sum())


def test_cli_json_equals_api_json(cli: CliRunner, flows_store: Path) -> None:
    from fastapi.testclient import TestClient

    from bubblelink.api import ApiSettings, create_app

    args = ["flows", "--asof", "2026-06-30", "--worst", "5", "--store", str(flows_store)]
    doc = json.loads(cli(*args, "--format", "json").out)
    with TestClient(create_app(ApiSettings(store=flows_store))) as client:
        answer = client.get("/api/flows?as_of=2026-06-30&worst=5")
        chart = client.get("/api/charts/flows?as_of=2026-06-30")
    assert answer.status_code == 200, answer.text
    assert answer.json() == doc
    assert list(doc)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert doc["mode"] == "flows" and doc["worst_days"]["k"] == 5
    assert doc["last"] <= "2026-06-30"
    assert chart.status_code == 200
    assert "Spot bitcoin ETF flows" in chart.json()["layout"]["title"]["text"]
    table = cli(*args, "--format", "csv")
    assert table.code == 0
    header = table.out.splitlines()[0].split(",")
    row_keys = set(doc["series"][0])
    assert [c for c in header if c not in row_keys] == []


def test_bad_parameters(cli: CliRunner, flows_store: Path) -> None:
    result = cli("flows", "--worst", "0", "--store", str(flows_store))
    assert result.code == 2 and "worst" in result.err


def test_no_flows_and_no_proxy_is_an_error(store_path: Path) -> None:
    with Store(store_path) as st:
        _write_prices(st, "NVDA", with_volume=False)
    with pytest.raises(DataError, match="ingest etf-flows"):
        flows(store_path)


def test_proxy_when_no_flow_table(store_path: Path) -> None:
    with Store(store_path) as st:
        _write_prices(st, "IBIT", with_volume=True)
    answer = flows(store_path)
    report = answer.result
    assert report.mode == "proxy"
    assert "PROXY" in report.proxy_label and "NOT ETF flows" in " ".join(answer.notes)
    frame = answer.to_frame()
    assert frame.loc["all sessions", "mean_dollar_volume_proxy"] == pytest.approx(50.0 * 2.0)
    doc = answer.to_dict()
    assert doc["mode"] == "proxy" and doc["streaks"] == {} and doc["lead_lag"] is None


def _write_prices(st: Store, symbol: str, with_volume: bool) -> None:
    dates = pd.bdate_range("2025-11-03", "2025-12-31")
    rows = [pd.DataFrame({"date": dates, "field": "close", "value": 50.0})]
    if with_volume:
        rows.append(pd.DataFrame({"date": dates, "field": "volume", "value": 2e6}))
    meta = SeriesMeta(id=symbol, kind="price", unit="USD", source="test", calendar="XNYS")
    fetched = FetchResult(batches=[SeriesBatch(meta=meta, data=pd.concat(rows))])
    from bubblelink.ingest import ingest

    ingest(st, fetched, "test")


def test_report_section(flows_store: Path) -> None:
    from bubblelink.report.sections import ReportContext, flows_section

    section = flows_section(ReportContext(store=flows_store, as_of="2026-06-30"))
    assert section.id == "etf-flows" and section.title == "ETF flows"
    assert len(section.figures) == 1 and len(section.tables) == 5
    assert section.unavailable is None


def test_chart_marks_inflows_and_outflows(flows_store: Path) -> None:
    from bubblelink.report.charts import flows_chart

    report = flows(flows_store, as_of="2024-03-01").result
    fig = flows_chart(report, synthetic=True)
    assert fig.layout.title.text.startswith("[SYNTHETIC]")
    bars: Any = fig.data[0]
    daily = report.daily_total
    assert list(bars.y) == daily.tolist()
    assert np.sum(np.array(bars.marker.color) == "#D55E00") == int((daily < 0).sum())
