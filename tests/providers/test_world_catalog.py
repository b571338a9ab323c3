"""The world catalog: units, scales and publication lags of central-bank and crypto series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bubblelink.analytics.liquidity import billions_factor
from bubblelink.providers.csvfile import CsvProvider
from bubblelink.providers.fred_catalog import publication_lag
from bubblelink.providers.world_catalog import WORLD_SERIES, world_series_info


def test_every_money_unit_converts_and_matches_its_scale() -> None:
    for sid in WORLD_SERIES:
        info = world_series_info(sid)
        assert info is not None
        if info.currency and info.unit.endswith(info.currency) and info.unit != info.currency:
            # the stored unit and the declared scale say the same thing
            assert billions_factor(info.unit, sid) == pytest.approx(info.scale / 1e9)


def test_hundred_millions_is_a_tenth_of_a_billion() -> None:
    assert billions_factor("100 millions JPY") == pytest.approx(0.1)
    assert billions_factor("millions EUR") == pytest.approx(1e-3)
    with pytest.raises(Exception, match="cannot convert"):
        billions_factor("index 2015=100")


def test_publication_lag_reads_the_world_catalog() -> None:
    assert publication_lag("EA_M2") == 60
    assert publication_lag("JP_M2") == 45
    assert publication_lag("NCBEILQ027S") == 165
    assert publication_lag("NOT_A_SERIES", "monthly") == 60


def test_world_files_are_read_with_catalog_units_and_lagged_vintages(
    shared_data_dir: Path,
) -> None:
    result = CsvProvider().fetch_paths([shared_data_dir / "world"])
    batches = {b.meta.id: b for b in result.batches}
    assert batches["JP_M2"].meta.unit == "100 millions JPY"
    assert batches["EA_M2"].meta.unit == "millions EUR"
    assert batches["GB_M4"].meta.metadata["currency"] == "GBP"
    ea = batches["EA_M2"].data
    first = ea.iloc[0]
    assert pd.Timestamp(first["vintage"]) == pd.Timestamp(first["date"]).tz_localize(
        "UTC"
    ) + pd.Timedelta(days=60)
    # Dec-2024 levels named in the shared MANIFEST, in trillions of local currency
    for sid, trn in {"EA_M2": 15.60, "JP_M2": 1257.6, "CN_M2": 313.5, "GB_M4": 3.09,
                     "CA_M2PP": 4.89, "CH_M2": 0.971}.items():  # fmt: skip
        data = batches[sid].data
        dec = data[(pd.DatetimeIndex(data["date"]).strftime("%Y-%m") == "2024-12")]
        value = float(dec["value"].astype(float).iloc[0])
        assert value * billions_factor(batches[sid].meta.unit) / 1e3 == pytest.approx(trn, rel=0.01)


def test_a_unit_column_in_symbols_csv_sets_the_unit(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("date,value\n2024-01-01,5\n2024-02-01,6\n")
    (tmp_path / "symbols.csv").write_text(
        "file,symbol,kind,source,unit\nm.csv,XX_M2,macro,x,millions SEK\n"
    )
    result = CsvProvider().fetch_paths([tmp_path])
    assert result.batches[0].meta.unit == "millions SEK"
