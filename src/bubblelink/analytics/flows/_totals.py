"""The merge rule of the two flow totals: a per-fund table's Total and a total-only table."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from bubblelink.results import ResultBase

#: US$ millions two sources may differ by before it is a disagreement (one-decimal cells).
TOTAL_TOLERANCE = 0.15
#: What the ``source`` column says for each rule.
PER_FUND = "per-fund"
TOTAL_ONLY = "total-only"


@dataclasses.dataclass(frozen=True, eq=False)
class CombinedTotal(ResultBase):
    """The one total flow series and where each day came from.

    Attributes
    ----------
    total : Series
        US$ millions per session.
    source : Series of str
        ``per-fund`` or ``total-only`` for each day of ``total``.
    disagreements : DataFrame
        Days both sources give and differ by more than ``tolerance``: index ``date``,
        columns ``per_fund``, ``total_only``, ``difference`` (per-fund minus total-only).
    common : int
        Days both sources give.
    tolerance : float
    """

    total: pd.Series
    source: pd.Series
    disagreements: pd.DataFrame
    common: int
    tolerance: float

    def to_frame(self) -> pd.DataFrame:
        """``total`` and ``source`` side by side."""
        return pd.DataFrame({"total": self.total, "source": self.source})

    @property
    def n_per_fund(self) -> int:
        """Days taken from the per-fund table."""
        return int((self.source == PER_FUND).sum())

    @property
    def n_total_only(self) -> int:
        """Days filled from the total-only table."""
        return int((self.source == TOTAL_ONLY).sum())

    def note(self) -> str:
        """One sentence: how many days from each source, and the disagreements."""
        text = (
            f"total flow: {self.n_per_fund} days from the per-fund table, "
            f"{self.n_total_only} filled from the total-only table"
        )
        if self.common:
            text += (
                f"; they overlap on {self.common} days and disagree (> {self.tolerance} "
                f"US$ m) on {len(self.disagreements)}"
            )
            if len(self.disagreements):
                day = self.disagreements.index[0]
                row = self.disagreements.iloc[0]
                text += (
                    f" (first {day.date()}: per-fund {row['per_fund']:.1f} vs total-only "
                    f"{row['total_only']:.1f}; the per-fund total is used)"
                )
        return text


def combine_totals(
    per_fund: pd.Series | None,
    total_only: pd.Series | None,
    tolerance: float = TOTAL_TOLERANCE,
) -> CombinedTotal:
    """Merge a per-fund table's Total with a total-only table (the one merge rule).

    Rule: where the per-fund total has a value it is used (it is checked against its own
    fund columns); the total-only table fills only the days the per-fund table lacks;
    days where both exist and differ by more than ``tolerance`` US$ millions are listed in
    ``disagreements`` (never averaged, never silently replaced). Missing values (NaN) are
    not observations. Either input may be None or empty.
    """
    empty = pd.Series(dtype=float, index=pd.DatetimeIndex([], name="date"))
    a = (per_fund if per_fund is not None else empty).dropna().astype(float)
    b = (total_only if total_only is not None else empty).dropna().astype(float)
    index = a.index.union(b.index).rename("date")
    total = a.reindex(index).combine_first(b.reindex(index))
    source = pd.Series(
        np.where(index.isin(a.index), PER_FUND, TOTAL_ONLY), index=index, dtype=object
    )
    common = a.index.intersection(b.index)
    diff = a.reindex(common) - b.reindex(common)
    bad = diff.abs() > tolerance
    disagreements = pd.DataFrame(
        {
            "per_fund": a.reindex(common)[bad],
            "total_only": b.reindex(common)[bad],
            "difference": diff[bad],
        }
    )
    disagreements.index.name = "date"
    return CombinedTotal(
        total=total.rename("total"),
        source=source.rename("source"),
        disagreements=disagreements,
        common=len(common),
        tolerance=tolerance,
    )
