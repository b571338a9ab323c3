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
        raise DataError(
            f"{what} {value!r} is out of range: use a date between {FIRST_YEAR} and {LAST_YEAR}"
        )
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def parse_date(value: DateLike, what: str) -> pd.Timestamp | None:
    """A user-given date as a naive UTC Timestamp (aware values are converted to UTC),
    ``None`` for ``None``, or a one-line :class:`DataError` saying what to type."""
    if value is None:
        return None
    return parse_utc_date(value, what).tz_localize(None)
