"""Tail dependence: do the asset and the market crash (or rally) together?"""

from bubblelink.analytics.tails._tail_dependence import (
    TailDependenceResult,
    tail_dependence,
)

__all__ = ["TailDependenceResult", "tail_dependence"]
