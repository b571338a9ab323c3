"""The store's read cache: a repeated read answered from memory, equal to a fresh read.

A read-only store keeps what it read (nothing can change the file while it is open); a
writable one does so inside ``cached_reads()`` (the report's ``shared_reads``), and a
write empties it. Every combination of date bounds, as-of and fields asked through the
cache equals the database's own answer to the same read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.service.data import shared_reads
from bubblelink.store import Store
from bubblelink.store import store as store_module


def _monthly(values: list[float], vintages: list[str]) -> SeriesBatch:
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"] * 2),
            "field": "value",
            "value": values,
            "vintage": pd.to_datetime(vintages, utc=True),
        }
    )
    meta = SeriesMeta(id="M2SL", kind="macro", calendar="none", frequency="monthly")
    return SeriesBatch(meta, data)


@pytest.fixture
def revised_store(tmp_path: Path) -> Path:
    """M2SL with three months, each released then revised; daily TEST closes."""
    path = tmp_path / "store.duckdb"
    vintages = ["2024-02-15", "2024-03-15", "2024-04-15", "2024-03-15", "2024-04-15", "2024-05-15"]
    closes = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=120, freq="D"),
            "field": "close",
            "value": [float(i) for i in range(120)],
        }
    )
    with Store(path) as st:
        st.write([_monthly([1.0, 2.0, 3.0, 1.1, 2.1, 3.1], vintages)], "fred")
        st.write([SeriesBatch(SeriesMeta(id="TEST"), closes)], "test")
    return path


BOUNDS: list[dict[str, Any]] = [
    {},
    {"start": pd.Timestamp("2024-02-01")},
    {"end": pd.Timestamp("2024-02-01")},
    {"end": dt.date(2024, 2, 1)},
    {"end": pd.Timestamp("2024-02-01 00:00:01")},
    {"start": dt.date(2024, 1, 15), "end": pd.Timestamp("2024-03-10")},
    {"start": pd.Timestamp("2024-02-01", tz="UTC"), "end": pd.Timestamp("2024-02-20", tz="UTC")},
    {"start": pd.Timestamp("2025-01-01")},  # no rows
]
AS_OF: list[Any] = [None, "2024-03-20", pd.Timestamp("2024-04-15"), dt.date(2024, 6, 1)]


@pytest.mark.parametrize("method", ["read", "read_vintages"])
def test_every_bound_and_as_of_equals_a_fresh_read(revised_store: Path, method: str) -> None:
    with Store(revised_store, cache_reads=False) as fresh_store:
        fresh = {
            (i, j, ids): getattr(fresh_store, method)(list(ids), as_of=as_of, **bounds)
            for i, bounds in enumerate(BOUNDS)
            for j, as_of in enumerate(AS_OF)
            for ids in (("M2SL",), ("TEST",), ("M2SL", "TEST"))
        }
    with Store(revised_store, read_only=True) as st:
        for (i, j, ids), expected in fresh.items():
            got = getattr(st, method)(list(ids), as_of=AS_OF[j], **BOUNDS[i])
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert not fresh[(0, 1, ("M2SL",))].equals(fresh[(0, 0, ("M2SL",))])  # as-of matters


WINDOW_QUERY = """
    SELECT series_id, date, field, value, vintage FROM observations
    WHERE series_id IN (SELECT unnest(?))
    QUALIFY row_number() OVER (
        PARTITION BY series_id, date, field ORDER BY vintage DESC, ingested_at DESC) = 1
    ORDER BY series_id, field, date
