"""Contagion tests: did the linkage rise in a stress window beyond higher volatility?"""

from bubblelink.analytics.contagion._forbes_rigobon import (
    ContagionResult,
    adjusted_correlation,
    forbes_rigobon,
)

__all__ = ["ContagionResult", "adjusted_correlation", "forbes_rigobon"]
