"""Diebold-Yilmaz spillover (connectedness) indices from VAR variance decompositions."""

from bubblelink.analytics.spillover._connectedness import Connectedness, connectedness
from bubblelink.analytics.spillover._fevd import (
    cholesky_fevd,
    generalized_fevd,
    ma_coefficients,
    row_normalise,
)
from bubblelink.analytics.spillover._rolling import RollingSpillover, RollingSpilloverResult
from bubblelink.analytics.spillover._spillover import SpilloverResult, VARSpillover

__all__ = [
    "Connectedness",
    "RollingSpillover",
    "RollingSpilloverResult",
    "SpilloverResult",
    "VARSpillover",
    "cholesky_fevd",
    "connectedness",
    "generalized_fevd",
    "ma_coefficients",
    "row_normalise",
]
