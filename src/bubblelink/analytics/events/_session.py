"""Which row of a return series is an event's day 0, and event-window parsing.

Rules (the same for every target of a cross-asset study)
--------------------------------------------------------
A return series is keyed by bar date (tz-aware UTC midnight). Its bars close either

* ``"session"`` — an exchange session dated D closes at 16:00 America/New_York on D
  (NYSE/Nasdaq daily bars, and any series already aligned to the equity calendar), or
* ``"utc_day"`` — a 24/7 daily candle dated D covers [D 00:00, D+1 00:00) UTC and closes
  at 00:00 UTC on D+1 (BTC-USD on Yahoo/CoinMarketCap).

When not given, the kind is inferred: ``"utc_day"`` if the series has any Saturday or
Sunday row, else ``"session"``.

Day 0 of a target is

* for ``"session"`` bars: the first row dated on or after the event's ``reaction_date``
  (results released after Wednesday's close react on Thursday's session; an event on a
  weekend or holiday reacts on the next session);
* for ``"utc_day"`` bars: the first row whose candle closes strictly after the
  announcement instant ``announced_at`` (an after-close release at 16:00 ET = 21:00 UTC on
  2025-12-10 falls inside BTC's 2025-12-10 candle, which closes 00:00 UTC 2025-12-11, so
  that candle is BTC's day 0 — a weekend announcement is caught by the weekend candle); when
  the event has no announcement instant, the rule for ``"session"`` bars applies.

Event windows (``-1:1``, ``0:5``) count *rows of the target's own series* relative to
day 0, so on a 24/7 calendar they are calendar days and on the equity calendar sessions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd

from bubblelink.analytics.events._catalog import Event
from bubblelink.errors import DataError

BarClose = Literal["session", "utc_day"]


def parse_window(text: str | tuple[int, int]) -> tuple[int, int]:
    """Parse ``"-1:1"`` (or a ``(start, end)`` pair) into relative-day bounds.

    Raises
    ------
    DataError
        When the text is not ``START:END`` with integers and START <= END.
    """
    if isinstance(text, tuple):
        start, end = text
    else:
        parts = str(text).replace(",", ":").split(":")
        try:
            start, end = (int(p) for p in parts)
        except ValueError as exc:
            raise DataError(
                f"event window {text!r} is not START:END with integers, e.g. -1:1 or 0:5"
            ) from exc
    if start > end:
        raise DataError(f"event window {start}:{end} starts after it ends; use e.g. -1:1")
    return int(start), int(end)


def infer_bar_close(index: pd.DatetimeIndex) -> BarClose:
    """``"utc_day"`` when the index has weekend rows, else ``"session"``."""
    return "utc_day" if bool((index.day_of_week >= 5).any()) else "session"


def bar_close_time(day: pd.Timestamp, kind: BarClose) -> pd.Timestamp:
    """UTC instant at which the bar dated ``day`` closes."""
    if kind == "utc_day":
        return day + pd.Timedelta(days=1)
    local = pd.Timestamp(day.date()).tz_localize("America/New_York") + pd.Timedelta(hours=16)
    return local.tz_convert("UTC")


def day_zero_position(
    index: pd.DatetimeIndex, event: Event, kind: BarClose, symbol: str = "series"
) -> int:
    """Position in ``index`` of the event's day 0 (see the module rules).

    Raises
    ------
    DataError
        When the event falls outside the series (before its first or after its last row).
    """
    if len(index) == 0:
        raise DataError(
            f"{symbol} has no returns; cannot place the event of {event.reaction_date.date()}"
        )
    if kind == "utc_day" and event.announced_at is not None:
        closes = index + pd.Timedelta(days=1)
        position = int(closes.searchsorted(event.announced_at, side="right"))
    else:
        position = int(index.searchsorted(event.reaction_date, side="left"))
    first, last = index[0].date(), index[-1].date()
    if position >= len(index) or (position == 0 and event.reaction_date.date() < first):
        raise DataError(
            f"event of {event.reaction_date.date()} ({event.id}) is outside the {symbol} data "
            f"({first}..{last}): load a date range that covers it"
        )
    return position


def event_data_range(
    day: pd.Timestamp, window: tuple[int, int], estimation: int, gap: int
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last calendar date to load for an event study with day 0 on ``day``.

    Before ``day``: the ``estimation + gap`` sessions, the part of ``window`` before day 0
    and 20 sessions of slack; after it: the part of the window after day 0 and 10 days.
    A session counts as 1.6 calendar days (five sessions a week, and holidays).
    """
    start = day - pd.Timedelta(days=int((estimation + gap + abs(min(window[0], 0)) + 20) * 1.6))
    end = day + pd.Timedelta(days=int(max(window[1], 0) * 1.6) + 10)
    return start, end


def equity_bar_close(calendars: Mapping[str, str]) -> tuple[dict[str, BarClose], list[str]]:
    """Day-0 rule of the 24/7 series in returns aligned to the equity calendar, and its note.

    Equity alignment samples a 24/7 asset at its same-date UTC daily bar, which closes at
    00:00 UTC the next day, so each series whose native calendar (``calendars``: the
    ``calendars`` attribute of the loaded prices) is ``"24/7"`` gets ``"utc_day"``. The
    note says so; there is none when no series is 24/7.
    """
    bar_close: dict[str, BarClose] = {s: "utc_day" for s, c in calendars.items() if c == "24/7"}
    notes = []
    if bar_close:
        notes.append(
            f"day 0 of {', '.join(bar_close)} = first UTC daily bar closing after the "
            "announcement (an after-close release falls in the same-date bar)"
        )
    return bar_close, notes
