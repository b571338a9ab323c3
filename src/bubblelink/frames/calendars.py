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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.sessions import nyse_sessions

CalendarMode = Literal["equity", "all-days"]
CryptoBar = Literal["same-date", "prior-date"]

RULES = {
    "equity": (
        "NYSE sessions (XNYS); BTC/24-7 assets sampled at the close of the UTC daily bar "
        "of the same calendar date (00:00 UTC next day, ~4-5 h after the 16:00 ET close); "
        "weekend crypto moves land in Monday's return; macro values carried forward"
    ),
    "equity/prior-date": (
        "NYSE sessions (XNYS); BTC/24-7 assets sampled at the close of the previous "
        "calendar date's UTC bar (20 h before the 16:00 ET close, no look-ahead); macro "
        "values carried forward"
    ),
    "all-days": (
        "every calendar day; equity prices forward-filled over weekends/holidays "
        "(flagged, their returns there are 0); macro values carried forward"
    ),
}


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
        from both is classified from its dates (weekend rows → 24/7, sparse → macro).
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
    first, last = frame.index.min(), frame.index.max()
    if calendar == "equity":
        index = nyse_sessions(first, last)
        if index.empty:
            raise DataError(
                f"no NYSE sessions between {first.date()} and {last.date()}: "
                "use --calendar all-days or a longer range"
            )
        rule = RULES["equity" if crypto_bar == "same-date" else "equity/prior-date"]
    else:
        index = pd.date_range(first, last, freq="D", tz="UTC", name="date")
        rule = RULES["all-days"]

    data = {}
    filled = {}
    for column in frame.columns:
        values = frame[column].dropna()
        kind = native.get(column, "XNYS")
        if calendar == "equity" and kind == "24/7":
            shift = pd.Timedelta(days=1) if crypto_bar == "prior-date" else pd.Timedelta(0)
            observed = values.reindex(index - shift)
            observed.index = index
            data[column] = observed
            filled[column] = pd.Series(False, index=index)
        elif calendar == "equity" and kind == "XNYS":
            data[column] = values.reindex(index)
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
    return AlignedFrame(
        data=out,
        filled=pd.DataFrame(filled, index=index),
        calendar=calendar,
        rule=rule,
        notes=notes,
    )


def _classify(frame: pd.DataFrame) -> dict[str, str]:
    """Guess a column's calendar from its dates (used only when load gave none)."""
    out = {}
    for column in frame.columns:
        dates = frame[column].dropna().index
        if len(dates) < 3:
            out[column] = "none"
            continue
        spacing = pd.Series(dates).diff().dt.days.median()
        if spacing > 1.5:
            out[column] = "none"
        elif (dates.day_of_week >= 5).mean() > 0.1:
            out[column] = "24/7"
        else:
            out[column] = "XNYS"
    return out
