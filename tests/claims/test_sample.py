"""Sample accounting: observation counts, windows, coverage and the price-field label."""

from __future__ import annotations

import exchange_calendars as xcals
import pandas as pd
import pytest

from bubblelink.claims._sample import (
    MIN_COVERAGE,
    Sample,
    endpoint_coverage,
    expected_count,
    observed_sample,
    price_label,
    window_start,
)


def _utc(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


def test_expected_counts_match_the_exchange_calendar_and_the_days() -> None:
    xnys = xcals.get_calendar("XNYS", start="2017-01-01", end="2026-12-31")
    reference = len(xnys.sessions_in_range("2018-01-01", "2025-12-12"))
    assert expected_count(_utc("2018-01-01"), _utc("2025-12-12"), "equity") == reference
    assert expected_count(_utc("2024-01-01"), _utc("2024-12-31"), "XNYS") == 252  # NYSE 2024
    assert expected_count(_utc("2024-01-01"), _utc("2024-12-31"), "all-days") == 366
    assert expected_count(_utc("2024-02-01"), _utc("2024-01-01"), "equity") == 0


def test_window_start_is_the_nth_session_back() -> None:
    xnys = xcals.get_calendar("XNYS", start="2024-12-01", end="2025-12-31")
    sessions = xnys.sessions_in_range("2025-01-02", "2025-11-19")
    assert window_start(_utc("2025-11-19"), 63, "equity") == _utc(str(sessions[-63].date()))
    assert window_start(_utc("2025-12-10"), 30, "all-days") == _utc("2025-11-11")


def test_observed_sample_counts_only_observations_inside_the_asked_window() -> None:
    asked_first, asked_last = _utc("2024-01-02"), _utc("2024-12-31")
    # a series that starts in July: about half the year's sessions
    xnys = xcals.get_calendar("XNYS", start="2024-01-02", end="2024-12-31")
    index = pd.DatetimeIndex(xnys.sessions_in_range("2024-07-01", "2024-12-31")).tz_localize("UTC")
    sample = observed_sample(index, ["A", "B"], asked_first, asked_last, "equity", "2024")
    assert sample.requested_n == 252
    assert sample.n == len(index)
    assert sample.coverage == pytest.approx(len(index) / 252)
    assert sample.short
    assert sample.first == index[0] and sample.last == index[-1]
    assert "coverage" in sample.shortfall() and "A, B" in sample.shortfall()
    full = observed_sample(index, ["A"], index[0], index[-1], "equity", "H2")
    assert full.coverage == 1.0 and not full.short and full.shortfall() == ""


def test_the_coverage_rule_edge() -> None:
    def sample(coverage: float) -> Sample:
        return Sample(("A",), None, None, 1, "x", "asked", coverage=coverage)

    assert not sample(MIN_COVERAGE).short
    assert sample(MIN_COVERAGE - 0.001).short
    assert not Sample(("A",), None, None, 1, "x", "asked").short  # no coverage: no rule


def test_endpoint_coverage() -> None:
    # since Wednesday 2025-09-17 measured from that close: exact
    assert (
        endpoint_coverage(
            _utc("2025-09-17"), _utc("2025-12-11"), _utc("2025-09-17"), _utc("2025-12-11")
        )
        == 1.0
    )
    # a Saturday asked, the Friday close used: within the slack
    assert (
        endpoint_coverage(
            _utc("2025-09-12"), _utc("2025-12-11"), _utc("2025-09-13"), _utc("2025-12-11")
        )
        == 1.0
    )
    # the data start 30 days late: overlap 55 of the union's 85 days
    got = endpoint_coverage(
        _utc("2025-10-17"), _utc("2025-12-11"), _utc("2025-09-17"), _utc("2025-12-11")
    )
    assert got == pytest.approx(55 / 85)


def test_price_label_says_adjusted_raw_or_unknown() -> None:
    assert price_label({"ORCL": "adj_close"}) == "ORCL: adjusted close (adj_close)"
    assert price_label({"ORCL": "close"}, {"ORCL": True}) == (
        "ORCL: raw close (adj_close stored beside it)"
    )
    unknown = price_label({"BTC-USD": "close", "^IXIC": "close"})
    assert unknown.startswith("BTC-USD, ^IXIC: close as stored")
    assert "adjusted or raw not recorded" in unknown
    assert price_label({"M2SL": "value"}) == ""


def test_sample_json_has_the_asked_window_and_an_integer_n() -> None:
    sample = Sample(
        ("BTC-USD", "^IXIC"), _utc("2025-08-26"), _utc("2025-12-12"), 77, "NYSE sessions",
        "2018-01-01..2025-12-12", _utc("2018-01-01"), _utc("2025-12-12"), 1999, 77 / 1999,
        "returns of close",
    )  # fmt: skip
    doc = sample.to_dict()
    assert doc["n"] == 77 and isinstance(doc["n"], int)
    assert doc["first"] == "2025-08-26" and doc["requested_first"] == "2018-01-01"
    assert doc["requested_n"] == 1999 and doc["coverage"] == pytest.approx(0.0385, abs=1e-4)
    assert doc["text"] == (
        "BTC-USD, ^IXIC: 2025-08-26..2025-12-12, n=77 of 1,999 NYSE sessions asked "
        "(4% coverage); asked: 2018-01-01..2025-12-12; prices: returns of close"
    )
