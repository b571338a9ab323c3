"""fred_catalog: units, frequencies and publication lags of the known FRED series."""

from __future__ import annotations

import pandas as pd
import pytest

from bubblelink.providers.fred_catalog import (
    CATALOG,
    DEFAULT_LAG_DAYS,
    estimated_vintage,
    publication_lag,
    series_info,
)

REQUIRED = [
    "M2SL",
    "WM2NS",
    "WALCL",
    "WTREGEN",
    "RRPONTSYD",
    "DTWEXBGS",
    "BAMLH0A0HYM2",
    "BAMLC0A0CM",
    "DFF",
    "FEDFUNDS",
    "DGS10",
    "DGS2",
    "DFII10",
    "T10Y2Y",
    "T10YIE",
    "VIXCLS",
    "STLFSI4",
    "ANFCI",
    "GDP",
    "M2REAL",
    "DEXJPUS",
    "DEXUSEU",
    "DEXCHUS",
]


def test_every_required_series_is_catalogued() -> None:
    assert set(REQUIRED) <= set(CATALOG)


@pytest.mark.parametrize(
    ("series_id", "unit", "frequency", "lag"),
    [
        ("WALCL", "millions USD", "weekly", 2),
        ("WTREGEN", "millions USD", "weekly", 2),
        ("RRPONTSYD", "billions USD", "business", 1),
        ("M2SL", "billions USD", "monthly", 60),
        ("BAMLH0A0HYM2", "percent", "business", 1),
        ("DTWEXBGS", "index Jan 2006=100", "business", 8),
        ("DEXUSEU", "USD per EUR", "business", 8),
        ("GDP", "billions USD", "quarterly", 120),
    ],
)
def test_units_frequency_lag(series_id: str, unit: str, frequency: str, lag: int) -> None:
    info = series_info(series_id.lower())
    assert info is not None
    assert (info.unit, info.frequency, info.lag_days) == (unit, frequency, lag)
    assert publication_lag(series_id, "daily") == lag  # catalog wins over the frequency


def test_unknown_ids_use_frequency_defaults() -> None:
    assert series_info("SOMETHINGNEW") is None
    assert publication_lag("SOMETHINGNEW", "weekly") == DEFAULT_LAG_DAYS["weekly"]
    assert publication_lag("SOMETHINGNEW", "quarterly") == 120
    assert publication_lag("SOMETHINGNEW") == DEFAULT_LAG_DAYS["monthly"]


def test_lags_are_never_negative_and_monthly_lags_exceed_a_month() -> None:
    for info in CATALOG.values():
        assert info.lag_days >= 1
        if info.frequency == "monthly":
            assert info.lag_days > 31


def test_estimated_vintage_is_utc_and_after_observation() -> None:
    dates = pd.Series(pd.to_datetime(["2025-11-01", "2025-12-01"]))
    vintage = estimated_vintage(dates, "M2SL")
    assert str(vintage.dtype) == "datetime64[ns, UTC]"
    assert list(vintage) == [
        pd.Timestamp("2025-12-31", tz="UTC"),
        pd.Timestamp("2026-01-30", tz="UTC"),
    ]
