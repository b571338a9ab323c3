"""Validation: every problem is a clear error or a counted warning, never silent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import ValidationError
from bubblelink.ingest import ingest, validate_batch
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.store import Store


def make(
    dates: list[object], values: list[object], kind: str = "price", frequency: str = "business"
) -> SeriesBatch:
    data = pd.DataFrame({"date": dates, "field": "close", "value": values})
    return SeriesBatch(SeriesMeta(id="X", kind=kind, frequency=frequency), data)  # type: ignore[arg-type]


def test_non_numeric_value_is_an_error_with_an_example() -> None:
    with pytest.raises(ValidationError, match=r"X: 1 non-numeric values \(first: 'abc'\)"):
        validate_batch(make(["2024-01-02", "2024-01-03"], ["1.0", "abc"]))


def test_nan_and_empty_values_are_dropped_and_counted() -> None:
    out = validate_batch(make(["2024-01-02", "2024-01-03", "2024-01-04"], ["1.0", "", "."]))
    assert len(out.data) == 1
    assert "2 missing (NaN/empty) values skipped" in out.warnings


def test_infinite_value_is_an_error() -> None:
    with pytest.raises(ValidationError, match="infinite"):
        validate_batch(make(["2024-01-02", "2024-01-03"], [1.0, np.inf]))


def test_non_positive_price_is_an_error_but_negative_macro_is_fine() -> None:
    with pytest.raises(ValidationError, match=r"non-positive prices .* on 2024-01-03"):
        validate_batch(make(["2024-01-02", "2024-01-03"], [1.0, -2.0]))
    out = validate_batch(make(["2024-01-02", "2024-01-03"], [1.0, -2.0], kind="macro"))
    assert out.data["value"].tolist() == [1.0, -2.0]


def test_conflicting_duplicates_are_an_error_identical_ones_merge() -> None:
    with pytest.raises(
        ValidationError, match=r"conflicting values \(first: 2024-01-02 close = 1.0 vs 1.5\)"
    ):
        validate_batch(make(["2024-01-02", "2024-01-02"], [1.0, 1.5]))
    out = validate_batch(make(["2024-01-02", "2024-01-02", "2024-01-03"], [1.0, 1.0, 2.0]))
    assert len(out.data) == 2
    assert any("1 duplicate rows" in w for w in out.warnings)


def test_unsorted_dates_are_sorted_with_a_warning() -> None:
    out = validate_batch(make(["2024-01-03", "2024-01-02"], [2.0, 1.0]))
    assert out.data["value"].tolist() == [1.0, 2.0]
    assert "dates were not sorted; sorted them" in out.warnings


def test_mixed_naive_and_aware_timestamps_are_an_error() -> None:
    dates = [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03", tz="UTC")]
    with pytest.raises(ValidationError, match="mixed timezone-naive and timezone-aware"):
        validate_batch(make(dates, [1.0, 2.0]))


def test_gap_longer_than_the_frequency_is_a_counted_warning() -> None:
    out = validate_batch(make(["2024-01-02", "2024-01-03", "2024-01-19"], [1.0, 2.0, 3.0]))
    assert any(
        w.startswith("1 gaps longer than expected for business data (longest: 16 days")
        for w in out.warnings
    )
    daily = validate_batch(
        make(["2024-01-01", "2024-01-02", "2024-01-04"], [1, 2, 3], frequency="daily")
    )
    assert any("gaps" in w for w in daily.warnings)


def test_failed_series_is_reported_and_nothing_stored_changes(store_path: Path) -> None:
    with Store(store_path) as st:
        good = make(["2024-01-02", "2024-01-03"], [1.0, 2.0])
        ingest(st, FetchResult(batches=[good]), "test")
        bad = make(["2024-01-02", "2024-01-04"], [5.0, "oops"])
        other = SeriesBatch(SeriesMeta(id="Y"), good.data.copy())
        summary = ingest(
            st, FetchResult(batches=[bad, other], failures={"Z": "no data for Z"}), "test"
        )
        assert not summary.ok
        by_symbol = {o.symbol: o for o in summary.outcomes}
        assert "non-numeric" in (by_symbol["X"].error or "")
        assert by_symbol["Z"].error == "no data for Z"
        assert by_symbol["Y"].added == 2
        assert st.read(["X"])["value"].tolist() == [1.0, 2.0]
