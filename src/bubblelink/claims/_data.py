"""What claim computations read, and the errors and coverage rule they share.

Computations read through a data source (:data:`ClaimData`); the cut-off (``--asof``)
bounds both the observation dates and the vintages: a claim checked "as of" a date uses
only what was known then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bubblelink.dates import DateLike, parse_utc_date
from bubblelink.errors import DataError
from bubblelink.frames.source import DataSource

if TYPE_CHECKING:
    from bubblelink.claims._sample import Sample

#: A claimed date counts as covered when the data reach within this many days of it
#: (weekends and holidays between a claimed calendar date and the last session).
COVERAGE_SLACK = pd.Timedelta(days=4)


def utc(value: DateLike) -> pd.Timestamp:
    """A tz-aware UTC timestamp from a date-like value (one-line DataError otherwise)."""
    return parse_utc_date(value, "date")


class NotCheckableError(DataError):
    """The data a claim needs are not in the store (``needs`` says what would be)."""

    def __init__(self, reason: str, needs: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.needs = needs


class ShortSampleError(DataError):
    """The data cover too little of the window the claim asks for: the figure cannot be
    computed as asked, and the verdict is ``inconclusive`` (``sample`` says what there is)."""

    def __init__(self, sample: Sample) -> None:
        super().__init__(
            sample.shortfall() or f"too few observations for the asked window: {sample.describe()}"
        )
        self.sample = sample


#: What a claim computation reads: a :class:`~bubblelink.frames.source.DataSource` (the
#: service layer passes :class:`bubblelink.service.data.StoreData`, the store as known on
#: ``--asof``). Computations call ``prices``, ``returns``, ``has``, ``macro``,
#: ``net_liquidity`` and ``last_date``.
ClaimData = DataSource


def require_coverage(index: pd.DatetimeIndex, wanted: DateLike, what: str) -> None:
    """Raise :class:`NotCheckableError` when ``index`` stops before ``wanted`` (minus slack)."""
    target = utc(wanted)
    if len(index) == 0 or index.max() < target - COVERAGE_SLACK:
        last = index.max().date().isoformat() if len(index) else "none"
        raise NotCheckableError(
            f"{what}: data end {last}, before the claim's date {target.date()}",
            needs=f"{what} through {target.date()}",
        )
    if index.min() > target:
        raise NotCheckableError(
            f"{what}: data start {index.min().date()}, after the claim's date {target.date()}",
            needs=f"{what} from before {target.date()}",
        )
