"""Correlation of two series: rolling Pearson/Spearman/Kendall, EWMA, price levels.

Every value carries a Fisher-z confidence interval and its n; :func:`fisher_ci` and
:func:`fisher_z_difference` are the one Fisher-z interval and test of the package.
Rolling Pearson is computed by :mod:`bubblelink.analytics.universe` (the one
implementation).
"""

from bubblelink.analytics.correlation._ewma import ewma_correlation
from bubblelink.analytics.correlation._fisher import fisher_ci, fisher_se, fisher_z_difference
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
    "fisher_z_difference",
    "levels_correlation",
    "rolling_correlation",
    "spurious_warning",
]
