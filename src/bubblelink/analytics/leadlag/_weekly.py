"""Weekly (Friday-ending) log returns from daily log returns."""

from __future__ import annotations

from typing import TypeVar

import pandas as pd

from bubblelink.errors import DataError

Frame = TypeVar("Frame", pd.Series, pd.DataFrame)


def weekly_log_returns(daily: Frame) -> Frame:
    """Sum daily **log** returns over ``W-FRI`` weeks (Saturday through Friday).

    ``r_week = Σ_{d in week} r_d`` is exact for log returns (it is the log of the
    Friday-to-Friday price ratio); do not pass simple returns. Weeks are labelled by
    their Friday (UTC); weekend days of a 24/7 series (BTC) fall into the *following*
    Friday's week. A week keeps a value when at least one daily value is present
    (missing days count as zero return); a week with no observation is NaN for that
    series. Partial first and last weeks are kept as they are (not dropped).

    Raises
    ------
    DataError
        When the index is not a ``DatetimeIndex``.
    """
    if not isinstance(daily.index, pd.DatetimeIndex):
        raise DataError("weekly returns need a date index: pass returns from bubblelink.frames")
    weekly = daily.resample("W-FRI", label="right", closed="right").sum(min_count=1)
    weekly.index.name = daily.index.name or "date"
    return weekly
