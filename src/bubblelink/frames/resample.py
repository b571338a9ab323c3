"""Resampling to weekly or monthly, with documented rules.

* Weekly periods end on Friday (``W-FRI``); monthly periods at month end, and the
  result is labelled with the period's last calendar day (UTC).
* ``how="last"`` (default, for levels: prices, money stock, balance sheet, spreads,
  index levels) takes the last observation in the period; ``"mean"`` averages (for
  rates whose period average is the published convention, e.g. FEDFUNDS); ``"sum"``
  adds (for log returns and flows).
* A period with no observation is missing (NaN), never filled.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from bubblelink.errors import DataError

RULES = {"W": "W-FRI", "M": "ME"}


def resample(
    frame: pd.DataFrame | pd.Series,
    freq: Literal["W", "M"] = "W",
    how: Literal["last", "mean", "sum"] = "last",
) -> pd.DataFrame | pd.Series:
    """Resample a daily frame to weekly (``W``, Friday) or monthly (``M``) periods."""
    if freq not in RULES:
        raise DataError(f"unknown frequency {freq!r}: use 'W' (weekly) or 'M' (monthly)")
    if how not in ("last", "mean", "sum"):
        raise DataError(f"unknown aggregation {how!r}: use 'last', 'mean' or 'sum'")
    grouped = frame.resample(RULES[freq])
    if how == "last":
        out = grouped.last()
    elif how == "mean":
        out = grouped.mean()
    else:
        out = grouped.sum(min_count=1)
    out.attrs = dict(frame.attrs)
    return out
