"""One call from the store to aligned returns, with the notes every output must show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames.calendars import AlignedFrame, CalendarMode, CryptoBar, align
from bubblelink.frames.load import DateLike, load, parse_date
from bubblelink.frames.returns import ReturnKind, to_returns
from bubblelink.store import Store

#: Extra history loaded before ``start`` so the first return in range has a prior price
#: and a quarterly macro series has a value to carry forward into the range.
LOOKBACK = pd.Timedelta(days=100)


@dataclass(frozen=True)
class ReturnsFrame:
    """Aligned prices and returns of several series, with provenance and notes.

    Attributes
    ----------
    returns : DataFrame
        Returns dated within [start, end]; tz-aware UTC index named ``date``.
    prices : DataFrame
        The aligned prices the returns come from (including one earlier row).
    filled : DataFrame of bool
        Which aligned prices were carried forward.
    calendar, kind : str
        The alignment mode and return kind used.
    notes : list of str
        The alignment rule, carried-forward share and the synthetic-data notice; every
        output that uses these numbers prints them.
    provenance : list of dict
        Series, source, first/last date, rows, synthetic flag.
    synthetic : bool
        True when any series is synthetic (sample market).
    """

    returns: pd.DataFrame
    prices: pd.DataFrame
    filled: pd.DataFrame
    calendar: str
    kind: str
    notes: list[str] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)
    synthetic: bool = False

    def pair(self, first: str, second: str) -> tuple[pd.Series, pd.Series]:
        """The first two return columns, loaded for the symbols ``first`` and ``second``.

        Raises
        ------
        DataError
            When both symbols resolve to one series (an alias of the other).
        """
        if self.returns.shape[1] < 2:
            raise DataError(
                f"{first} and {second} resolve to the same series: give two different symbols"
            )
        return self.returns.iloc[:, 0], self.returns.iloc[:, 1]


#: Largest share of carried-forward values a series may have in a daily returns frame
#: (equities on the all-days calendar carry ~29%: weekends and holidays).
MAX_CARRIED_SHARE = 0.5


def _refuse_mixed_frequencies(aligned: AlignedFrame, max_carried: float) -> None:
    observed = aligned.data.notna()
    for column in aligned.data.columns:
        present = observed[column]
        if not present.any():
            continue
        span = present[present.idxmax() :]  # from the first value on
        share = float(aligned.filled[column].loc[span.index].mean())
        if share > max_carried:
            raise DataError(
                f"{column} is a lower-frequency series: {share:.0%} of its values on the "
                f"{aligned.calendar} calendar are carried forward, so its daily returns "
                "would be mostly zeros: use `bubblelink liquidity` for macro series, or "
                "resample everything to its frequency"
            )


def synthetic_notice(synthetic: dict[str, bool]) -> str | None:
    """The one-line notice for outputs that use synthetic series, or None."""
    names = [s for s, flag in synthetic.items() if flag]
    if not names:
        return None
    return f"SYNTHETIC sample data ({', '.join(names)}): not market data"


def frame_notes(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The notes a frame from :func:`load` carries: ``(leading, trailing)``.

    Leading: the synthetic-data notice (outputs print it first). Trailing: which field
    was read for each series (``fields: BTC-USD=close, ...``).
    """
    notice = synthetic_notice(frame.attrs.get("synthetic", {}) or {})
    fields = frame.attrs.get("fields", {}) or {}
    trailing = ["fields: " + ", ".join(f"{s}={f}" for s, f in fields.items())] if fields else []
    return ([notice] if notice else []), trailing


def load_returns(
    symbols: Sequence[str],
    store: Store | str | Path | None = None,
    calendar: CalendarMode = "equity",
    kind: ReturnKind = "log",
    start: DateLike = None,
    end: DateLike = None,
    as_of: DateLike = None,
    field: str = "auto",
    crypto_bar: CryptoBar = "same-date",
    max_carried: float | None = MAX_CARRIED_SHARE,
) -> ReturnsFrame:
    """Load, align and difference in one step (see ``load``, ``align``, ``to_returns``).

    ``end`` defaults to ``as_of``: a result "as of" a date uses neither later
    observations nor later revisions.

    Mixed frequencies are refused, not smoothed over: when more than ``max_carried`` of a
    series' aligned values are carried forward (a weekly or monthly macro series on a
    daily calendar), its daily "returns" would be mostly zeros and every daily statistic
    built on them meaningless, so :class:`DataError` names the series and the share.
    Pass ``max_carried=None`` to accept carried-forward values deliberately (the
    ``filled`` mask says which they are).
    """
    start, end, as_of = (
        parse_date(start, "start date"),
        parse_date(end, "end date"),
        parse_date(as_of, "as-of date"),
    )
    if as_of is not None and (end is None or end > as_of):
        end = as_of
    if start is not None and end is not None and start > end:
        raise DataError(f"start date {start.date()} is after end date {end.date()}: swap them")
    load_start = start - LOOKBACK if start is not None else None
    prices = load(symbols, start=load_start, end=end, field=field, as_of=as_of, store=store)
    aligned: AlignedFrame = align(prices, calendar=calendar, crypto_bar=crypto_bar)
    if max_carried is not None:
        _refuse_mixed_frequencies(aligned, max_carried)
    rets = to_returns(aligned.data, kind=kind)
    if start is not None:
        first = pd.Timestamp(start)
        first = first.tz_localize("UTC") if first.tzinfo is None else first.tz_convert("UTC")
        rets = rets[rets.index >= first]
    prices_used = aligned.data
    if len(rets):
        position = max(aligned.data.index.get_loc(rets.index[0]) - 1, 0)
        prices_used = aligned.data.iloc[position:]
    notes = [f"alignment: {aligned.rule}", f"returns: {kind}", *aligned.notes]
    head, tail = frame_notes(prices)
    notes = [*head, *notes, *tail]
    synthetic = prices.attrs.get("synthetic", {})
    return ReturnsFrame(
        returns=rets,
        prices=prices_used,
        filled=aligned.filled.loc[prices_used.index],
        calendar=calendar,
        kind=kind,
        notes=notes,
        provenance=prices.attrs.get("provenance", []),
        synthetic=any(synthetic.values()),
    )
