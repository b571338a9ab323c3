"""CSV/Parquet importer: layouts, symbols.csv mapping, merging, clear errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bubblelink.errors import ValidationError
from bubblelink.ingest import ingest
from bubblelink.providers.csvfile import CsvProvider, FileSpec, infer_frequency, read_file
from bubblelink.store import Store


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_yahoo_layout(tmp_path: Path) -> None:
    f = write(
        tmp_path / "nvda.csv",
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2024-01-02,10,11,9,10.5,10.4,100\n2024-01-03,10.5,12,10,11.5,11.4,200\n",
    )
    batch = read_file(FileSpec(f))
    assert batch.meta.id == "NVDA" and batch.meta.kind == "price"
    assert set(batch.data["field"]) == {"open", "high", "low", "close", "adj_close", "volume"}
    adj = batch.data[batch.data["field"] == "adj_close"]["value"].astype(float).tolist()
    assert adj == [10.4, 11.4]


def test_fred_layouts_get_publication_lag_vintages(tmp_path: Path) -> None:
    f = write(
        tmp_path / "x.csv",
        "observation_date,M2SL\n2024-01-01,100.5\n2024-02-01,.\n2024-03-01,101\n",
    )
    batch = read_file(FileSpec(f))
    assert (
        batch.meta.id == "M2SL" and batch.meta.kind == "macro" and batch.meta.unit == "billions USD"
    )
    lag = batch.meta.metadata["publication_lag_days"]
    assert lag >= 30
    vintage = pd.Timestamp(batch.data["vintage"].iloc[0])
    assert vintage == pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(days=lag)
    g = write(tmp_path / "walcl.csv", "DATE,VALUE\n2024-01-03,7.7e6\n2024-01-10,7.6e6\n")
    assert read_file(FileSpec(g, symbol="WALCL")).meta.unit == "millions USD"


def test_no_date_column_error_names_the_columns(tmp_path: Path) -> None:
    f = write(tmp_path / "bad.csv", "when,price\n2024-01-02,1\n")
    with pytest.raises(
        ValidationError, match=r"no recognisable date column \(found columns: \['when', 'price'\]\)"
    ):
        read_file(FileSpec(f))
    batch = read_file(FileSpec(f, date_col="when", symbol="ABC"))
    assert batch.data["field"].tolist() == ["close"]


def test_parquet_and_generic_layout_with_field_override(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
            "dom": [55.0, 56.0, 57.0],
        }
    )
    path = tmp_path / "dominance.parquet"
    frame.to_parquet(path)
    result = CsvProvider(symbol="BTC_DOMINANCE", kind="crypto_market", field="value").fetch_paths(
        [path]
    )
    assert not result.failures
    batch = result.batches[0]
    assert batch.meta.unit == "percent" and batch.meta.calendar == "24/7"
    assert batch.data["value"].astype(float).tolist() == [55.0, 56.0, 57.0]


def test_directory_mapping_merges_files_and_rejects_conflicts(
    tmp_path: Path, store_path: Path
) -> None:
    write(tmp_path / "a.csv", "date,value\n2024-01-02,1.0\n2024-01-03,2.0\n")
    write(tmp_path / "b.csv", "date,value\n2024-01-03,2.0\n2024-01-04,3.0\n")
    write(tmp_path / "c.csv", "date,value\n2024-01-02,1.0\n")
    write(tmp_path / "d.csv", "date,value\n2024-01-02,9.0\n")
    write(
        tmp_path / "symbols.csv",
        "file,symbol,kind,source\na.csv,OAS,macro,fred\nb.csv,OAS,macro,fred\n"
        "c.csv,CONFLICT,macro,fred\nd.csv,CONFLICT,macro,fred\n",
    )
    with Store(store_path) as st:
        summary = ingest(st, CsvProvider().fetch_paths([tmp_path]), "csv")
        outcome = {o.symbol: o for o in summary.outcomes}
        assert outcome["OAS"].added == 3
        assert "conflicting values" in (outcome["CONFLICT"].error or "")
        assert st.series_ids() == ["OAS"]


def test_malformed_file_fails_alone(tmp_path: Path) -> None:
    write(tmp_path / "good.csv", "date,close\n2024-01-02,1\n2024-01-03,2\n")
    write(tmp_path / "empty.csv", "")
    result = CsvProvider().fetch_paths([tmp_path])
    assert [b.meta.id for b in result.batches] == ["GOOD"]
    assert "empty" in result.failures["empty.csv"]


def test_frequency_inference() -> None:
    assert infer_frequency(pd.date_range("2024-01-01", periods=30, freq="D")) == "daily"
    assert infer_frequency(pd.bdate_range("2024-01-01", periods=30)) == "business"
    assert infer_frequency(pd.date_range("2024-01-03", periods=30, freq="W-WED")) == "weekly"
    assert infer_frequency(pd.date_range("2024-01-01", periods=30, freq="MS")) == "monthly"
    assert infer_frequency(pd.date_range("2024-01-01", periods=30, freq="QS")) == "quarterly"
    assert infer_frequency(pd.date_range("2024-01-01", periods=30, freq="h")) == "intraday"


def test_every_real_file_loads_and_reloading_adds_nothing(
    real_data_dir: Path, store_path: Path
) -> None:
    mapping = pd.read_csv(real_data_dir / "symbols.csv")
    with Store(store_path) as st:
        first = ingest(st, CsvProvider().fetch_paths([real_data_dir]), "csv")
        assert first.ok, [o.error for o in first.outcomes if o.error]
        assert set(st.series_ids()) == set(mapping["symbol"])
        again = ingest(st, CsvProvider().fetch_paths([real_data_dir]), "csv")
        assert again.added == 0 and again.revised == 0
        info = {i.id: i for i in st.info()}
    btc = info["BTC-USD"]
    assert (btc.first_date, btc.last_date, btc.rows) == (
        pd.Timestamp("2014-09-17"),
        pd.Timestamp("2026-08-21"),
        4357,
    )
    assert btc.calendar == "24/7" and info["NVDA"].calendar == "XNYS"
    # the two HY OAS files merge into one series spanning both
    hy = info["BAMLH0A0HYM2"]
    assert hy.first_date == pd.Timestamp("1996-12-31") and hy.last_date == pd.Timestamp(
        "2026-07-28"
    )
    assert info["WALCL"].unit == "millions USD" and info["RRPONTSYD"].unit == "billions USD"
