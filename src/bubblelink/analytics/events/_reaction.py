"""The earnings reaction-date rule: the one definition, for the events file and fetched dates.

An announcement's *timing* is read from its New York time of day (the NYSE regular
session is 09:30-16:00): not an NYSE session date (weekend, holiday) →
``non_trading_day``; before 09:30 → ``before_open``; 16:00 or later → ``after_close``
(Yahoo stamps after-the-bell releases "4 PM"); otherwise ``during_session``. A 00:00 stamp
carries no usable time of day (date-only entries land there): timing unknown.

The *reaction date* is the first NYSE session that can react: the announcement date
itself for ``before_open``/``during_session``, the next session for ``after_close`` and
``non_trading_day`` (a Friday after-close release reacts on Monday; one on the eve of
Thanksgiving on the Friday after it). Early-close days (13:00) are not special-cased.
Sessions come from :func:`bubblelink.sessions.nyse_calendar` (the one calendar instance).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from bubblelink.sessions import nyse_calendar

NEW_YORK = "America/New_York"
SESSION_OPEN = dt.time(9, 30)
SESSION_CLOSE = dt.time(16, 0)
#: The timings an events file may name, in the order of the day.
TIMINGS: tuple[str, ...] = ("before_open", "during_session", "after_close", "non_trading_day")


def is_session(day: dt.date) -> bool:
    """True when ``day`` is an NYSE session."""
    return bool(nyse_calendar().is_session(pd.Timestamp(day)))


def announcement_timing(announced_at: pd.Timestamp) -> str | None:
    """Timing of an announcement instant (tz-aware); None for a 00:00 New York stamp."""
    local = pd.Timestamp(announced_at).tz_convert(NEW_YORK)
    if local.time() == dt.time(0, 0):
        return None
    day = pd.Timestamp(local.date())
    calendar = nyse_calendar()
    inside = calendar.first_session <= day <= calendar.last_session
    if inside and not calendar.is_session(day):
        return "non_trading_day"
    if local.time() < SESSION_OPEN:
        return "before_open"
    if local.time() >= SESSION_CLOSE:
        return "after_close"
    return "during_session"


def reaction_date(day: dt.date, timing: str) -> dt.date:
    """The first NYSE session that can react to an announcement on ``day`` (New York).

    ``before_open``/``during_session``: the day itself (it must be a session);
    ``after_close``/``non_trading_day``: the first session after it.
    """
    if timing in ("before_open", "during_session"):
        return day
    calendar = nyse_calendar()
    stamp = pd.Timestamp(day)
    session = calendar.date_to_session(stamp, direction="next")
    if session == stamp:
        session = calendar.next_session(stamp)
    return session.date()


def reaction_session(announced_at: pd.Timestamp) -> tuple[str | None, pd.Timestamp | None]:
    """Timing and first reacting session (UTC midnight) of an announcement instant.

    ``(None, None)`` for a 00:00 New York stamp; the session is None when it lies beyond
    the calendar's range (about a year ahead).
    """
    timing = announcement_timing(announced_at)
    if timing is None:
        return None, None
    local = pd.Timestamp(announced_at).tz_convert(NEW_YORK)
    try:
        day = reaction_date(local.date(), timing)
    except Exception:  # beyond the calendar (exchange_calendars raises its own errors)
        return timing, None
    if pd.Timestamp(day) > nyse_calendar().last_session:
        return timing, None
    return timing, pd.Timestamp(day).tz_localize("UTC")
