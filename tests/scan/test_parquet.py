"""The Parquet data plane: ``store export`` / ``store import`` round trip, reads, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.service.scan import scan
from bubblelink.service.store_parquet import store_export, store_import
from bubblelink.store import Store
from bubblelink.store.parquet import ParquetStore
from tests.clirunner import CliRunner
from tests.scan.conftest import batch

EVERY_ROW = (
    "SELECT series_id, date, field, value, vintage, source FROM observations "
    "ORDER BY series_id, field, date, vintage"
)
REGISTRY = "SELECT id, kind, unit, frequency, source, calendar, synthetic, metadata FROM series ORDER BY id"


@pytest.fixture
def odd_store(scan_store: Path, tmp_path: Path) -> Path:
    """The scan market plus a series whose id needs URI encoding (``^T ST/1``)."""
    path = tmp_path / "odd.duckdb"
    shutil.copy(scan_store, path)
    values = pd.Series([1.0, 2.5, 3.25], pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"]))
    with Store(path) as st:
        st.write([batch("^T ST/1", values)], "test")
    return path


def test_round_trip_keeps_every_vintage_and_value_exactly(odd_store: Path, tmp_path: Path) -> None:
    export = tmp_path / "export"
    out = store_export(odd_store, str(export)).to_dict()
    with Store(odd_store, read_only=True) as st:
        assert out["series"] == 15 and out["rows"] == st.row_count()
    back = tmp_path / "back.duckdb"
    imported = store_import(back, str(export)).to_dict()
    assert imported["added"] == imported["rows"] == out["rows"]
    with Store(odd_store, read_only=True) as a, Store(back, read_only=True) as b:
        before, after = a.query(EVERY_ROW), b.query(EVERY_ROW)
        pd.testing.assert_frame_equal(before, after, check_exact=True)
        pd.testing.assert_frame_equal(a.query(REGISTRY), b.query(REGISTRY), check_exact=True)
        # the revised observation has its two vintages in both
        day = pd.Timestamp(before[(before.series_id == "A03") & (before.source == "test-revision")]
                           ["date"].iloc[0])  # fmt: skip
        assert len(b.vintages("A03", day, "close")) == 2
        assert a.vintages("A03", day, "close")["value"].tolist() == (
            b.vintages("A03", day, "close")["value"].tolist()
        )
    # importing again changes nothing
    again = store_import(back, str(export)).to_dict()
    assert again["added"] == 0 and again["revised"] == 0 and again["unchanged"] == out["rows"]


def test_the_export_is_a_standard_hive_dataset(odd_store: Path, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    export = tmp_path / "export"
    store_export(odd_store, str(export))
    assert (export / "observations" / "symbol=%5ET%20ST%2F1" / "part-0.parquet").exists()
    table = ds.dataset(export / "observations", partitioning="hive").to_table().to_pandas()
    assert set(table["symbol"]) == {*(f"A{i:02d}" for i in range(10)), "TGT", "LATE", "GONE",
                                    "FLAT", "^T ST/1"}  # fmt: skip
    assert table[table["symbol"] == "^T ST/1"]["value"].tolist() == [1.0, 2.5, 3.25]


def test_parquet_store_reads_what_the_duckdb_file_reads(scan_store: Path, tmp_path: Path) -> None:
    export = tmp_path / "export"
    store_export(scan_store, str(export))
    ids = ["A03", "TGT", "LATE"]
    with Store(scan_store, read_only=True) as db, ParquetStore(str(export)) as pq:
        assert db.info() == pq.info()
        for as_of in (None, "2025-01-15"):
            pd.testing.assert_frame_equal(db.read(ids, as_of=as_of), pq.read(ids, as_of=as_of),
                                          check_exact=True)  # fmt: skip
            pd.testing.assert_frame_equal(
                db.read_vintages(ids, as_of=as_of), pq.read_vintages(ids, as_of=as_of),
                check_exact=True,
            )  # fmt: skip
        with pytest.raises(DataError, match="unknown series 'NOPE' in the Parquet export"):
            pq.read(["NOPE"])


def test_a_scan_on_the_export_equals_the_scan_on_the_store(
    scan_store: Path, universe_file: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    store_export(scan_store, str(export))
    kw = dict(universe=str(universe_file), target="TGT", window=40, metrics="corr,beta,granger")
    on_store = scan(scan_store, **kw)
    on_export = scan(None, source=str(export), **kw)
    pd.testing.assert_frame_equal(on_store.result.rows, on_export.result.rows, check_exact=True)
    assert on_store.provenance == on_export.provenance


def test_fsspec_urls(scan_store: Path, tmp_path: Path) -> None:
    """``memory://`` stands for s3:// or gs://: the same code path through fsspec."""
    store_export(scan_store, "memory://bubblelink-test/export")
    back = tmp_path / "back.duckdb"
    store_import(back, "memory://bubblelink-test/export")
    with Store(scan_store, read_only=True) as a, Store(back, read_only=True) as b:
        pd.testing.assert_frame_equal(a.query(EVERY_ROW), b.query(EVERY_ROW), check_exact=True)
    with pytest.raises(DataError, match="install the fsspec package for nosuchproto://"):
        store_export(scan_store, "nosuchproto://x/y")


def test_bad_export_directories_change_nothing(
    cli: CliRunner, scan_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target.duckdb"
    not_export = tmp_path / "not_export"
    not_export.mkdir()
    (not_export / "notes.txt").write_text("hello")
    run = cli("store", "import", not_export, "--store", target)
    assert (
        run.code == 2
        and "is not a bubblelink Parquet export (no _bubblelink_export.json)" in run.err
    )
    assert run.err.count("\n") == 1 and not target.exists()
    run = cli("store", "import", tmp_path / "absent", "--store", target)
    assert run.code == 2 and "(no such folder)" in run.err and not target.exists()
    # exporting into a folder holding other files, or over an export without --overwrite
    run = cli("store", "export", not_export, "--store", scan_store)
    assert run.code == 2 and "is not empty and not a bubblelink export" in run.err
    export = tmp_path / "export"
    assert cli("store", "export", export, "--store", scan_store).code == 0
    run = cli("store", "export", export, "--store", scan_store)
    assert run.code == 2 and "pass --overwrite" in run.err
    assert cli("store", "export", export, "--store", scan_store, "--overwrite").code == 0
    # a damaged partition: the import is refused before the store is touched
    shutil.copy(scan_store, target)
    with Store(target, read_only=True) as st:
        rows = st.row_count()
    (export / "observations" / "symbol=A05" / "part-0.parquet").unlink()
    run = cli("store", "import", export, "--store", target)
    assert run.code == 2 and "the partition of A05 holds 0 rows" in run.err
    with Store(target, read_only=True) as st:
        assert st.row_count() == rows
    run = cli("scan", "-u", "ai_complex", "--source", not_export)
    assert run.code == 2 and "is not a bubblelink Parquet export" in run.err
