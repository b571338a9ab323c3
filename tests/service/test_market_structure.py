"""Market structure through the service layer, the CLI, the API and the report, on a small
hand-made store (two crypto vendors, BTC, the AI basket, equities and GDP)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError, UnknownSymbolError
from bubblelink.service.data import store_data
from bubblelink.service.market_structure import dominance, valuation
from bubblelink.store import Store
from tests.clirunner import CliRunner
from tests.service.test_vocabulary import _check_document, _check_labels
from tests.stores import market_structure_store

#: (CLI arguments, API path) of the market-structure questions, walked like every other
#: question by tests/service/test_vocabulary.py (on their own store: the sample market has
#: no dominance, equities or GDP series).
MARKET_STRUCTURE_QUESTIONS: list[tuple[list[str], str]] = [
    (["dominance", "--window", "1w", "--window", "2025-02-01"],
     "/api/dominance?window=1w,2025-02-01"),
    (["valuation"], "/api/valuation"),
]  # fmt: skip


@pytest.fixture(scope="module")
def ms_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return market_structure_store(tmp_path_factory.mktemp("ms") / "store.duckdb")


def test_concept_resolver_priority_overlap_and_cutoff(ms_store: Path) -> None:
    with store_data(ms_store) as data:
        read = data.crypto_concept("BTC_DOMINANCE_MERGED")
        assert read.spliced.sources == ("BTC_DOMINANCE", "BTC_DOMINANCE_CMC")
        assert read.overlap is not None and read.overlap.n == 31  # March 2025
        assert read.overlap.mean == pytest.approx(2.0) and not read.relative
        assert read.uncertainty(58.0) == pytest.approx(2.0)
        cap = data.crypto_concept("CRYPTO_TOTAL_MCAP_MERGED")
        assert cap.relative and cap.overlap.mean == pytest.approx(-0.03)  # type: ignore[union-attr]
        assert cap.uncertainty(1e12) == pytest.approx(0.03e12)
        frame = data.prices(["BTC_DOMINANCE_MERGED"], start="2025-03-25", end="2025-04-05")
        sources = frame.attrs["sources"]["BTC_DOMINANCE_MERGED"]
        assert (sources.loc[:"2025-03-31"] == "BTC_DOMINANCE").all()
        assert (sources.loc["2025-04-01":] == "BTC_DOMINANCE_CMC").all()
        prov = {p["series"]: p for p in frame.attrs["provenance"]}
        assert prov["BTC_DOMINANCE"]["rows"] == 7 and prov["BTC_DOMINANCE_CMC"]["rows"] == 5
        assert prov["BTC_DOMINANCE_CMC"]["first"] == "2025-04-01"
        assert any("two sources in this span" in n for n in data.notes)
        with pytest.raises(DataError, match="not a return series"):
            data.returns(["BTC_DOMINANCE_MERGED"])
    # as of 2025-04-10: the CoinMarketCap value dated 2025-04-10 is out only on 04-11
    with store_data(ms_store, as_of="2025-04-10") as data:
        values = data.crypto_concept("BTC_DOMINANCE_MERGED").spliced.values
        assert values.index[-1] == pd.Timestamp("2025-04-09", tz="UTC")


def test_concept_without_any_source_is_unknown(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb"):
        pass
    with store_data(tmp_path / "empty.duckdb") as data:
        with pytest.raises(
            UnknownSymbolError, match="needs one of BTC_DOMINANCE, BTC_DOMINANCE_CMC"
        ):
            data.check(["BTC_DOMINANCE_MERGED"])
        assert not data.has("BTC_DOMINANCE_MERGED")


def test_dominance_service(ms_store: Path) -> None:
    answer = dominance(ms_store, window=["1w", "2025-02-01"], stress_pct=10)
    report = answer.result
    table = report.dominance.table
    # 1w: CoinMarketCap alone, 7 days x 0.01 pp
    assert table.loc["1w", "source"] == "BTC_DOMINANCE_CMC"
    assert table.loc["1w", "change"] == pytest.approx(0.07)
    # from 2025-02-01: CoinGecko at the start, CoinMarketCap at the end: flagged as mixed
    assert bool(table.loc["2025-02-01", "mixed"])
    assert table.loc["2025-02-01", "source"] == "BTC_DOMINANCE -> BTC_DOMINANCE_CMC"
    assert set(report.stress) == {"BTC-USD", "AI_BASKET", "BTC-USD drawdown"}
    assert "20% below its running peak since 2025-01-01" in report.stress["BTC-USD drawdown"].rule
    btc = report.stress["BTC-USD"]
    assert btc is not None and btc.n_stress == int(np.floor(btc.n_stress + btc.n_other) * 0.1)
    assert report.stress["AI_BASKET"] is not None
    latest = report.latest
    assert latest.loc["BTC_DOMINANCE_MERGED", "source"] == "BTC_DOMINANCE_CMC"
    assert latest.loc["BTC_DOMINANCE", "date"] == pd.Timestamp("2025-03-31", tz="UTC")
    assert report.path is not None and "BTC-USD" in report.path.columns
    assert report.path["BTC_DOMINANCE_MERGED_source"].iloc[0] == "BTC_DOMINANCE"
    assert any(n.startswith("timing:") for n in answer.notes)
    series = {p["series"] for p in answer.provenance}
    assert {"BTC_DOMINANCE", "BTC_DOMINANCE_CMC", "BTC-USD"} <= series
    payload = answer.to_dict()
    assert payload["overlap"]["BTC_DOMINANCE_MERGED"]["n"] == 31
    first = payload["windows"][0]
    assert (first["concept"], first["window"], first["n"]) == ("BTC_DOMINANCE_MERGED", "1w", 8)


def test_valuation_service_as_of(ms_store: Path) -> None:
    answer = valuation(ms_store, as_of="2025-06-30")
    res = answer.result
    # 2025Q1 (2025-01-01 + 165 d = 2025-06-15) is out on 2025-06-30; 2025Q2 is not
    assert res.quarter == "2025Q1"
    n = len(pd.date_range("1985-01-01", "2025-01-01", freq="QS"))
    assert res.value == pytest.approx(100 * 1e6 * (10 + n - 1) / (1000 * 10_000))
    assert res.percentile == pytest.approx(100.0) and res.n == n - 20  # since 1990
    assert res.gdp_last == pd.Timestamp("2025-01-01", tz="UTC")  # 2025Q2 + 120 d > as-of
    assert any("NONFINANCIAL" in note for note in answer.notes)
    assert any("quarter matching" in note for note in answer.notes)


def test_cli_json_equals_api_json_and_charts(ms_store: Path, cli: CliRunner) -> None:
    from fastapi.testclient import TestClient

    from bubblelink.api import ApiSettings, create_app

    out = cli("dominance", "--store", ms_store, "--window", "1w", "--asof", "2025-05-31",
              "--format", "json")  # fmt: skip
    assert out.code == 0, out.err
    val = cli("valuation", "--store", ms_store, "--format", "json")
    assert val.code == 0, val.err
    table = cli("dominance", "--store", ms_store, "--no-path")
    assert table.code == 0 and "BTC_DOMINANCE_CMC" in table.out
    bad = cli("dominance", "--store", ms_store, "--window", "fortnight")
    assert bad.code == 2 and "invalid parameter window" in bad.err
    with TestClient(create_app(ApiSettings(store=ms_store))) as client:
        api = client.get("/api/dominance", params={"window": "1w", "as_of": "2025-05-31"})
        assert api.status_code == 200, api.text
        assert api.json() == json.loads(out.out)
        api_val = client.get("/api/valuation")
        assert api_val.json() == json.loads(val.out)
        for name in ("dominance", "valuation"):
            chart = client.get(f"/api/charts/{name}")
            assert chart.status_code == 200, chart.text
            assert chart.json()["data"]


def test_report_section(ms_store: Path) -> None:
    from bubblelink.report.sections import ReportContext, market_structure_section

    section = market_structure_section(ReportContext(store=ms_store))
    assert section.id == "market-structure" and len(section.figures) == 2
    assert [t.caption for t in section.tables][-1] == "Nonfinancial corporate equities / GDP"


@pytest.mark.parametrize(("args", "url"), MARKET_STRUCTURE_QUESTIONS, ids=lambda v: str(v)[:40])
def test_one_vocabulary_cli_and_api(ms_store: Path, cli: CliRunner, args: list[str], url: str):
    from fastapi.testclient import TestClient

    from bubblelink.api import ApiSettings, create_app

    asof = "2025-06-20"
    out = cli(*args, "--asof", asof, "--store", ms_store, "--format", "json")
    assert out.code == 0, out.err
    doc = json.loads(out.out)
    _check_document(doc)
    assert doc["as_of"] <= asof
    with TestClient(create_app(ApiSettings(store=ms_store))) as client:
        assert client.get(f"{url}{'&' if '?' in url else '?'}as_of={asof}").json() == doc
    table = cli(*args, "--asof", asof, "--store", ms_store, "--format", "csv")
    assert table.code == 0, table.err
    _check_labels(doc, table.out)
