"""Correlation of two series: rolling Pearson/Spearman/Kendall, EWMA, price levels.

Every value carries a Fisher-z confidence interval and its n. Rolling Pearson is
computed by :mod:`bubblelink.analytics.universe` (the one implementation).
"""

from bubblelink.analytics.correlation._ewma import ewma_correlation
from bubblelink.analytics.correlation._fisher import fisher_ci, fisher_se
from bubblelink.analytics.correlation._levels import levels_correlation, spurious_warning
from bubblelink.analytics.correlation._results import (
    CorrelationPoint,
    LevelsCorrelationResult,
    RollingCorrelationResult,
)
from bubblelink.analytics.correlation._rolling import rolling_correlation

__all__ = [
    "CorrelationPoint",
    "LevelsCorrelationResult",
    "RollingCorrelationResult",
    "ewma_correlation",
    "fisher_ci",
    "fisher_se",
    "levels_correlation",
    "rolling_correlation",
    "spurious_warning",
]
