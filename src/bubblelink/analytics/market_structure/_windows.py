"""The change of a spliced concept over named windows (1w, 1m, 3m, YTD, custom)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.analytics.market_structure._splice import SplicedSeries
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: The named windows: calendar offsets back from the end date (``ytd``: the last value of
#: the previous calendar year).
WINDOWS: tuple[str, ...] = ("1w", "1m", "3m", "ytd")

#: An endpoint counts as observed by a source when it has a value this many days before it
#: at most (the one missing CoinMarketCap day, a late CoinGecko point).
ENDPOINT_SLACK = pd.Timedelta(days=4)

_CUSTOM = re.compile(r"^(?P<n>\d{1,4})(?P<u>[dwmy])$")


def window_start(window: str, end: pd.Timestamp) -> pd.Timestamp:
    """The start date of ``window`` ending on ``end``.

    ``1w`` = 7 days, ``Nd``/``Nw`` = N days/weeks, ``Nm`` = N calendar months, ``Ny`` = N
    years, ``ytd`` = 31 December of the previous year, ``YYYY-MM-DD`` = that date.

    Raises
    ------
    DataError
        An unreadable window, or a start date not before ``end``.
    """
    text = window.strip().lower()
    match = _CUSTOM.match(text)
    if text == "ytd":
        start = pd.Timestamp(year=end.year - 1, month=12, day=31, tz=end.tz)
    elif match:
        n, unit = int(match["n"]), match["u"]
        offset: Any = {
            "d": pd.Timedelta(days=n),
            "w": pd.Timedelta(weeks=n),
            "m": pd.DateOffset(months=n),
            "y": pd.DateOffset(years=n),
        }[unit]
        try:
            start = end - offset
        except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime) as exc:
            raise DataError(
                f"window {window!r} reaches before year 1677: use a shorter one"
            ) from exc
    else:
        try:
            start = pd.Timestamp(text)
        except (ValueError, pd.errors.OutOfBoundsDatetime) as exc:
            raise DataError(
                f"window {window!r} is not 1w, 1m, 3m, ytd, Nd/Nw/Nm/Ny or a start date "
                "YYYY-MM-DD: use one of those"
            ) from exc
        if start.tzinfo is None and end.tzinfo is not None:
            start = start.tz_localize(end.tzinfo)
    if start >= end:
        raise DataError(f"window {window!r} starts {start.date()}, not before its end {end.date()}")
    return start


def _at(series: pd.Series, day: pd.Timestamp) -> tuple[pd.Timestamp, float] | None:
    """The last observation on or before ``day`` within :data:`ENDPOINT_SLACK`."""
    before = series[series.index <= day]
    if before.empty or before.index[-1] < day - ENDPOINT_SLACK:
        return None
    return before.index[-1], float(before.iloc[-1])


@dataclass(frozen=True)
class WindowChangesResult(ResultBase):
    """Changes of one concept over several windows ending on the same date.

    ``table`` (one row per window): ``start``/``end`` asked, ``start_date``/``end_date`` and
    ``start_value``/``end_value`` observed, ``change`` (``end - start`` in the series' unit
    when ``relative`` is False, else ``end / start - 1``), ``source`` (one source id, or
    ``a -> b`` when the two ends come from different sources: ``mixed``), ``n``
    (observations in the window from the source(s) used) and ``note`` (why a row is empty).
    """

    name: str
    relative: bool
    end: pd.Timestamp
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The ``table``."""
        return self.table


def window_changes(
    spliced: SplicedSeries,
    windows: Sequence[str] = WINDOWS,
    end: pd.Timestamp | None = None,
    relative: bool = False,
) -> WindowChangesResult:
    r"""Change of a spliced concept over each window ending on ``end``.

    Source rule: each window is measured on **one** source when one has observations at
    both ends (within :data:`ENDPOINT_SLACK`), the first such in priority order; only when
    none does are the ends taken from the spliced series, and the row is marked ``mixed``
    (``source`` ``a -> b``): its change then includes the vendors' level difference
    (:func:`~bubblelink.analytics.market_structure.overlap_difference`).

    ``end`` defaults to the spliced series' last date; the end value is the last
    observation on or before it. A window whose start precedes every source is reported
    with an empty change and a note, never extrapolated.
    """
    values = spliced.values
    if end is None:
        end = values.index[-1]
    rows = []
    for window in windows:
        start = window_start(window, end)
        row: dict[str, Any] = {"window": window, "start": start, "end": end}
        chosen = None
        for sid in spliced.sources:
            part = spliced.parts[sid]
            a, b = _at(part, start), _at(part, end)
            if a is not None and b is not None:
                chosen = (sid, a, b, part)
                break
        if chosen is not None:
            sid, a, b, part = chosen
            n = int(((part.index > a[0]) & (part.index <= b[0])).sum()) + 1
            source, mixed = sid, False
        else:
            a, b = _at(values, start), _at(values, end)
            if a is None or b is None:
                missing = "start" if a is None else "end"
                row.update(note=f"no observation within {ENDPOINT_SLACK.days} days before the "
                                f"window's {missing} in {', '.join(spliced.sources)}")  # fmt: skip
                rows.append(row)
                continue
            src = spliced.source
            source = f"{src.loc[a[0]]} -> {src.loc[b[0]]}"
            mixed = src.loc[a[0]] != src.loc[b[0]]
            n = int(((values.index > a[0]) & (values.index <= b[0])).sum()) + 1
        change = (b[1] / a[1] - 1.0) if relative else (b[1] - a[1])
        row.update(
            start_date=a[0],
            end_date=b[0],
            start_value=a[1],
            end_value=b[1],
            change=change,
            source=source,
            mixed=bool(mixed),
            n=n,
            note="ends from two sources: the change includes their level difference"
            if mixed
            else "",
        )
        rows.append(row)
    columns = ["window", "start", "end", "start_date", "end_date", "start_value", "end_value",
               "change", "source", "mixed", "n", "note"]  # fmt: skip
    table = pd.DataFrame(rows).reindex(columns=columns).set_index("window")
    table["note"] = table["note"].fillna("")
    table["n"] = pd.Series([int(v) if pd.notna(v) else None for v in table["n"]],
                           index=table.index, dtype=object)  # fmt: skip
    table["source"] = table["source"].fillna("")
    return WindowChangesResult(spliced.name, relative, end, table)
