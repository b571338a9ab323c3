"""Lead-lag analysis of two return series: cross-correlations and Granger tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from bubblelink.analytics.leadlag._cross_correlation import (
    CrossCorrelationResult,
    cross_correlation,
)
from bubblelink.analytics.leadlag._granger import Criterion, GrangerCausality, GrangerResult
from bubblelink.analytics.leadlag._weekly import weekly_log_returns
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

Frequency = Literal["D", "W"]


@dataclasses.dataclass(frozen=True, eq=False)
class LeadLagResult(ResultBase):
    """Cross-correlations and Granger tests of ``a`` and ``b`` at one frequency.

    Attributes
    ----------
    a, b
        Series names (``A`` and ``B``).
    freq
        ``"D"`` (the input's daily returns) or ``"W"`` (weekly sums, ``W-FRI``).
    cross_correlation
        :class:`CrossCorrelationResult` for lags ``-K..K``.
    granger
        :class:`GrangerResult`, both directions.
    notes
        Frequency conversion and other remarks.
    """

    a: str
    b: str
    freq: str
    cross_correlation: CrossCorrelationResult
    granger: GrangerResult
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The cross-correlation table (the Granger table is ``granger.to_frame()``)."""
        return self.cross_correlation.to_frame()

    def summary(self) -> str:
        """Cross-correlation summary, then Granger summary."""
        head = f"Lead-lag of {self.a} and {self.b} ({'weekly' if self.freq == 'W' else 'daily'})"
        parts = [head, self.cross_correlation.summary(), self.granger.summary()]
        return "\n\n".join(parts) + "".join(f"\nNote: {n}" for n in self.notes)


def lead_lag(
    a: pd.Series,
    b: pd.Series,
    max_lag: int,
    freq: Frequency = "D",
    ic: Criterion = "aic",
    bartlett: bool = True,
    notes: Sequence[str] = (),
) -> LeadLagResult:
    """Cross-correlations at lags ``-max_lag..max_lag`` and Granger tests both ways.

    ``a`` and ``b`` are **log** returns on a date index. With ``freq="W"`` each is
    first summed to weekly (``W-FRI``) returns by :func:`weekly_log_returns`. The
    Granger lag order is chosen by ``ic`` in ``1..max_lag``. Sign convention:
    positive lag ``k`` means ``corr(A_{t-k}, B_t)``, i.e. A leads B. ``notes`` (e.g. the
    synthetic-data notice) are kept in the top-level result's ``notes``.

    Raises
    ------
    DataError
        Unknown frequency, too few overlapping observations, a constant series.
    """
    if freq not in ("D", "W"):
        raise DataError(f"unknown frequency {freq!r}: use 'D' (daily) or 'W' (weekly)")
    notes = list(notes)
    if freq == "W":
        a, b = weekly_log_returns(a), weekly_log_returns(b)
        notes.append("weekly returns = sums of daily log returns over W-FRI weeks (Sat-Fri)")
    ccf = cross_correlation(a, b, max_lag, bartlett=bartlett)
    granger = GrangerCausality(max_lags=max_lag, ic=ic).fit(a, b)
    return LeadLagResult(
        a=ccf.a, b=ccf.b, freq=freq, cross_correlation=ccf, granger=granger, notes=tuple(notes)
    )
