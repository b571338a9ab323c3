"""The operator's view: ``store log``, ``store diff`` and ``export`` (service and CLI).

Known answers from small hand-made stores: a FRED-like series with three real-time
vintages (values written with their ``vintage``, as the FRED API provider does), a
FRED-style file re-ingested with a revision (estimated vintages), and the sample market.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.errors import BubblelinkError, DataError
from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.service.data import store_data
from bubblelink.service.store import series_show
from bubblelink.service.store_ops import export_series, store_diff, store_log
from bubblelink.store import Store
from tests.clirunner import CliRunner

#: FRED-like real-time vintages: vintage date -> {observation month: value}
RELEASES = {
    "2024-02-15": {"2024-01-01": 100.0},
    "2024-03-14": {"2024-01-01": 100.2, "2024-02-01": 101.0},
    "2024-04-16": {"2024-01-01": 100.2, "2024-02-01": 101.4, "2024-03-01": 102.0},
}


def _fred_like_store(path: Path) -> Path:
    """One macro series ``MYM2`` holding three FRED-style releases (real-time vintages)."""
    rows = [
        {"date": pd.Timestamp(day), "field": "value", "value": value,
         "vintage": pd.Timestamp(vintage, tz="UTC")}
        for vintage, values in RELEASES.items() for day, value in values.items()
    ]  # fmt: skip
    meta = SeriesMeta(
        id="MYM2",
        kind="macro",
        unit="billions USD",
        frequency="monthly",
        source="fred",
        calendar="none",
        synthetic=False,
    )
    one = SeriesMeta(
        id="ONEV",
        kind="macro",
        unit="percent",
        frequency="monthly",
        source="fred",
        calendar="none",
        synthetic=False,
    )
    single = pd.DataFrame(
        {"date": [pd.Timestamp("2024-01-01")], "field": ["value"], "value": [3.0],
         "vintage": [pd.Timestamp("2024-02-01", tz="UTC")]}
    )  # fmt: skip
    fetched = FetchResult(batches=[SeriesBatch(meta, pd.DataFrame(rows)), SeriesBatch(one, single)])
    with Store(path) as st:
        summary = ingest(st, fetched, provider="fred", request={"series": ["MYM2", "ONEV"]})
    assert summary.ok and summary.added == 7
    return path


@pytest.fixture()
def fred_store(tmp_path: Path) -> Path:
    return _fred_like_store(tmp_path / "fred.duckdb")


def test_diff_of_the_last_two_vintages_is_the_last_release(fred_store: Path) -> None:
    answer = store_diff(fred_store, symbol="MYM2")
    diff = answer.result
    assert (diff.from_vintage, diff.to_vintage, diff.vintages) == ("2024-03-14", "2024-04-16", 3)
    assert (diff.added, diff.removed, diff.revised, diff.unchanged) == (1, 0, 1, 1)
    rows = diff.changes.set_index("date")
    feb, mar = rows.loc[pd.Timestamp("2024-02-01")], rows.loc[pd.Timestamp("2024-03-01")]
    assert feb["status"] == "revised" and (feb["old"], feb["new"]) == (101.0, 101.4)
    assert feb["change"] == pytest.approx(0.4) and feb["change_pct"] == pytest.approx(0.4 / 1.01)
    assert mar["status"] == "added" and mar["new"] == 102.0 and pd.isna(mar["old"])
    assert answer.provenance[0]["series"] == "MYM2" and answer.provenance[0]["n"] == 3


def test_diff_between_named_vintages_and_what_asof_reads(fred_store: Path) -> None:
    diff = store_diff(fred_store, symbol="MYM2", from_vintage="2024-02-15", to_vintage="2024-04-16")
    result = diff.result
    assert (result.added, result.removed, result.revised, result.unchanged) == (2, 0, 1, 0)
    jan = result.changes.set_index("date").loc[pd.Timestamp("2024-01-01")]
    assert (jan["old"], jan["new"], jan["change"]) == (100.0, 100.2, pytest.approx(0.2))
    # each side is what --asof reads on that vintage
    with Store(fred_store, read_only=True) as st:
        for vintage, values in RELEASES.items():
            read = st.read(["MYM2"], as_of=pd.Timestamp(vintage))
            assert (
                dict(zip(read["date"].dt.strftime("%Y-%m-%d"), read["value"], strict=True))
                == values
            )
    # backwards: the same changes seen the other way
    back = store_diff(fred_store, symbol="MYM2", from_vintage="2024-04-16", to_vintage="2024-02-15")
    assert (back.result.added, back.result.removed, back.result.revised) == (0, 2, 1)
    assert any("backwards" in n for n in back.notes)


def test_diff_errors_are_one_line_and_name_what_exists(fred_store: Path) -> None:
    cases = {
        "NOPE": ("unknown series 'NOPE'", "MYM2"),
        "ONEV": ("ONEV has one vintage (2024-02-01)", "nothing to compare"),
    }
    for symbol, parts in cases.items():
        with pytest.raises(BubblelinkError) as err:
            store_diff(fred_store, symbol=symbol)
        assert all(p in str(err.value) for p in parts) and "\n" not in str(err.value)
    with pytest.raises(DataError) as err:
        store_diff(fred_store, symbol="MYM2", from_vintage="2024-03-01")
    message = str(err.value)
    assert "MYM2 has no vintage 2024-03-01" in message
    assert "3 vintages: 2024-02-15, 2024-03-14, 2024-04-16" in message
    with pytest.raises(DataError, match="no field 'close'"):
        store_diff(fred_store, symbol="MYM2", field="close")
    with pytest.raises(DataError, match="same version"):
        store_diff(fred_store, symbol="MYM2", from_vintage="2024-04-16", to_vintage="2024-04-16")
    with pytest.raises(DataError, match="not a vintage"):
        store_diff(fred_store, symbol="MYM2", from_vintage="yesterday")
    with pytest.raises(DataError, match="computed, not stored"):
        store_diff(fred_store, symbol="AI_BASKET")


def _fred_file(folder: Path, values: dict[str, float]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "MYCSV.csv"
    pd.DataFrame({"DATE": list(values), "MYCSV": list(values.values())}).to_csv(path, index=False)
    return path


def test_a_revised_fred_file_is_compared_by_ingest(tmp_path: Path) -> None:
    """Estimated vintages (date + lag): a revision is rewritten under the same vintage."""
    from bubblelink.service.ingest import ingest_csv

    store = tmp_path / "csv.duckdb"
    first = {"2024-01-01": 100.0, "2024-02-01": 101.0, "2024-03-01": 102.0}
    second = {"2024-01-01": 100.0, "2024-02-01": 101.5, "2024-03-01": 102.0, "2024-04-01": 103.0}
    ingest_csv(store, [_fred_file(tmp_path / "a", first)])
    ingest_csv(store, [_fred_file(tmp_path / "b", second)])
    latest = store_diff(store, symbol="MYCSV")
    assert any("1 value of MYCSV rewritten" in n and "--from ingest:1 --to ingest:2" in n
               for n in latest.notes)  # fmt: skip
    by_ingest = store_diff(store, symbol="MYCSV", from_vintage="ingest:1", to_vintage="ingest:2")
    result = by_ingest.result
    assert (result.added, result.removed, result.revised, result.unchanged) == (1, 0, 1, 2)
    changes = result.changes.set_index("date")
    assert changes.loc[pd.Timestamp("2024-02-01"), "change"] == pytest.approx(0.5)
    assert changes.loc[pd.Timestamp("2024-04-01"), "status"] == "added"
    # --to ingest:N alone is paired with the ingest before it
    assert (
        store_diff(store, symbol="MYCSV", to_vintage="ingest:2").result.from_vintage == "ingest:1"
    )
    with pytest.raises(DataError, match="no ingest 9; MYCSV was written by ingests 1, 2"):
        store_diff(store, symbol="MYCSV", from_vintage="ingest:9")


def test_store_log_says_what_each_ingest_did_newest_first(tmp_path: Path) -> None:
    store = tmp_path / "log.duckdb"
    _fred_like_store(store)
    meta = SeriesMeta(id="XYZ", kind="price", unit="USD", frequency="daily", source="test",
                      calendar="24/7", synthetic=False)  # fmt: skip
    data = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=3), "field": "close",
                         "value": [100.0, 101.0, 102.0]})  # fmt: skip
    request = {"url": "https://user:pw@example.test/api?api_key=SECRET1&x=1", "token": "SECRET2",
               "series": ["XYZ"]}  # fmt: skip
    with Store(store) as st:
        ingest(st, FetchResult(batches=[SeriesBatch(meta, data, ["3 empty values skipped"])],
                               failures={"BAD": "no such ticker"}),
               provider="test", request=request)  # fmt: skip
    answer = store_log(store)
    text = answer.to_json()
    assert "SECRET1" not in text and "SECRET2" not in text and "pw@" not in text
    newest, oldest = answer.result.entries
    assert newest["id"] == 2 and oldest["id"] == 1 and answer.result.ingests == 2
    assert newest["request"]["url"] == "https://***@example.test/api?api_key=***&x=1"
    assert newest["request"]["token"] == "***"
    assert (newest["added"], newest["revised"], newest["series"], newest["vintages"]) == (
        3,
        0,
        1,
        3,
    )
    assert newest["failed"] == 1 and newest["failures"] == {"BAD": "no such ticker"}
    assert newest["warned"] == 1 and newest["warnings"]["XYZ"] == ["3 empty values skipped"]
    # the FRED-like ingest: 7 rows, 2 series, 4 distinct (series, vintage) pairs
    assert (oldest["added"], oldest["series"], oldest["vintages"]) == (7, 2, 4)
    assert oldest["request"] == {"series": ["MYM2", "ONEV"]}
    limited = store_log(store, limit=1)
    assert [e["id"] for e in limited.result.entries] == [2] and limited.result.ingests == 2
    assert any("1 older ingests not shown" in n for n in limited.notes)
    frame = answer.to_frame()
    assert frame.loc[0, "request"].startswith("url=https://***@example.test/api?api_key=***")


def test_export_round_trips_what_storedata_and_series_show_give(
    sample_store: Path, tmp_path: Path
) -> None:
    symbols = ["BTC-USD", "NVDA", "AI_BASKET"]
    as_of, start = "2024-06-28", "2024-01-01"
    with store_data(sample_store, as_of) as data:
        expected = data.prices(symbols, start, None)
    wide_csv, wide_pq, long_csv = tmp_path / "w.csv", tmp_path / "w.parquet", tmp_path / "l.csv"
    for out, layout in ((wide_csv, "wide"), (wide_pq, "wide"), (long_csv, "long")):
        answer = export_series(sample_store, out=out, symbols=symbols, as_of=as_of, start=start,
                               layout=layout)  # fmt: skip
        assert answer.synthetic and answer.result.file == str(out)
    assert pd.read_csv(wide_csv)["date"].iloc[0] == "2024-01-01"  # daily data: plain dates
    back = pd.read_csv(wide_csv, index_col="date", parse_dates=["date"])
    back.index = back.index.tz_localize("UTC").as_unit("ns")
    pd.testing.assert_frame_equal(back, expected.dropna(how="all"), check_freq=False,
                                  check_names=False, rtol=1e-12)  # fmt: skip
    parquet = pd.read_parquet(wide_pq).set_index("date")
    parquet.index = pd.DatetimeIndex(parquet.index).as_unit("ns")
    pd.testing.assert_frame_equal(parquet, expected.dropna(how="all"), check_freq=False,
                                  check_names=False)  # fmt: skip
    long = pd.read_csv(long_csv, parse_dates=["date"])
    long["date"] = long["date"].dt.tz_localize("UTC").dt.as_unit("ns")
    assert list(long.columns) == ["date", "symbol", "field", "value"]
    assert long["value"].notna().all() and len(long) == int(expected.notna().sum().sum())
    for sid in symbols:
        mine = long[long["symbol"] == sid].set_index("date")["value"]
        pd.testing.assert_series_equal(mine, expected[sid].dropna(), check_names=False,
                                       check_freq=False, rtol=1e-12)  # fmt: skip
    # what `series show` shows is what the file holds
    shown = series_show(sample_store, symbol="NVDA", as_of=as_of, start=start).result.observations
    shown.index = pd.DatetimeIndex(shown.index).as_unit("ns")
    pd.testing.assert_series_equal(back["NVDA"].dropna(), shown, check_names=False,
                                   check_freq=False, rtol=1e-12)  # fmt: skip
    assert set(long.loc[long["symbol"] == "NVDA", "field"]) == {"close"}
    assert set(long.loc[long["symbol"] == "AI_BASKET", "field"]) == {"index"}


def test_export_refuses_to_overwrite_and_to_guess_a_format(
    sample_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    out.write_text("keep me")
    with pytest.raises(DataError, match="exists: pass --force"):
        export_series(sample_store, out=out, symbols=["BTC-USD"])
    assert out.read_text() == "keep me"
    export_series(sample_store, out=out, symbols=["BTC-USD"], force=True)
    assert out.read_text().startswith("date,BTC-USD")
    with pytest.raises(DataError, match="cannot tell the file format"):
        export_series(sample_store, out=tmp_path / "x.txt", symbols=["BTC-USD"])
    export_series(sample_store, out=tmp_path / "x.txt", symbols=["BTC-USD"], file_format="parquet")
    assert pd.read_parquet(tmp_path / "x.txt").columns.tolist() == ["date", "BTC-USD"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cli_store_log_diff_and_export(cli: CliRunner, tmp_path: Path, sample_store: Path) -> None:
    store = _fred_like_store(tmp_path / "f.duckdb")
    log = json.loads(cli("store", "log", "--store", store, "--format", "json").out)
    assert log["ingests"] == 1 and log["entries"][0]["added"] == 7
    table = cli("store", "log", "--store", store)
    assert table.code == 0 and "fred" in table.out
    diff = cli("store", "diff", "MYM2", "--store", store, "--format", "csv")
    assert diff.code == 0, diff.err
    assert diff.out.splitlines() == [
        "date,field,status,old,new,change,change_pct",
        f"2024-02-01,value,revised,101.0,101.4,{101.4 - 101.0},{100 * (101.4 - 101.0) / 101.0}",
        "2024-03-01,value,added,,102.0,,",
    ]
    missing = cli("store", "diff", "MYM2", "--from", "2020-01-01", "--store", store)
    assert missing.code == 2 and len(missing.err.strip().splitlines()) == 1
    assert "2024-02-15, 2024-03-14, 2024-04-16" in missing.err
    out = tmp_path / "e.csv"
    args = ["export", "BTC", "NVDA", "--out", out, "--long", "--store", sample_store]
    first = cli(*args, "--format", "json")
    assert first.code == 0, first.err
    assert json.loads(first.out)["rows"] == len(pd.read_csv(out))
    again = cli(*args)
    assert again.code == 2 and "pass --force" in again.err and len(again.err.splitlines()) == 1
    assert cli(*args, "--force", "--to", "parquet").code == 0
    assert pd.read_parquet(out).columns.tolist() == ["date", "symbol", "field", "value"]
