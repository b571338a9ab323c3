"""Coverage-rule edges: the endpoint slack, one-day windows, empty samples, units and the
price-field label of returns; expected counts come from exchange_calendars or are written out."""

from __future__ import annotations

import exchange_calendars as xcals
import pandas as pd
import pytest

from bubblelink.claims._data import COVERAGE_SLACK
from bubblelink.claims._sample import (
    Sample,
    endpoint_coverage,
    expected_count,
    observed_sample,
    price_label,
    returns_prices,
    unit_of,
    window_start,
)


def _utc(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


def test_endpoints_exactly_the_slack_away_still_cover_the_window() -> None:
    first, last = _utc("2025-01-06"), _utc("2025-06-30")
    assert endpoint_coverage(first + COVERAGE_SLACK, last, first, last) == 1.0
    assert endpoint_coverage(first, last - COVERAGE_SLACK, first, last) == 1.0
    # one more day: overlap / union of the spans, in days
    late = first + COVERAGE_SLACK + pd.Timedelta(days=1)
    assert endpoint_coverage(late, last, first, last) == pytest.approx((175 - 5) / 175)


def test_a_one_day_window_holds_one_observation() -> None:
    assert expected_count(_utc("2025-03-03"), _utc("2025-03-03"), "all-days") == 1
    assert expected_count(_utc("2025-03-03"), _utc("2025-03-03"), "equity") == 1
    assert expected_count(_utc("2025-03-04"), _utc("2025-03-03"), "all-days") == 0


def test_window_start_on_the_xnys_calendar_counts_sessions() -> None:
    xnys = xcals.get_calendar("XNYS", start="2025-01-02", end="2025-12-31")
    sessions = xnys.sessions_in_range("2025-06-02", "2025-11-19")
    expected = _utc(str(sessions[-20].date()))
    assert window_start(_utc("2025-11-19"), 20, "XNYS") == expected
    assert window_start(_utc("2025-11-19"), 20, "equity") == expected
    # 20 calendar days back on an all-days calendar
    assert window_start(_utc("2025-11-19"), 20, "24/7") == _utc("2025-10-31")


def test_observed_sample_fields_and_coverage_caps() -> None:
    index = pd.date_range("2025-01-01", "2025-01-10", freq="D", tz="UTC")
    sample = observed_sample(
        index, ["BTC-USD"], _utc("2025-01-03"), _utc("2025-01-07"), "24/7", "5 days",
        prices="BTC-USD: close",
    )  # fmt: skip
    # 5 of the 10 days fall inside the asked window; the coverage is 5/5 = 1
    assert sample == Sample(
        series=("BTC-USD",),
        first=index[0],
        last=index[-1],
        n=10,
        unit="days",
        requested="5 days",
        requested_first=_utc("2025-01-03"),
        requested_last=_utc("2025-01-07"),
        requested_n=5,
        coverage=1.0,
        prices="BTC-USD: close",
    )
    asked_more = observed_sample(
        index, ["BTC-USD"], _utc("2025-01-03"), _utc("2025-01-07"), "24/7", "w", requested_n=8
    )
    assert asked_more.requested_n == 8 and asked_more.coverage == pytest.approx(5 / 8)
    assert asked_more.prices == ""
    empty = observed_sample(
        pd.DatetimeIndex([], tz="UTC"),
        ["X"],
        _utc("2025-01-03"),
        _utc("2025-01-02"),
        "24/7",
        "none",
    )
    assert (empty.first, empty.last, empty.n, empty.requested_n) == (None, None, 0, 0)
    assert empty.coverage == 0.0 and empty.short


def test_units_by_calendar() -> None:
    assert unit_of("XNYS") == "NYSE sessions" and unit_of("24/7") == "days"
    assert unit_of("W-FRI") == "observations"


def test_span_texts() -> None:
    day = _utc("2025-03-03")
    recorded = Sample(("FIG",), None, None, 1, "figures", "the figure")
    assert recorded.span() == "n=1 figures"
    one_day = Sample(("BTC-USD",), day, day, 1, "days", "that day", coverage=1.0)
    assert one_day.span() == "2025-03-03, n=1 days"
    only_last = Sample(("BTC-USD",), None, day, 1, "days", "that day")
    assert only_last.span() == "?..2025-03-03, n=1 days"
    only_first = Sample(("BTC-USD",), day, None, 1, "days", "that day")
    assert only_first.span() == "2025-03-03..?, n=1 days"
    partial = Sample(("A",), day, _utc("2025-03-12"), 9, "days", "x", requested_n=10, coverage=0.9)
    assert partial.span() == "2025-03-03..2025-03-12, n=9 of 10 days asked (90% coverage)"
    full = Sample(("A",), day, _utc("2025-03-12"), 10, "days", "x", requested_n=10, coverage=1.0)
    assert full.span() == "2025-03-03..2025-03-12, n=10 of 10 days asked"


def test_sample_dict_keys() -> None:
    sample = Sample(
        ("A", "B"), _utc("2025-03-03"), _utc("2025-03-12"), 8, "NYSE sessions", "asked",
        requested_last=_utc("2025-03-12"), prices="A: close",
    )  # fmt: skip
    out = sample.to_dict()
    assert out["series"] == ["A", "B"] and out["unit"] == "NYSE sessions"
    assert out["requested"] == "asked" and out["prices"] == "A: close"
    assert out["requested_last"] == "2025-03-12"


def test_returns_prices_reads_the_fields_of_the_aligned_prices() -> None:
    prices = pd.DataFrame({"BTC-USD": [1.0], "^IXIC": [2.0], "DGS10": [3.0]})
    prices.attrs["fields"] = {"BTC-USD": "adj_close", "^IXIC": "close", "DGS10": "value"}
    assert returns_prices(prices, ["BTC-USD", "^IXIC"]) == (
        "returns of BTC-USD: adjusted close (adj_close); ^IXIC: close as stored (no adj_close "
        "beside it: adjusted or raw not recorded)"
    )
    assert returns_prices(prices, ["BTC-USD"]) == "returns of BTC-USD: adjusted close (adj_close)"
    assert returns_prices(prices, ["DGS10"]) == ""
    assert returns_prices(pd.DataFrame({"A": [1.0]}), ["A"]) == ""


def test_coverage_never_exceeds_one() -> None:
    index = pd.date_range("2025-01-01", "2025-01-10", freq="D", tz="UTC")
    sample = observed_sample(
        index, ["X"], _utc("2025-01-03"), _utc("2025-01-07"), "24/7", "3 obs", requested_n=3
    )
    assert sample.coverage == 1.0


def test_price_labels_group_skip_and_say_raw() -> None:
    assert price_label({"A": "close", "B": "close"}) == (
        "A, B: close as stored (no adj_close beside it: adjusted or raw not recorded)"
    )
    assert price_label({"A": "close"}, {"A": True}) == "A: raw close (adj_close stored beside it)"
    assert price_label({"A": "close"}, {"B": True}) == (
        "A: close as stored (no adj_close beside it: adjusted or raw not recorded)"
    )
    skipped = {"NL": "billions USD", "DXY": "index", "DGS10": "value", "A": "adj_close"}
    assert price_label(skipped) == "A: adjusted close (adj_close)"
    assert price_label({"NL": "billions USD"}) == ""
    mixed = price_label({"A": "adj_close", "B": "adj_close", "C": "low"})
    assert mixed == (
        "A: adjusted close (adj_close); B: adjusted close (adj_close); C: low as stored "
        "(no adj_close beside it: adjusted or raw not recorded)"
    )
