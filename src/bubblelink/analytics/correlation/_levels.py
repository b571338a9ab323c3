"""Correlation of price levels, only ever reported beside the returns-based figure."""

from __future__ import annotations

import math

import pandas as pd

from bubblelink.analytics.correlation._fisher import Method
from bubblelink.analytics.correlation._results import LevelsCorrelationResult
from bubblelink.analytics.correlation._rolling import rolling_correlation
from bubblelink.frames.returns import ReturnKind, to_returns


def spurious_warning(levels_value: float, returns_value: float, kind: str = "log") -> str:
    """The one-line warning shown with every levels correlation (NaN shows as n/a)."""
    lv = f"{levels_value:.2f}" if math.isfinite(levels_value) else "n/a"
    rv = f"{returns_value:.2f}" if math.isfinite(returns_value) else "n/a"
    return (
        f"correlation of price levels ({lv}) is spurious-prone: trending series correlate "
        f"without any link; on {kind} returns it is {rv}: use the returns figure"
    )


def levels_correlation(
    prices_a: pd.Series,
    prices_b: pd.Series,
    window: int = 30,
    method: Method = "pearson",
    kind: ReturnKind = "log",
    confidence: float = 0.95,
) -> LevelsCorrelationResult:
    """Rolling correlation of price levels, with the returns-based figure beside it.

    Two trending series correlate strongly in levels whether or not they are linked
    (spurious regression; Granger & Newbold, 1974; Yule, 1926), so the levels figure is
    never reported alone: the same method and window are applied to the ``kind``
    returns of the same prices (via :func:`bubblelink.frames.to_returns`) and the result
    carries a warning naming both numbers. The levels intervals assume independent
    observations, which levels are not: read them as decoration.

    Raises
    ------
    DataError
        As :func:`rolling_correlation`, for either the levels or the returns; also
        non-positive prices.
    """
    levels = rolling_correlation(prices_a, prices_b, window, method, confidence, on="levels")
    returns_frame = to_returns(pd.concat([prices_a, prices_b], axis=1), kind=kind)
    returns = rolling_correlation(
        returns_frame.iloc[:, 0], returns_frame.iloc[:, 1], window, method, confidence
    )
    lv = levels.value.dropna()
    rv = returns.value.reindex(lv.index[-1:]) if len(lv) else pd.Series(dtype=float)
    warning = spurious_warning(
        float(lv.iloc[-1]) if len(lv) else math.nan,
        float(rv.iloc[0]) if len(rv) else math.nan,
        kind,
    )
    return LevelsCorrelationResult(levels=levels, returns=returns, warning=warning)
