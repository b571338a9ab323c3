"""A ``NaN``/``NA``/``N/A``/``null`` cell is a missing value, like a blank one (issue 16).

Before, a blank cell was skipped with a counted warning while a literal ``NaN`` rejected
the whole file as "non-numeric". Every file importer now uses the one definition,
:data:`bubblelink.providers.base.MISSING_VALUE_TEXTS`.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.ingest import ingest
from bubblelink.providers.base import MISSING_VALUE_TEXTS, missing_value_mask
from bubblelink.providers.csvfile import CsvProvider
from bubblelink.providers.etf_flows import parse_number
from bubblelink.store import Store

SPELLINGS = ["NaN", "nan", "NA", "N/A", "n/a", "#N/A", "null", "NULL", " NaN ", "", "."]


def test_the_one_definition_covers_every_spelling() -> None:
    mask = missing_value_mask(pd.Series([*SPELLINGS, "1.5", "abc", "-", "0", None]))
    assert mask.tolist() == [True] * len(SPELLINGS) + [False, False, False, False, True]
    assert {"nan", "na", "n/a", "null", ""} <= MISSING_VALUE_TEXTS


@pytest.mark.parametrize("cell", ["NaN", "nan", "NA", "N/A", "null", "#N/A"])
def test_generic_csv_skips_a_nan_cell_like_a_blank_one(
    tmp_path: Path, store_path: Path, cell: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(f"Date,Close\n2025-01-02,100\n2025-01-03,{cell}\n2025-01-06,\n2025-01-07,102\n")
    with Store(store_path) as store:
        summary = ingest(store, CsvProvider(symbol="NVDA").fetch_paths([path]), "csv")
        (outcome,) = summary.outcomes
        assert outcome.error is None
        assert outcome.added == 2
        assert "2 missing (NaN/empty) values skipped" in outcome.warnings
        stored = store.read(["NVDA"], fields=["close"])
    assert stored["value"].tolist() == [100.0, 102.0]


def test_a_non_number_still_rejects_the_file(tmp_path: Path, store_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Date,Close\n2025-01-02,100\n2025-01-03,abc\n")
    with Store(store_path) as store:
        (outcome,) = ingest(store, CsvProvider(symbol="NVDA").fetch_paths([path]), "csv").outcomes
    assert outcome.error is not None and "non-numeric values (first: 'abc')" in outcome.error


def test_intraday_and_vendor_layouts_skip_nan_cells(tmp_path: Path, store_path: Path) -> None:
    intraday = tmp_path / "bars.csv"
    intraday.write_text(
        "ts,open,high,low,close\n"
        "2025-01-02T10:00:00Z,1,2,0.5,1\n"
        "2025-01-02T11:00:00Z,1,2,0.5,NaN\n"
        "2025-01-02T12:00:00Z,1,2,0.5,\n"
        "2025-01-02T13:00:00Z,1,2,0.5,1\n"
    )
    stooq = tmp_path / "nvda_d.csv"
    stooq.write_text(
        "Date,Open,High,Low,Close,Volume\n"
        "2025-01-02,1,2,0.5,1,10\n2025-01-03,1,2,0.5,N/A,10\n2025-01-06,1,2,0.5,1,10\n"
    )
    with Store(store_path) as store:
        for path, symbol, skipped in ((intraday, "NVDA", 2), (stooq, None, 1)):
            fetched = CsvProvider(symbol=symbol).fetch_paths([path])
            (outcome,) = ingest(store, fetched, "csv").outcomes
            assert outcome.error is None, outcome.error
            assert f"{skipped} missing (NaN/empty) values skipped" in outcome.warnings


def test_etf_flow_cells_use_the_same_spellings() -> None:
    for cell in ("NaN", "null", "N/A", "", "-"):
        assert math.isnan(parse_number(cell, "f: line 2, column IBIT"))
    with pytest.raises(DataError, match="'abc' is not a number"):
        parse_number("abc", "f: line 2, column IBIT")
