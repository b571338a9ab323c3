"""Source priority, overlap difference and window changes on hand-made series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.market_structure import (
    daily_changes,
    overlap_difference,
    splice_sources,
    window_changes,
    window_start,
)
from bubblelink.errors import DataError


def _days(start: str, n: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="D", tz="UTC")


@pytest.fixture()
def two_vendors() -> tuple[pd.Series, pd.Series]:
    # vendor A (priority): 2025-01-01..2025-01-20, 50 + 0.1 * day
    a = pd.Series(50.0 + 0.1 * np.arange(20), index=_days("2025-01-01", 20), name="A")
    # vendor B: 2025-01-11..2025-02-28, always 2 points above A's formula
    idx = _days("2025-01-11", 49)
    day = (idx - idx[0]).days.to_numpy() + 10
    b = pd.Series(52.0 + 0.1 * day, index=idx, name="B")
    return a, b


def test_splice_takes_the_priority_source_where_it_has_a_value(two_vendors) -> None:
    a, b = two_vendors
    sp = splice_sources("X", {"A": a, "B": b})
    assert sp.sources == ("A", "B")
    assert len(sp.values) == 20 + 49 - 10  # overlap of 10 days counted once
    assert (sp.source.loc[:"2025-01-20"] == "A").all()
    assert (sp.source.loc["2025-01-21":] == "B").all()
    assert sp.values.loc["2025-01-15"] == pytest.approx(a.loc["2025-01-15"])
    assert sp.values.loc["2025-01-25"] == pytest.approx(b.loc["2025-01-25"])
    assert sp.sources_used() == ["A", "B"]
    assert sp.between(pd.Timestamp("2025-01-25", tz="UTC"), None).sources_used() == ["B"]
    # order is the priority: B first takes B everywhere it reports
    flipped = splice_sources("X", {"B": b, "A": a})
    assert flipped.values.loc["2025-01-15"] == pytest.approx(b.loc["2025-01-15"])


def test_splice_without_data_is_an_error() -> None:
    with pytest.raises(DataError, match="none of A has data"):
        splice_sources("X", {"A": pd.Series([np.nan], index=_days("2025-01-01", 1))})


def test_overlap_difference_absolute_and_relative(two_vendors) -> None:
    a, b = two_vendors
    diff = overlap_difference(a, b)
    assert diff.n == 10
    assert diff.first == pd.Timestamp("2025-01-11", tz="UTC")
    assert diff.last == pd.Timestamp("2025-01-20", tz="UTC")
    assert diff.mean == pytest.approx(2.0) and diff.mean_abs == pytest.approx(2.0)
    assert diff.min == pytest.approx(2.0) and diff.max == pytest.approx(2.0)
    rel = overlap_difference(a, b, relative=True)
    both = pd.concat([a, b], axis=1, join="inner")
    expected = (both["B"] / both["A"] - 1).to_numpy()
    assert rel.mean == pytest.approx(expected.mean())
    assert rel.median == pytest.approx(np.median(expected))
    assert "B - A on 2025-01-11..2025-01-20 (n=10): mean +2.00 pp" in diff.describe("pp")
    none = overlap_difference(a.iloc[:2], b)
    assert none.n == 0 and np.isnan(none.mean) and "never overlap" in none.describe("pp")


def test_window_start() -> None:
    end = pd.Timestamp("2026-03-31", tz="UTC")
    assert window_start("1w", end) == pd.Timestamp("2026-03-24", tz="UTC")
    assert window_start("1m", end) == pd.Timestamp("2026-02-28", tz="UTC")
    assert window_start("3m", end) == pd.Timestamp("2025-12-31", tz="UTC")
    assert window_start("ytd", end) == pd.Timestamp("2025-12-31", tz="UTC")
    assert window_start("10d", end) == pd.Timestamp("2026-03-21", tz="UTC")
    assert window_start("2025-06-01", end) == pd.Timestamp("2025-06-01", tz="UTC")
    with pytest.raises(DataError, match="not before its end"):
        window_start("2026-04-01", end)
    with pytest.raises(DataError, match="is not 1w, 1m, 3m, ytd"):
        window_start("fortnight", end)
    with pytest.raises(DataError, match="is not 1w, 1m, 3m, ytd"):
        window_start("2025-13-45", end)
    with pytest.raises(DataError, match="before year 1677"):
        window_start("9999y", end)


def test_window_changes_use_one_source_when_one_covers_both_ends(two_vendors) -> None:
    a, b = two_vendors
    sp = splice_sources("X", {"A": a, "B": b})
    end = pd.Timestamp("2025-01-20", tz="UTC")
    res = window_changes(sp, ["1w", "2025-01-02"], end=end)
    one = res.table.loc["1w"]
    # A covers 2025-01-13..2025-01-20: 7 days x 0.1
    assert one["source"] == "A" and not one["mixed"]
    assert one["change"] == pytest.approx(0.7)
    assert one["n"] == 8
    assert res.table.loc["2025-01-02", "change"] == pytest.approx(1.8)


def test_window_changes_fall_back_to_the_second_source_then_mixed(two_vendors) -> None:
    a, b = two_vendors
    sp = splice_sources("X", {"A": a, "B": b})
    end = pd.Timestamp("2025-02-28", tz="UTC")
    res = window_changes(sp, ["1m", "2025-01-05"], end=end)
    month = res.table.loc["1m"]  # 2025-01-28..2025-02-28: only B
    assert month["source"] == "B" and not month["mixed"]
    assert month["change"] == pytest.approx(3.1)
    mixed = res.table.loc["2025-01-05"]  # A at the start, B at the end: spliced, flagged
    assert mixed["mixed"] and mixed["source"] == "A -> B"
    assert mixed["start_value"] == pytest.approx(a.loc["2025-01-05"])
    assert mixed["end_value"] == pytest.approx(b.loc["2025-02-28"])
    assert mixed["change"] == pytest.approx(b.loc["2025-02-28"] - a.loc["2025-01-05"])
    assert "two sources" in mixed["note"]


def test_window_changes_relative_and_missing_start(two_vendors) -> None:
    a, b = two_vendors
    sp = splice_sources("X", {"A": a, "B": b})
    end = pd.Timestamp("2025-02-28", tz="UTC")
    res = window_changes(sp, ["1w", "2024-06-01"], end=end, relative=True)
    assert res.table.loc["1w", "change"] == pytest.approx(
        b.loc["2025-02-28"] / b.loc["2025-02-21"] - 1
    )
    assert np.isnan(res.table.loc["2024-06-01", "change"])
    assert "before the window's start" in res.table.loc["2024-06-01", "note"]


def test_daily_changes_stay_within_one_source_and_skip_gaps(two_vendors) -> None:
    a, b = two_vendors
    b = b.drop(pd.Timestamp("2025-02-10", tz="UTC"))
    sp = splice_sources("X", {"A": a, "B": b})
    ch = daily_changes(sp)
    # A: 20 values, 19 changes; none across the switch (2025-01-20 -> 2025-01-21);
    # B: 2025-01-21..2025-02-28 less 2025-02-10 = 38 values, 37 successive pairs, one of
    # them across the 2-day gap (2025-02-09 -> 2025-02-11): 36
    assert pd.Timestamp("2025-01-20", tz="UTC") not in ch.index
    assert pd.Timestamp("2025-02-09", tz="UTC") not in ch.index
    assert len(ch) == 19 + 36
    assert np.allclose(ch.to_numpy(), 0.1)
    assert daily_changes(sp, relative=True).loc["2025-01-01"] == pytest.approx(50.1 / 50 - 1)
