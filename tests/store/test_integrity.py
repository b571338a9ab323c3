"""``store check``: a store written only through the writer passes every check; each
check fails, by name, on a store corrupted through raw DuckDB SQL."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.store import Store
from bubblelink.store.integrity import CHECK_NAMES, check_store
from tests.clirunner import CliRunner


def _closes(values: dict[str, float], sid: str = "NVDA") -> SeriesBatch:
    data = pd.DataFrame(
        {"date": pd.to_datetime(list(values)), "field": "close", "value": list(values.values())}
    )
    return SeriesBatch(SeriesMeta(id=sid), data)


def _macro(values: list[float], vintage: str) -> SeriesBatch:
    """A provider-vintaged monthly series (vintage = the estimated publication day)."""
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
            "field": "value",
            "value": values,
            "vintage": pd.to_datetime([vintage, vintage], utc=True),
        }
    )
    meta = SeriesMeta(id="M2SL", kind="macro", unit="USD bn", frequency="monthly", calendar="none")
    return SeriesBatch(meta, data)


def _clean_store(path: Path) -> Path:
    """Four ingests: first release, a revision, a provider-vintage revision (same vintage,
    new value: legitimate), and an ingest where every symbol failed (logged, no rows)."""
    with Store(path) as st:
        st.write(
            [_closes({"2024-01-02": 10.0, "2024-01-03": 11.0}), _macro([1.0, 2.0], "2024-03-15")],
            "t",
        )
        st.write([_closes({"2024-01-02": 10.0, "2024-01-03": 11.5, "2024-01-04": 12.0})], "t")
        st.write([_macro([1.0, 2.5], "2024-03-15")], "t")
        summary = ingest(st, FetchResult(failures={"ORCL": "HTTP 404"}), "t")
        assert not summary.ok
    return path


def _failed(path: Path) -> list[str]:
    with Store(path, read_only=True) as st:
        return [c.check for c in check_store(st) if c.status == "fail"]


def _corrupt(path: Path, *statements: str) -> None:
    con = duckdb.connect(str(path))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def test_a_store_written_by_the_writer_passes_every_check(tmp_path: Path) -> None:
    path = _clean_store(tmp_path / "s.duckdb")
    with Store(path, read_only=True) as st:
        outcomes = check_store(st)
        assert [c.check for c in outcomes] == list(CHECK_NAMES)
        assert all(c.status == "ok" for c in outcomes), outcomes
        # the fixture really exercises revisions and the failed-ingest log row
        assert st.row_count() == 2 + 2 + 2 + 1  # first ingest, revision + new day, M2SL revision
        log = st.ingest_log()
        assert len(log) == 4
        assert log.iloc[0]["rows_added"] == 0 and "ORCL" in log.iloc[0]["failures"]


#: (check, SQL that breaks exactly that invariant)
CORRUPTIONS: list[tuple[str, list[str]]] = [
    ("schema", ["UPDATE meta SET value = '0' WHERE key = 'schema_version'"]),
    ("schema", ["ALTER TABLE ingests DROP COLUMN warnings"]),
    ("registry", ["DELETE FROM series WHERE id = 'M2SL'"]),
    (
        "registry",
        ["INSERT INTO series SELECT 'EMPTY', kind, unit, frequency, source, calendar, synthetic, "
         "metadata, created_at, updated_at FROM series WHERE id = 'NVDA'"],
    ),
    ("fields", ["UPDATE observations SET field = 'clse' WHERE series_id = 'NVDA'"]),
    ("fields", ["UPDATE series SET kind = 'stock' WHERE id = 'NVDA'"]),
    ("fields", ["UPDATE observations SET value = -1 WHERE series_id = 'NVDA' AND value = 12"]),
    (
        "duplicates",
        ["INSERT INTO observations SELECT * FROM observations WHERE series_id = 'NVDA' "
         "AND value = 12",
         "UPDATE ingests SET rows_added = rows_added + 1 WHERE id = 2"],
    ),
    (
        "duplicates",
        # the same M2SL value stored again by a later ingest under the same vintage
        ["UPDATE observations SET value = 2.0 WHERE series_id = 'M2SL' AND ingest_id = 3"],
    ),
    (
        "vintages",
        # the first release's vintage moved after the revision of 2024-01-03
        ["UPDATE observations SET vintage = TIMESTAMP '2100-01-01' "
         "WHERE series_id = 'NVDA' AND ingest_id = 1 AND date = DATE '2024-01-03'"],
    ),
    ("ingest ids", ["DELETE FROM ingests WHERE id = 2"]),
    (
        "ingest ids",
        ["INSERT INTO ingests SELECT 99, started_at, finished_at, provider, request, 0, 0, 0, "
         "failures, warnings FROM ingests WHERE id = 4"],
    ),
    ("ingest log", ["UPDATE ingests SET rows_added = rows_added + 1 WHERE id = 1"]),
    ("ingest log", ["UPDATE ingests SET finished_at = started_at - INTERVAL 1 HOUR WHERE id = 1"]),
    (
        "ingest log",
        ["UPDATE observations SET ingested_at = ingested_at + INTERVAL 1 SECOND "
         "WHERE series_id = 'NVDA' AND ingest_id = 1 AND date = DATE '2024-01-02'"],
    ),
    ("values", ["UPDATE observations SET value = 'nan'::DOUBLE WHERE series_id = 'M2SL' AND value = 1"]),
    ("values", ["UPDATE observations SET value = 'inf'::DOUBLE WHERE series_id = 'NVDA' AND value = 12"]),
    (
        "dates",
        ["UPDATE observations SET date = CAST(timezone('UTC', ingested_at) AS DATE) + 3 "
         "WHERE series_id = 'NVDA' AND value = 12"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("check", "statements"), CORRUPTIONS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CORRUPTIONS)]
)
def test_each_corruption_fails_exactly_its_check(
    tmp_path: Path, check: str, statements: list[str]
) -> None:
    path = _clean_store(tmp_path / "s.duckdb")
    assert _failed(path) == []
    _corrupt(path, *statements)
    assert _failed(path) == [check]


def test_every_check_has_a_corruption() -> None:
    assert {c for c, _ in CORRUPTIONS} == set(CHECK_NAMES)


def test_a_failed_schema_skips_the_other_checks(tmp_path: Path) -> None:
    path = _clean_store(tmp_path / "s.duckdb")
    _corrupt(path, "DROP TABLE observations")
    with Store(path, read_only=True) as st:
        outcomes = check_store(st)
    assert outcomes[0].status == "fail" and "observations is missing" in outcomes[0].detail
    assert {c.status for c in outcomes[1:]} == {"skipped"}


def test_store_check_command_ok_and_failed(cli: CliRunner, tmp_path: Path) -> None:
    path = _clean_store(tmp_path / "s.duckdb")
    good = cli("store", "check", "--store", path)
    assert good.code == 0, good.err
    assert "ok (9 of 9 checks passed)" in good.out
    as_json = json.loads(cli("store", "check", "--store", path, "--format", "json").out)
    assert as_json["ok"] is True and as_json["failed"] == []
    assert [c["check"] for c in as_json["checks"]] == list(CHECK_NAMES)

    _corrupt(path, "UPDATE ingests SET rows_added = rows_added + 5 WHERE id = 1")
    bad = cli("store", "check", "--store", path, "--format", "json")
    assert bad.code == 1
    body = json.loads(bad.out)
    assert body["ok"] is False and body["failed"] == ["ingest log"]
    row = next(c for c in body["checks"] if c["check"] == "ingest log")
    assert row["status"] == "fail" and "ingest 1 logs 9, holds 4" in row["detail"]
    table = cli("store", "check", "--store", path)
    assert table.code == 1 and "FAILED (1 of 9 checks failed)" in table.out
    csv = cli("store", "check", "--store", path, "--format", "csv")
    assert csv.out.splitlines()[0] == "check,status,problems,detail"


def test_store_check_on_a_missing_store_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("store", "check", "--store", tmp_path / "nope.duckdb")
    assert result.code != 0 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_check_passes_on_the_shared_sample_store(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as st:
        assert [c.status for c in check_store(st)] == ["ok"] * len(CHECK_NAMES)
