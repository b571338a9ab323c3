"""The NYSE calendar: the one exchange-calendar instance every layer uses.

Equity series are keyed by NYSE session dates; alignment (``bubblelink.frames``), the
sample market (``providers.sample``), earnings reaction dates (``analytics.events``) and
the scenarios all read sessions here, from one cached ``exchange_calendars`` XNYS
calendar (1972 to a year ahead of today).
"""

from __future__ import annotations

from functools import lru_cache

import exchange_calendars as xcals
import pandas as pd

#: First date of the cached calendar.
CALENDAR_FIRST = pd.Timestamp("1972-01-03")


@lru_cache(maxsize=1)
def nyse_calendar() -> xcals.ExchangeCalendar:
    """The XNYS calendar from :data:`CALENDAR_FIRST` to a year ahead (cached)."""
    last = pd.Timestamp.now().normalize() + pd.Timedelta(days=365)
    return xcals.get_calendar("XNYS", start=CALENDAR_FIRST, end=last)


def nyse_sessions(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """NYSE sessions between two dates (inclusive) as a tz-aware UTC index named ``date``."""
    cal = nyse_calendar()
    first = max(_naive(start), cal.first_session)
    last = min(_naive(end), cal.last_session)
    if first > last:
        return pd.DatetimeIndex([], tz="UTC", name="date")
    sessions = cal.sessions_in_range(first, last)
    return pd.DatetimeIndex(sessions).tz_localize("UTC").rename("date")


def _naive(ts: pd.Timestamp) -> pd.Timestamp:
    ts = pd.Timestamp(ts)
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts
