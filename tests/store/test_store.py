"""Store: idempotent writes, vintages, as-of reads, one transaction per ingest."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bubblelink.errors import DataError, StoreError
from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.store import Store


def batch(values: dict[str, float], sid: str = "TEST", synthetic: bool = False) -> SeriesBatch:
    data = pd.DataFrame(
        {"date": pd.to_datetime(list(values)), "field": "close", "value": list(values.values())}
    )
    return SeriesBatch(SeriesMeta(id=sid, synthetic=synthetic), data)


def test_rewriting_identical_data_adds_nothing(store_path: Path) -> None:
    with Store(store_path) as st:
        first = st.write([batch({"2024-01-02": 1.0, "2024-01-03": 2.0})], "test")
        again = st.write([batch({"2024-01-02": 1.0, "2024-01-03": 2.0})], "test")
        assert first.added == 2
        assert again.added == 0 and again.revised == 0
        assert again.counts["TEST"].unchanged == 2
        assert st.row_count() == 2


def test_changed_value_is_a_new_vintage_and_as_of_returns_what_was_known(store_path: Path) -> None:
    with Store(store_path) as st:
        st.write([batch({"2024-01-02": 1.0, "2024-01-03": 2.0})], "test")
        before_revision = pd.Timestamp.now(tz="UTC")
        result = st.write([batch({"2024-01-02": 1.0, "2024-01-03": 2.5})], "test")
        assert (result.added, result.revised) == (0, 1)
        latest = st.read(["TEST"])
        assert latest["value"].tolist() == [1.0, 2.5]
        known_then = st.read(["TEST"], as_of=before_revision)
        assert known_then["value"].tolist() == [1.0, 2.0]
        # first-release rule: a first value is known from its observation date
        assert st.read(["TEST"], as_of="2024-01-02")["value"].tolist() == [1.0]
        assert len(st.vintages("TEST", "2024-01-03", "close")) == 2
        assert st.row_count() == 3  # history kept, nothing overwritten


def test_provider_vintages_are_kept(store_path: Path) -> None:
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
            "field": "value",
            "value": [100.0, 101.0],
            "vintage": pd.to_datetime(["2024-02-15", "2024-03-15"], utc=True),
        }
    )
    meta = SeriesMeta(id="M2SL", kind="macro", calendar="none", frequency="monthly")
    with Store(store_path) as st:
        assert st.write([SeriesBatch(meta, data)], "fred").added == 2
        assert st.write([SeriesBatch(meta, data)], "fred").added == 0
        assert st.read(["M2SL"], as_of="2024-01-31").empty  # not yet published
        assert st.read(["M2SL"], as_of="2024-02-20")["value"].tolist() == [100.0]
        assert st.read(["M2SL"])["value"].tolist() == [101.0]


def test_unknown_series_error_names_the_store_and_what_to_do(store_path: Path) -> None:
    with Store(store_path) as st:
        st.write([batch({"2024-01-02": 1.0})], "test")
        with pytest.raises(DataError, match=r"unknown series 'NOPE'.*ingest it first"):
            st.read(["NOPE"])


def test_read_only_open_of_missing_store_says_to_ingest(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="bubblelink ingest sample"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_synthetic_and_real_data_never_mix_and_nothing_changes(store_path: Path) -> None:
    with Store(store_path) as st:
        st.write([batch({"2024-01-02": 1.0})], "test")
        with pytest.raises(DataError, match="synthetic"):
            st.write([batch({"2024-01-03": 5.0}, synthetic=True)], "sample")
        assert st.read(["TEST"])["value"].tolist() == [1.0]
        assert st.meta("TEST").synthetic is False


def test_failed_write_rolls_back_every_series(store_path: Path) -> None:
    with Store(store_path) as st:
        st.write([batch({"2024-01-02": 1.0}, sid="A")], "test")
        rows_before = st.row_count()

        def explode(series_id: str) -> None:
            if series_id == "B":
                raise RuntimeError("disk full")

        with pytest.raises(RuntimeError):
            st.write(
                [batch({"2024-01-03": 2.0}, sid="A"), batch({"2024-01-03": 3.0}, sid="B")],
                "test",
                on_series_written=explode,
            )
        assert st.row_count() == rows_before
        assert st.series_ids() == ["A"]
        assert len(st.ingest_log()) == 1


def test_read_vintages_returns_every_vintage_known_by_the_cutoff(store_path: Path) -> None:
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-01", "2024-02-01"]),
            "field": "value",
            "value": [100.0, 101.0, 102.0, 102.5],
            "vintage": pd.to_datetime(
                ["2024-02-15", "2024-03-15", "2024-03-15", "2024-04-12"], utc=True
            ),
        }
    )
    meta = SeriesMeta(id="M2SL", kind="macro", calendar="none", frequency="monthly")
    with Store(store_path) as st:
        st.write([SeriesBatch(meta, data)], "fred")
        # the same vintage sent again with another value: the last write wins
        resent = data.iloc[[0]].assign(value=100.5)
        st.write([SeriesBatch(meta, resent)], "fred")
        every = st.read_vintages(["M2SL"])
        assert every["value"].tolist() == [100.5, 101.0, 102.0, 102.5]
        assert every["vintage"].dt.strftime("%Y-%m-%d").tolist() == [
            "2024-02-15",
            "2024-03-15",
            "2024-03-15",
            "2024-04-12",
        ]
        then = st.read_vintages(["M2SL"], fields=["value"], as_of="2024-03-31")
        assert then["value"].tolist() == [100.5, 101.0, 102.0]
        # read() keeps the latest of those, read_vintages all of them
        assert st.read(["M2SL"], as_of="2024-03-31")["value"].tolist() == [101.0, 102.0]
        assert st.read_vintages(["M2SL"], start="2024-01-15")["value"].tolist() == [102.0, 102.5]
        assert st.read_vintages(["M2SL"], end="2024-01-31")["value"].tolist() == [100.5, 101.0]


def test_read_vintages_binds_its_inputs(store_path: Path) -> None:
    with Store(store_path) as st:
        st.write([batch({"2024-01-02": 1.0})], "test")
        with pytest.raises(DataError, match="unknown series"):
            st.read_vintages(["TEST' OR '1'='1"])
        assert st.read_vintages(["TEST"], fields=["close' OR '1'='1"]).empty
        assert len(st.read_vintages(["TEST"], fields=["close"])) == 1
