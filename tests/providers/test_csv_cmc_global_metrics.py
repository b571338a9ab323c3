"""The wide CoinMarketCap global-metrics layout: one series per column, clear errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.ingest import ingest
from bubblelink.providers.csvfile import (
    CMC_GLOBAL_METRICS,
    CsvProvider,
    FileSpec,
    is_cmc_global_metrics,
    read_cmc_global_metrics,
)
from bubblelink.store import Store

HEADER = (
    "date,last_updated,btc_dominance,eth_dominance,total_market_cap,altcoin_market_cap,"
    "stablecoin_market_cap,total_volume_24h\n"
)
ROWS = (
    "2025-05-08,2025-05-08T01:42:59.999Z,64.4,7.3,3019069391515.34,1074553975452.65,"
    "226251793977.93,124481812582.44\n"
    "2025-05-09,2025-05-09T03:12:00.000Z,63.5,8.2,3216774448504.27,1175189916809.64,"
    "226314805617.71,163671285373.71\n"
    "2025-05-10,2025-05-10T01:20:00.000Z,62.5,8.4,3300000000000,1200000000000,"
    "226400000000,150000000000\n"
)


def _file(tmp_path: Path, text: str = HEADER + ROWS, name: str = "cmc.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_wide_file_gives_one_series_per_column(tmp_path: Path) -> None:
    path = _file(tmp_path)
    assert is_cmc_global_metrics(path)
    batches = {b.meta.id: b for b in read_cmc_global_metrics(FileSpec(path))}
    assert set(batches) == set(CMC_GLOBAL_METRICS.values())
    dom = batches["BTC_DOMINANCE_CMC"]
    assert dom.meta.unit == "percent" and dom.meta.kind == "crypto_market"
    assert dom.meta.calendar == "24/7"
    assert dom.data["value"].tolist() == [64.4, 63.5, 62.5]
    assert set(dom.data["field"]) == {"value"}
    # vintage: date + the catalog's one-day lag
    assert pd.Timestamp(dom.data["vintage"].iloc[0]) == pd.Timestamp("2025-05-09", tz="UTC")
    assert dom.meta.metadata["snapshot_utc"] == "01:20-03:12 UTC (median 01:42)"
    assert "not CoinMarketCap's 00:00 UTC historical values" in dom.meta.metadata["timing_note"]
    cap = batches["CRYPTO_TOTAL_MCAP_CMC"]
    assert cap.meta.unit == "USD" and cap.data["value"].iloc[0] == pytest.approx(3019069391515.34)
    assert batches["ETH_DOMINANCE_CMC"].meta.unit == "percent"
    assert batches["CRYPTO_VOLUME_24H_CMC"].meta.metadata["observation"] == "period average"


def test_a_subset_of_columns_is_recognised_and_others_are_not(tmp_path: Path) -> None:
    subset = _file(tmp_path, "date,last_updated,btc_dominance\n2025-05-08,2025-05-08T01:00Z,64\n")
    assert is_cmc_global_metrics(subset)
    assert [b.meta.id for b in read_cmc_global_metrics(FileSpec(subset))] == ["BTC_DOMINANCE_CMC"]
    other = _file(tmp_path, "date,last_updated,btc_dominance,foo\n2025-05-08,x,1,2\n", "o.csv")
    assert not is_cmc_global_metrics(other)
    plain = _file(tmp_path, "date,value\n2025-05-08,1\n", "p.csv")
    assert not is_cmc_global_metrics(plain)


def test_errors_name_the_layout_line_and_column(tmp_path: Path) -> None:
    bad_value = _file(tmp_path, HEADER + ROWS.replace("63.5,", "abc,", 1))
    with pytest.raises(DataError, match=r"global metrics layout, line 3: btc_dominance 'abc'"):
        read_cmc_global_metrics(FileSpec(bad_value))
    bad_stamp = _file(
        tmp_path, HEADER + ROWS.replace("2025-05-09T03:12:00.000Z", "soon"), "stamp.csv"
    )
    with pytest.raises(DataError, match="line 3: last_updated 'soon' is not an ISO date"):
        read_cmc_global_metrics(FileSpec(bad_stamp))
    with pytest.raises(DataError, match="import it without --symbol"):
        read_cmc_global_metrics(FileSpec(_file(tmp_path, name="good.csv"), symbol="X"))
    # through the provider, the failure is reported under the file and nothing is read
    result = CsvProvider().fetch_paths([bad_value])
    assert not result.batches and "line 3" in result.failures["cmc.csv"]


def test_wide_and_narrow_files_of_one_column_merge(tmp_path: Path) -> None:
    _file(tmp_path)
    (tmp_path / "dom.csv").write_text("date,value\n2025-05-08,64.4\n2025-05-09,63.5\n")
    (tmp_path / "symbols.csv").write_text(
        "file,symbol,kind,source\ndom.csv,BTC_DOMINANCE_CMC,crypto_market,coinmarketcap\n"
        "cmc.csv,,crypto_market,coinmarketcap\n"
    )
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(store, CsvProvider().fetch_paths([tmp_path]), "csv")
        assert summary.ok, summary.to_dict()
        assert set(store.series_ids()) == set(CMC_GLOBAL_METRICS.values())
        outcome = next(o for o in summary.outcomes if o.symbol == "BTC_DOMINANCE_CMC")
        assert outcome.added == 3


def test_the_shared_world_directory_ingests_every_file(shared_data_dir: Path, tmp_path: Path):
    folder = shared_data_dir / "world"
    with Store(tmp_path / "w.duckdb") as store:
        summary = ingest(store, CsvProvider().fetch_paths([folder]), "csv")
        failed = {o.symbol: o.error for o in summary.outcomes if o.error}
        assert not failed, failed
        ids = set(store.series_ids())
        assert set(CMC_GLOBAL_METRICS.values()) <= ids
        wide = pd.read_csv(folder / "cmc_global_metrics.csv")
        assert len(wide) == 471
        stored = store.meta("ETH_DOMINANCE_CMC")
        assert stored.unit == "percent"
