"""Dates as users type them: the one ``DateLike`` type and the one way to parse it.

Every layer (providers, store, frames, service, outputs) reads user-given dates here, so
a bad date gives the same one-line :class:`~bubblelink.errors.DataError` everywhere.
Dates are timezone-aware UTC internally; a naive value is taken as UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

import pandas as pd

from bubblelink.errors import DataError

#: Anything that names a date: ``"2025-12-10"``, a ``date``, a ``datetime`` or a Timestamp.
DateLike: TypeAlias = str | dt.date | dt.datetime | pd.Timestamp | None

#: The years a user-given date may name: beyond them date arithmetic in nanoseconds
#: overflows (pandas' limit is 2262), and no market data exist.
FIRST_YEAR, LAST_YEAR = 1800, 2200


#: The first date a question's dates (as-of, start, end) may name. The last is tomorrow
#: (UTC), so a client a few hours ahead of UTC can still ask for "today".
EARLIEST_QUERY_DATE = dt.date(1970, 1, 1)


def query_date_bounds(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """``(first, last)`` dates a question may name: 1970-01-01 and tomorrow (UTC)."""
    today = today or dt.datetime.now(dt.UTC).date()
    return EARLIEST_QUERY_DATE, today + dt.timedelta(days=1)


def check_query_date(day: dt.date, what: str, today: dt.date | None = None) -> dt.date:
    """``day`` if a question may name it (:func:`query_date_bounds`), else a one-line
    :class:`DataError` giving the range."""
    first, last = query_date_bounds(today)
    if not first <= day <= last:
        raise DataError(
            f"{what} {day.isoformat()} is out of range: use a date from {first.isoformat()} "
            f"to {last.isoformat()} (tomorrow)"
        )
    return day


def parse_utc_date(value: DateLike, what: str) -> pd.Timestamp:
    """A user-given date as a tz-aware UTC Timestamp (naive values are taken as UTC),
    or a one-line :class:`DataError` saying what to type."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise DataError(f"{what} {value!r} is not a date: use YYYY-MM-DD") from exc
    if stamp is pd.NaT:
        raise DataError(f"{what} {value!r} is not a date: use YYYY-MM-DD")
    if not FIRST_YEAR <= stamp.year <= LAST_YEAR:
        shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
        raise DataError(
            f"{what} {shown} is out of range: use a date between {FIRST_YEAR} and {LAST_YEAR}"
        )
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def parse_date(value: DateLike, what: str) -> pd.Timestamp | None:
    """A user-given date as a naive UTC Timestamp (aware values are converted to UTC),
    ``None`` for ``None``, or a one-line :class:`DataError` saying what to type."""
    if value is None:
        return None
    return parse_utc_date(value, what).tz_localize(None)
