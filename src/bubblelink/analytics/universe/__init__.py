"""Rolling kernels (one pass over the rows) over a universe of assets.

* :func:`rolling_target_corr_beta` — one target against N assets: rolling Pearson
  correlation and rolling beta (target on asset), O(T·N).
* :func:`rolling_pairwise_corr` — the full N×N rolling correlation cube, O(T·N²);
  ``out=`` writes it into a buffer the caller reuses.

These are the one implementation of rolling Pearson correlation and rolling beta in
bubblelink; :mod:`bubblelink.analytics.correlation` and :mod:`bubblelink.analytics.beta`
call them. Both are numerically stable under level shifts and match pandas
``rolling(window)`` (default ``min_periods=window``) including its NaN rule.

The kernels are numba when it is installed (the ``fast`` extra) and not disabled by
``BUBBLELINK_NO_NUMBA=1``; otherwise a vectorised numpy fallback gives the same numbers
(:mod:`bubblelink.analytics.universe._windows`). Importing this package compiles
nothing: numba compiles (or loads its on-disk cache) on the first call.
"""

from bubblelink.analytics.universe._pairwise import PairwiseRollingResult, rolling_pairwise_corr
from bubblelink.analytics.universe._target import TargetRollingResult, rolling_target_corr_beta

__all__ = [
    "PairwiseRollingResult",
    "TargetRollingResult",
    "rolling_pairwise_corr",
    "rolling_target_corr_beta",
]
