"""Aligned returns with the notes every output must show (pure: no store access)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames.calendars import AlignedFrame


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


def refuse_mixed_frequencies(aligned: AlignedFrame, max_carried: float) -> None:
    observed = aligned.data.notna()
    observed.attrs = {}  # column access copies attrs: O(N) each, O(N²) for the frame
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