"""


def test_latest_vintage_equals_the_window_query(revised_store: Path) -> None:
    """The read keeps the first row of each observation sorted latest first: the rows of
    the window query ``row_number() OVER (... ORDER BY vintage DESC, ingested_at DESC) =
    1``, with a vintage re-sent later (the last write wins) and a revision in between."""
    vintages = ["2024-02-15", "2024-03-15", "2024-04-15", "2024-03-15", "2024-04-15", "2024-05-15"]
    with Store(revised_store) as st:  # March's latest vintage sent again with a new value
        st.write([_monthly([1.0, 2.0, 3.0, 1.1, 2.1, 3.3], vintages)], "fred")
    with Store(revised_store, read_only=True, cache_reads=False) as st:
        for ids in (["M2SL"], ["M2SL", "TEST"]):
            expected = st._con.execute(WINDOW_QUERY, [ids]).df()
            pd.testing.assert_frame_equal(st.read(ids), expected, check_exact=True)
        assert st.read(["M2SL"])["value"].tolist() == [1.1, 2.1, 3.3]
        assert len(st.read_vintages(["M2SL"])) == 6  # a re-sent vintage is not a revision


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    asked: list[tuple[Any, ...]] = []
    original = Store._read_latest

    def spy(self: Store, *args: Any) -> pd.DataFrame:
        asked.append(args)
        return original(self, *args)

    monkeypatch.setattr(Store, "_read_latest", spy)
    return asked


def test_read_only_store_asks_the_database_once_per_series_fields_and_as_of(
    revised_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _counting(monkeypatch)
    with Store(revised_store, read_only=True) as st:
        first = st.read(["TEST"], fields=["close"], end=pd.Timestamp("2024-02-01"))
        first.loc[0, "value"] = -1.0  # a caller changing its frame
        again = st.read(["TEST"], fields=("close",), start=pd.Timestamp("2024-01-10"))
        whole = st.read(["TEST"], fields=["close"])
        st.read(["TEST"], fields=["close"], as_of="2024-02-01")
        st.read(["M2SL"])
    assert len(asked) == 3  # TEST/close latest, TEST/close as of 2024-02-01, M2SL
    assert whole.loc[0, "value"] == 0.0 and again.loc[0, "value"] == 9.0


def test_a_series_read_in_different_groups_is_fetched_once(
    revised_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several-series reads are made of per-series frames: the same series asked alone,
    with another, or in another order costs one query, and the answers are unchanged."""
    with Store(revised_store, cache_reads=False) as plain:
        expected = {ids: plain.read(list(ids)) for ids in (("TEST",), ("M2SL", "TEST"))}
    asked = _counting(monkeypatch)
    with Store(revised_store, read_only=True) as st:
        pd.testing.assert_frame_equal(st.read(["TEST"]), expected[("TEST",)], check_exact=True)
        both = st.read(["TEST", "M2SL"])  # TEST kept: only M2SL is fetched
        pd.testing.assert_frame_equal(both, expected[("M2SL", "TEST")], check_exact=True)
        st.read(["M2SL", "TEST", "M2SL"], start=pd.Timestamp("2024-02-01"))
        st.read(["M2SL"])
    assert [a[0] for a in asked] == [["TEST"], ["M2SL"]]


def test_unknown_series_still_raises_through_the_cache(revised_store: Path) -> None:
    with Store(revised_store, read_only=True) as st, pytest.raises(DataError, match="NOPE"):
        st.read(["NOPE"])


