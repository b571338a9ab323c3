"""Every ingest is logged, failed or not: an ingest where every symbol fails writes one
``ingests`` row with its failures and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.store import Store
from bubblelink.store.integrity import check_store
from tests.clirunner import CliRunner


def _snapshot(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    with Store(path, read_only=True) as st:
        obs = st.query("SELECT * FROM observations ORDER BY ALL")
        series = st.query("SELECT * FROM series ORDER BY id")
    return obs, series


def _log(path: Path) -> pd.DataFrame:
    with Store(path, read_only=True) as st:
        return st.ingest_log()


def test_a_rejected_file_is_logged_with_its_failure(cli: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    good = tmp_path / "good.csv"
    good.write_text("date,close\n2024-01-02,10\n2024-01-03,11\n")
    assert cli("ingest", "csv", good, "--symbol", "NVDA", "--store", store).code == 0
    before = _snapshot(store)

    bad = tmp_path / "bad.csv"
    bad.write_text("date,close\n2024-01-04,12\n2024-01-05,-3\n")  # a negative price: rejected
    result = cli("ingest", "csv", bad, "--symbol", "NVDA", "--store", store, "--format", "json")
    assert result.code == 1
    body = json.loads(result.out)
    log = _log(store)
    assert len(log) == 2
    last = log.iloc[0]
    assert int(last["id"]) == body["ingest_id"]
    assert last["provider"] == "csv"
    assert (last["rows_added"], last["rows_revised"], last["rows_unchanged"]) == (0, 0, 0)
    failures = json.loads(last["failures"])
    assert list(failures) == ["NVDA"] and "non-positive" in failures["NVDA"]
    assert str(bad) in json.loads(last["request"])["paths"]
    after = _snapshot(store)  # nothing else changed
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])
    with Store(store, read_only=True) as st:
        assert all(c.ok for c in check_store(st))


def test_every_symbol_failing_to_fetch_is_logged(tmp_path: Path) -> None:
    fetched = FetchResult(failures={"M2SL": "HTTP 500 from FRED", "WALCL": "HTTP 500 from FRED"})
    with Store(tmp_path / "s.duckdb") as st:
        summary = ingest(st, fetched, "fred", request={"series": ["M2SL", "WALCL"]})
        log = st.ingest_log()
        assert st.row_count() == 0 and st.series_ids() == []
    assert not summary.ok and summary.ingest_id == int(log.iloc[0]["id"])
    assert len(log) == 1
    assert json.loads(log.iloc[0]["failures"]) == {
        "M2SL": "HTTP 500 from FRED",
        "WALCL": "HTTP 500 from FRED",
    }


def test_a_refused_write_is_logged_and_stores_nothing(tmp_path: Path) -> None:
    """The write itself fails (real data into a synthetic series): rolled back, logged."""
    data = pd.DataFrame({"date": pd.to_datetime(["2024-01-02"]), "field": "close", "value": [5.0]})
    with Store(tmp_path / "s.duckdb") as st:
        st.write([SeriesBatch(SeriesMeta(id="BTC-USD", synthetic=True), data)], "sample")
        rows = st.row_count()
        real = SeriesBatch(SeriesMeta(id="BTC-USD", calendar="24/7", frequency="daily"), data)
        summary = ingest(st, FetchResult(batches=[real]), "csv")
        log = st.ingest_log()
        assert st.row_count() == rows
    assert not summary.ok
    assert len(log) == 2 and int(log.iloc[0]["id"]) == summary.ingest_id
    assert "synthetic" in json.loads(log.iloc[0]["failures"])["BTC-USD"]


def test_a_successful_ingest_is_still_logged_once(tmp_path: Path) -> None:
    data = pd.DataFrame({"date": pd.to_datetime(["2024-01-02"]), "field": "close", "value": [5.0]})
    with Store(tmp_path / "s.duckdb") as st:
        fetched = FetchResult(
            batches=[SeriesBatch(SeriesMeta(id="NVDA"), data)], failures={"ORCL": "no data"}
        )
        summary = ingest(st, fetched, "yahoo")
        log = st.ingest_log()
    assert len(log) == 1 and int(log.iloc[0]["rows_added"]) == 1 == summary.added
    assert json.loads(log.iloc[0]["failures"]) == {"ORCL": "no data"}
