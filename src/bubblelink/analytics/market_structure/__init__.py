"""Crypto market structure (BTC dominance, total crypto market cap) and a valuation gauge.

* :func:`splice_sources` — one concept from several vendors' series, by source priority,
  with each date's source kept; :func:`overlap_difference` measures how far two vendors
  disagree where both report.
* :func:`window_changes` — the change of a spliced series over named windows (1w, 1m, 3m,
  YTD, custom), each measured on one source when one covers both ends.
* :func:`daily_changes` and :func:`stress_split` — the daily change of a concept on a
  reference asset's worst days against the other days (Welch t, Mann–Whitney U,
  bootstrap interval).
* :func:`equities_to_gdp` — market value of corporate equities over nominal GDP, as
  released, with its historical percentile.

Pure functions over pandas: no store, no files, no configuration.
"""

from bubblelink.analytics.market_structure._splice import (
    OverlapDifference,
    SplicedSeries,
    overlap_difference,
    splice_sources,
)
from bubblelink.analytics.market_structure._stress import (
    StressSplitResult,
    daily_changes,
    drawdown_days,
    split_days,
    stress_split,
    worst_days,
)
from bubblelink.analytics.market_structure._valuation import (
    ValuationResult,
    equities_to_gdp,
)
from bubblelink.analytics.market_structure._windows import (
    WINDOWS,
    WindowChangesResult,
    window_changes,
    window_start,
)

__all__ = [
    "WINDOWS",
    "OverlapDifference",
    "SplicedSeries",
    "StressSplitResult",
    "ValuationResult",
    "WindowChangesResult",
    "daily_changes",
    "drawdown_days",
    "equities_to_gdp",
    "overlap_difference",
    "splice_sources",
    "split_days",
    "stress_split",
    "window_changes",
    "window_start",
    "worst_days",
]