def test_writable_store_caches_only_inside_the_block_and_a_write_empties_it(
    revised_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _counting(monkeypatch)
    with Store(revised_store) as st:
        st.read(["TEST"])
        st.read(["TEST"])
        assert len(asked) == 2  # no cache on a writable store
        with shared_reads(st):
            st.read(["TEST"])
            st.read(["TEST"], start=pd.Timestamp("2024-03-01"))
            assert len(asked) == 3
            closes = pd.DataFrame(
                {"date": pd.to_datetime(["2024-01-01"]), "field": "close", "value": [42.0]}
            )
            st.write([SeriesBatch(SeriesMeta(id="TEST"), closes)], "test")
            assert st.read(["TEST"]).loc[0, "value"] == 42.0  # read again after the write
            assert len(asked) == 4
        st.read(["TEST"])
        assert len(asked) == 5  # off again after the block


def test_the_cache_is_bounded_by_rows(revised_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "READ_CACHE_ROWS", 150)
    asked = _counting(monkeypatch)
    with Store(revised_store, read_only=True) as st:
        st.read(["TEST"])  # 120 rows
        st.read(["M2SL"])  # 3 rows: 123 kept
        st.read(["TEST"], as_of="2024-03-01")  # 60 rows: TEST latest dropped
        assert st._reads is not None and st._reads.rows <= 150
        st.read(["M2SL"])
        assert len(asked) == 3
        st.read(["TEST"])
        assert len(asked) == 4


@pytest.mark.parametrize("kind", ["read", "read_vintages"])
@pytest.mark.parametrize("as_of", [None, dt.date(2024, 3, 20), pd.Timestamp("2024-04-15 12:00")])
def test_prefetch_keeps_what_each_one_series_read_returns(
    revised_store: Path, kind: str, as_of: Any
) -> None:
    """One query for several series, split per series, equals each one-series read
    (rows, order, types, index); the read is then answered without a query."""
    fields_of = {"M2SL": "value", "TEST": "close"}
    with Store(revised_store, read_only=True, cache_reads=False) as plain:
        expected = {
            sid: getattr(plain, kind)([sid], [field], as_of=as_of)
            for sid, field in fields_of.items()
        }
    with Store(revised_store, read_only=True) as st:
        st.prefetch(kind, fields_of, as_of)
        assert st._reads is not None and len(st._reads._frames) == 2
        queries: list[Any] = []
        st._read_latest = st._read_every_vintage = lambda *a: queries.append(a)  # type: ignore[method-assign]
        for sid, field in fields_of.items():
            pd.testing.assert_frame_equal(
                getattr(st, kind)([sid], [field], as_of=as_of), expected[sid]
            )
        assert queries == []


def test_prefetch_needs_the_cache_and_two_missing_series(revised_store: Path) -> None:
    with Store(revised_store, read_only=True, cache_reads=False) as plain:
        plain.prefetch("read", {"M2SL": "value", "TEST": "close"})  # no cache: nothing
        assert plain._reads is None
    with Store(revised_store, read_only=True) as st:
        st.read(["M2SL"], ["value"])
        st.prefetch("read", {"M2SL": "value", "TEST": "close"})  # one missing: its own read
        assert st._reads is not None and len(st._reads._frames) == 1


def test_a_read_of_some_fields_is_cut_from_the_kept_read_of_every_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once every field of a series is kept (a worker's warm-up reads them so), a read of
    some of them asks nothing and returns what the database returns for them."""
    path = tmp_path / "bars.duckdb"
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    bars = pd.concat(
        [
            pd.DataFrame({"date": days, "field": name, "value": [k + i * 0.5 for i in range(30)]})
            for k, name in enumerate(["close", "high", "low", "volume"])
        ],
        ignore_index=True,
    )
    with Store(path) as st:
        st.write([SeriesBatch(SeriesMeta(id="BARS"), bars)], "test")
        st.write([SeriesBatch(SeriesMeta(id="ONE"), bars[bars["field"] == "close"])], "test")
    asks: list[tuple[list[str], dict[str, Any]]] = [
        (["BARS"], {"fields": ["high"]}),
        (["BARS"], {"fields": ["volume", "close"], "start": days[5], "end": days[20]}),
        (["BARS", "ONE"], {"fields": ["close"]}),
        (["BARS"], {"fields": ["open"]}),  # not stored: the database's own empty answer
        (["BARS"], {}),
    ]
    with Store(path, cache_reads=False) as plain:
        expected = [plain.read(ids, **kw) for ids, kw in asks]
    asked = _counting(monkeypatch)
    with Store(path, read_only=True) as st:
        st.read(["BARS", "ONE"])
        assert len(asked) == 1
        for (ids, kw), want in zip(asks, expected, strict=True):
            pd.testing.assert_frame_equal(st.read(ids, **kw), want, check_exact=True)
    assert len(asked) == 2  # only the field that is not stored asked the database
