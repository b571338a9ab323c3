"""Calendars: annualisation by the bars a series has, weekday-only crypto feeds in align."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.frames.calendars import (
    BARS_PER_YEAR,
    RULES,
    align,
    calendar_of_dates,
    periods_per_year,
)
from bubblelink.sessions import nyse_sessions


def test_bars_per_year_match_the_calendars() -> None:
    """365 and 252 are the bars a year of the real calendars (2010-2025), to 1 bar."""
    first, last = pd.Timestamp("2010-01-01", tz="UTC"), pd.Timestamp("2025-12-31", tz="UTC")
    years = 16
    sessions = nyse_sessions(first, last)
    days = pd.date_range(first, last, freq="D")
    assert abs(len(sessions) / years - BARS_PER_YEAR["XNYS"]) < 1
    assert abs(len(days) / years - BARS_PER_YEAR["24/7"]) < 1


@pytest.mark.parametrize(
    ("calendar", "alignment", "expected"),
    [
        ("24/7", None, 365),
        ("XNYS", None, 252),
        ("none", None, 252),
        ("24/7", "equity", 252),
        ("XNYS", "equity", 252),
        ("24/7", "all-days", 365),
        ("XNYS", "all-days", 252),
    ],
)
def test_periods_per_year(calendar: str, alignment: str | None, expected: int) -> None:
    assert periods_per_year(calendar, alignment) == expected  # type: ignore[arg-type]


def test_periods_per_year_refuses_an_unknown_alignment() -> None:
    with pytest.raises(DataError, match="unknown calendar 'weekly'"):
        periods_per_year("24/7", "weekly")  # type: ignore[arg-type]


def test_calendar_of_dates() -> None:
    assert calendar_of_dates(pd.date_range("2025-01-01", periods=60, freq="D")) == "24/7"
    assert calendar_of_dates(pd.bdate_range("2025-01-01", periods=60)) == "XNYS"
    assert calendar_of_dates(pd.date_range("2025-01-01", periods=12, freq="MS")) == "none"
    assert calendar_of_dates(pd.DatetimeIndex(["2025-01-04", "2025-01-05"])) == "none"


def _frame() -> pd.DataFrame:
    """BTC every day (1%/day), a weekday-only BTC feed (2%/bar) and NVDA on sessions."""
    days = pd.date_range("2024-01-01", "2024-01-31", freq="D", tz="UTC", name="date")
    btc = pd.Series(100.0 * np.exp(0.01 * np.arange(len(days))), index=days)
    weekdays = days[days.day_of_week < 5]
    feed = pd.Series(100.0 * np.exp(0.02 * np.arange(len(weekdays))), index=weekdays)
    sessions = nyse_sessions(days[0], days[-1])
    nvda = pd.Series(np.linspace(50.0, 60.0, len(sessions)), index=sessions)
    frame = pd.DataFrame({"BTC-USD": btc, "BTC-USD@wk": feed, "NVDA": nvda})
    frame.attrs = {
        "calendars": {"BTC-USD": "24/7", "BTC-USD@wk": "XNYS", "NVDA": "XNYS"},
        "bars": {"BTC-USD@wk": "weekdays"},
        "timing": {"BTC-USD@wk": "weekday-only crypto bars (test)"},
    }
    return frame


def test_standard_frames_keep_the_standard_rule() -> None:
    frame = _frame()[["BTC-USD", "NVDA"]]
    frame.attrs = {"calendars": {"BTC-USD": "24/7", "NVDA": "XNYS"}}
    assert align(frame).rule == RULES["equity"]
    assert align(frame, crypto_bar="prior-date").rule == RULES["equity/prior-date"]
    assert align(frame, calendar="all-days").rule == RULES["all-days"]
    assert not any("mixed" in n for n in align(frame).notes)


def test_weekday_feed_rule_values_and_mixing_note() -> None:
    frame = _frame()
    aligned = align(frame)
    assert (
        "BTC-USD@wk: weekday-only crypto bars (test), each session takes the bar of its "
        "own date" in aligned.rule
    )
    (mixed,) = [n for n in aligned.notes if n.startswith("mixed crypto bar calendars")]
    assert "BTC-USD@wk has weekday-only bars" in mixed and "BTC-USD is 24/7" in mixed
    # MLK day 2024-01-15: a weekday bar but no session; Tuesday's session takes its own bar
    feed = aligned.data["BTC-USD@wk"]
    assert pd.Timestamp("2024-01-15", tz="UTC") not in feed.index
    assert feed.loc["2024-01-16"].item() == frame["BTC-USD@wk"].loc["2024-01-16"].item()
    alone = frame[["BTC-USD@wk", "NVDA"]]
    alone.attrs = {**frame.attrs, "calendars": {"BTC-USD@wk": "XNYS", "NVDA": "XNYS"}}
    rule = align(alone).rule
    assert "BTC/24-7" not in rule and rule.startswith("NYSE sessions (XNYS); BTC-USD@wk:")


def test_prior_date_takes_the_weekday_feed_bar_before_the_session() -> None:
    frame = _frame()
    prior = align(frame, crypto_bar="prior-date")
    feed = prior.data["BTC-USD@wk"]
    raw = frame["BTC-USD@wk"]
    # Monday's session: Friday's bar; Tuesday after MLK day: the holiday Monday's bar
    assert feed.loc["2024-01-08"].item() == raw.loc["2024-01-05"].item()
    assert feed.loc["2024-01-16"].item() == raw.loc["2024-01-15"].item()
    assert feed.loc["2024-01-02"].item() == raw.loc["2024-01-01"].item()
    assert "each session takes the last bar dated before it (no look-ahead)" in prior.rule


def test_all_days_carries_the_weekday_feed_over_weekends() -> None:
    aligned = align(_frame(), calendar="all-days")
    saturday = pd.Timestamp("2024-01-06", tz="UTC")
    assert (
        aligned.filled.loc[saturday, "BTC-USD@wk"] and not aligned.filled.loc[saturday, "BTC-USD"]
    )
    assert (
        aligned.data.loc[saturday, "BTC-USD@wk"]
        == aligned.data.loc["2024-01-05", "BTC-USD@wk"].item()
    )
    assert "carried over weekends like equities (flagged)" in aligned.rule
