"""Calendar alignment: put 24/7 crypto, NYSE equities and macro series on one index.

Two explicit modes (never chosen silently):

``equity``
    The index is the NYSE (``XNYS``, exchange_calendars) sessions. Equities and indices
    keep their session closes (a stored date that is not a session, e.g. an ICE holiday
    quote, is dropped). A 24/7 asset (BTC) is sampled at the close of its daily bar with
    the **same calendar date** as the session: Yahoo/CoinMarketCap daily crypto bars run
    00:00–24:00 UTC, so that close is at 00:00 UTC of the next day, 4 h (EDT) or 5 h (EST)
    after the 16:00 New York equity close. With ``crypto_bar="prior-date"`` the bar of
    the previous calendar date is used instead (it closes 20 h *before* the equity close),
    which guarantees no crypto information after the equity close. Either way a 24/7
    asset's weekend move lands in Monday's return. Lower-frequency macro values are
    carried forward from their last observation (flagged as filled).
``all-days``
    The index is every calendar day. Equity prices are forward-filled over weekends and
    holidays (flagged as filled, so their returns there are exactly 0), 24/7 assets are
    as observed, macro values carried forward (flagged).

Weekday-only crypto feeds (Stooq's BTCUSD: no Saturday/Sunday bars, registered at ingest
with calendar ``XNYS`` and ``metadata["bars"] = "weekdays"``, which ``load`` passes on as
``attrs["bars"]``) are aligned like the equities they resemble: their own bar on each
session (with ``crypto_bar="prior-date"``, their last bar dated before the session),
carried over weekends in ``all-days`` mode. The rule printed with the results names them
and what their bars are, and mixing them with 24/7 series adds a note: their Monday bar
holds the whole weekend and closes at the vendor's hour, so their returns cover other
hours and days than a UTC-day candle's.

Annualisation follows the bars a series really has (:func:`periods_per_year`): 365 for a
24/7 series, 252 for exchange sessions and weekday-only feeds; on the equity calendar
every series has one return per session (252).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.sessions import nyse_sessions

CalendarMode = Literal["equity", "all-days"]
CryptoBar = Literal["same-date", "prior-date"]

#: The clauses of the alignment rule; a frame's rule joins those that apply to it.
_CLAUSES = {
    "equity": "NYSE sessions (XNYS)",
    "same-date": (
        "BTC/24-7 assets sampled at the close of the UTC daily bar of the same calendar date "
        "(00:00 UTC next day, ~4-5 h after the 16:00 ET close); weekend crypto moves land in "
        "Monday's return"
    ),
    "prior-date": (
        "BTC/24-7 assets sampled at the close of the previous calendar date's UTC bar (20 h "
        "before the 16:00 ET close, no look-ahead)"
    ),
    "all-days": (
        "every calendar day; equity prices forward-filled over weekends/holidays (flagged, "
        "their returns there are 0)"
    ),
    "macro": "macro values carried forward",
}
#: The full rule of each mode for a frame holding 24/7, exchange and macro series.
RULES = {
    "equity": "; ".join([_CLAUSES["equity"], _CLAUSES["same-date"], _CLAUSES["macro"]]),
    "equity/prior-date": "; ".join([_CLAUSES["equity"], _CLAUSES["prior-date"], _CLAUSES["macro"]]),
    "all-days": "; ".join([_CLAUSES["all-days"], _CLAUSES["macro"]]),
}
#: Bars a year on each native calendar: every calendar day (24/7) or one per exchange
#: session (XNYS; weekday-only feeds are registered on it too).
BARS_PER_YEAR = {"24/7": 365, "XNYS": 252}
#: A weekday-only series' bar still stands for a session when it is at most this old
#: (``crypto_bar="prior-date"``: Friday's bar for Monday, over a holiday Monday too).
PRIOR_BAR_LIMIT = pd.Timedelta(days=4)


@dataclass(frozen=True)
class AlignedFrame:
    """Prices on one index, with a mask of which values were carried forward.

    Attributes
    ----------
    data : DataFrame
        Aligned values, tz-aware UTC index named ``date``.
    filled : DataFrame of bool
        True where a value was carried forward rather than observed on that date.
    calendar : str
        ``equity`` or ``all-days``.
    rule : str
        The alignment rule in one sentence (printed in notes).
    """

    data: pd.DataFrame
    filled: pd.DataFrame
    calendar: str
    rule: str
    notes: list[str] = field(default_factory=list)


def align(
    frame: pd.DataFrame,
    calendar: CalendarMode = "equity",
    calendars: dict[str, str] | None = None,
    crypto_bar: CryptoBar = "same-date",
) -> AlignedFrame:
    """Align a wide frame of daily series to one calendar.

    Parameters
    ----------
    frame : DataFrame
        Wide values from :func:`bubblelink.frames.load` (tz-aware UTC daily index).
    calendar : {"equity", "all-days"}
        The alignment mode (see the module docstring).
    calendars : dict, optional
        Each column's native calendar (``"24/7"``, ``"XNYS"``, ``"none"`` for macro).
        Defaults to ``frame.attrs["calendars"]`` as set by ``load``; a column missing
        from both is classified from its dates (:func:`calendar_of_dates`). Weekday-only
        crypto feeds are read from ``frame.attrs["bars"]`` and each series' timing note
        from ``frame.attrs["timing"]`` (both set by ``load`` from the registry).
    crypto_bar : {"same-date", "prior-date"}
        Which crypto bar stands for a session in ``equity`` mode.

    Returns
    -------
    AlignedFrame
    """
    if calendar not in ("equity", "all-days"):
        raise DataError(f"unknown calendar {calendar!r}: use 'equity' or 'all-days'")
    if frame.empty:
        raise DataError("nothing to align: the frame is empty (check symbols and dates)")
    native = {**(frame.attrs.get("calendars") or {}), **(calendars or {})}
    unknown = [c for c in frame.columns if c not in native]
    if unknown:
        native.update(_classify(frame[unknown]))
    weekdays = weekday_only(frame)
    first, last = frame.index.min(), frame.index.max()
    if calendar == "equity":
        index = nyse_sessions(first, last)
        if index.empty:
            raise DataError(
                f"no NYSE sessions between {first.date()} and {last.date()}: "
                "use --calendar all-days or a longer range"
            )
    else:
        index = pd.date_range(first, last, freq="D", tz="UTC", name="date")
    columns = [str(c) for c in frame.columns]
    rule = _rule(calendar, crypto_bar, columns, native, weekdays, frame.attrs.get("timing") or {})

    data = {}
    filled = {}
    plain = frame.copy(deep=False)
    plain.attrs = {}  # column access copies attrs: O(N) each, O(N²) for the frame
    for column in frame.columns:
        values = plain[column].dropna()
        kind = native.get(column, "XNYS")
        if calendar == "equity" and kind == "24/7":
            shift = pd.Timedelta(days=1) if crypto_bar == "prior-date" else pd.Timedelta(0)
            observed = values.reindex(index - shift)
            observed.index = index
            data[column] = observed
            filled[column] = pd.Series(False, index=index)
        elif calendar == "equity" and kind == "XNYS":
            prior = crypto_bar == "prior-date" and column in weekdays
            data[column] = _prior_bar(values, index) if prior else values.reindex(index)
            filled[column] = pd.Series(False, index=index)
        else:
            # carried forward: macro in both modes, equities in all-days mode
            observed_mask = pd.Series(index.isin(values.index), index=index)
            carried = values.reindex(values.index.union(index)).ffill().reindex(index)
            data[column] = carried
            filled[column] = (~observed_mask) & carried.notna()
    out = pd.DataFrame(data, index=index)
    out.attrs = {k: v for k, v in frame.attrs.items()}
    notes = []
    fill_share = pd.DataFrame(filled, index=index).to_numpy().mean() if len(index) else 0.0
    if fill_share > 0:
        notes.append(f"{fill_share:.0%} of aligned values were carried forward (see .filled)")
    around_the_clock = [c for c in columns if native.get(c) == "24/7"]
    if weekdays and around_the_clock:
        notes.append(
            f"mixed crypto bar calendars: {', '.join(weekdays)} "
            f"{'has' if len(weekdays) == 1 else 'have'} weekday-only bars closing at the "
            f"vendor's hour while {', '.join(around_the_clock)} "
            f"{'is' if len(around_the_clock) == 1 else 'are'} 24/7 with UTC-day bars: their "
            "returns cover different hours, and the weekday-only Monday return the whole "
            "weekend; compare them with care"
        )
    return AlignedFrame(
        data=out,
        filled=pd.DataFrame(filled, index=index),
        calendar=calendar,
        rule=rule,
        notes=notes,
    )


def periods_per_year(calendar: str, alignment: CalendarMode | None = None) -> int:
    """Annualisation factor of a series' returns: how many bars a year it really has.

    Parameters
    ----------
    calendar : str
        The series' native calendar as the store records it (``load``'s
        ``attrs["calendars"]``): ``"24/7"`` → 365; ``"XNYS"`` (exchange sessions, and
        weekday-only feeds such as Stooq's BTCUSD, registered there at ingest) → 252. Any
        other value (``"none"`` for macro series) → 252, the rule for series without
        weekend observations.
    alignment : {"equity", "all-days"}, optional
        The calendar the returns were aligned to. ``equity``: one return per NYSE session
        for every series → 252. ``all-days`` or None (the series on its own dates): the
        series' own bars → by ``calendar``. On ``all-days`` a weekday series' weekend
        rows are carried (returns 0), so it still moves 252 times a year: use this factor
        for statistics over its moves (capture ratios count only non-zero market days).
    """
    if alignment is not None and alignment not in ("equity", "all-days"):
        raise DataError(f"unknown calendar {alignment!r}: use 'equity' or 'all-days'")
    if alignment == "equity":
        return BARS_PER_YEAR["XNYS"]
    return BARS_PER_YEAR["24/7"] if calendar == "24/7" else BARS_PER_YEAR["XNYS"]


def calendar_of_dates(dates: pd.DatetimeIndex) -> str:
    """A series' calendar guessed from its dates (when the store gave none).

    ``"none"`` with fewer than 3 dates or a median spacing above 1.5 days (macro),
    ``"24/7"`` when more than 10% of the dates are weekend days, else ``"XNYS"``.
    """
    if len(dates) < 3:
        return "none"
    spacing = pd.Series(dates).diff().dt.days.median()
    if spacing > 1.5:
        return "none"
    if (dates.day_of_week >= 5).mean() > 0.1:
        return "24/7"
    return "XNYS"


def weekday_only(frame: pd.DataFrame) -> list[str]:
    """Columns that are weekday-only crypto feeds (``attrs["bars"]`` from ``load``)."""
    bars = frame.attrs.get("bars") or {}
    return [str(c) for c in frame.columns if bars.get(c) == "weekdays"]


def _rule(
    calendar: str,
    crypto_bar: str,
    columns: list[str],
    native: dict[str, str],
    weekdays: list[str],
    timing: dict[str, str],
) -> str:
    """The alignment rule for these columns: the standard clauses, only those that apply,
    plus what the weekday-only and off-hour series really are."""
    around_the_clock = [c for c in columns if native.get(c) == "24/7"]
    if calendar == "equity":
        clauses = [_CLAUSES["equity"]]
        if around_the_clock or not weekdays:
            clauses.append(_CLAUSES[crypto_bar])
        if weekdays:
            taken = (
                "each session takes the last bar dated before it (no look-ahead)"
                if crypto_bar == "prior-date"
                else "each session takes the bar of its own date"
            )
            clauses.append(
                f"{', '.join(weekdays)}: {timing.get(weekdays[0], 'weekday-only bars')}, {taken}"
            )
    else:
        clauses = [_CLAUSES["all-days"]]
        if weekdays:
            clauses.append(
                f"{', '.join(weekdays)}: {timing.get(weekdays[0], 'weekday-only bars')}, "
                "carried over weekends like equities (flagged)"
            )
    clauses.extend(f"{c}: {timing[c]}" for c in columns if c in timing and c not in weekdays)
    clauses.append(_CLAUSES["macro"])
    return "; ".join(clauses)


def _prior_bar(values: pd.Series, index: pd.DatetimeIndex) -> pd.Series:
    """Each date's last bar dated strictly before it, if at most :data:`PRIOR_BAR_LIMIT` old."""
    if values.empty:
        return pd.Series(np.nan, index=index)
    position = values.index.searchsorted(index, side="left") - 1
    found = position >= 0
    taken = values.index[np.maximum(position, 0)]
    fresh = found & ((index - taken) <= PRIOR_BAR_LIMIT)
    return pd.Series(
        np.where(fresh, values.to_numpy()[np.maximum(position, 0)], np.nan), index=index
    )


def _classify(frame: pd.DataFrame) -> dict[str, str]:
    """Guess each column's calendar from its dates (used only when load gave none)."""
    return {column: calendar_of_dates(frame[column].dropna().index) for column in frame.columns}
