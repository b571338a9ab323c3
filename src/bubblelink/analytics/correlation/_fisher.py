r"""Fisher-z inference for correlations: the one interval and the one two-sample test.

Every correlation interval in bubblelink comes from :func:`fisher_ci` and every test of
the difference of two independent correlations from :func:`fisher_z_difference`
(rolling, EWMA, stress/calm, Forbes–Rigobon, liquidity lead-lag and growth).

Why not ``scipy.stats.pearsonr(x, y).confidence_interval()``? For Pearson with an
integer ``n`` it computes the same interval (the tests check equality to 1e-12 on
thousands of windows), but it needs the raw data of every window and recomputes
``r``, while the rolling correlations already have ``r`` from the O(T) universe
kernel; it has no Spearman, Kendall or effective-sample-size (EWMA, overlapping
horizons) variant. ``bench/bench_fisher.py`` measures the rolling workload.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import norm

Method = Literal["pearson", "spearman", "kendall", "ewma"]

FloatArray = NDArray[np.float64]


def fisher_se(r: ArrayLike, n: ArrayLike, method: Method) -> FloatArray:
    r"""Standard error of :math:`z = \operatorname{atanh}(r)`.

    * Pearson (Fisher, 1921): :math:`1/\sqrt{n-3}`.
    * Spearman (Bonett & Wright, 2000): :math:`\sqrt{(1 + r_s^2/2)/(n-3)}` — better
      coverage than Fieller, Hartley & Pearson's (1957) :math:`\sqrt{1.06/(n-3)}` when
      :math:`|r_s|` is large.
    * Kendall (Fieller, Hartley & Pearson, 1957; as recommended by Bonett & Wright,
      2000): :math:`\sqrt{0.437/(n-4)}`.
    * EWMA: Pearson's formula with the effective sample size ``n`` (Kish), which need
      not be an integer.

    NaN when ``n`` is too small (``n <= 3``, Kendall ``n <= 4``). ``r`` and ``n``
    broadcast against each other.
    """
    r_arr = np.asarray(r, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "kendall":
            se = np.sqrt(0.437 / (n_arr - 4.0))
            se = np.where(n_arr > 4, se, np.nan)
        elif method == "spearman":
            se = np.sqrt((1.0 + r_arr**2 / 2.0) / (n_arr - 3.0))
            se = np.where(n_arr > 3, se, np.nan)
        else:
            se = 1.0 / np.sqrt(n_arr - 3.0)
            se = np.where(n_arr > 3, se, np.nan)
    return np.broadcast_to(se, np.broadcast_shapes(r_arr.shape, n_arr.shape)).astype(float)


def fisher_ci(
    r: ArrayLike,
    n: ArrayLike,
    method: Method = "pearson",
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    r"""Confidence interval of a correlation by Fisher's z transformation.

    .. math::

        \bigl[\tanh(\operatorname{atanh} r - z_{1-\alpha/2}\,\mathrm{se}),\;
              \tanh(\operatorname{atanh} r + z_{1-\alpha/2}\,\mathrm{se})\bigr]

    with ``se`` from :func:`fisher_se` (``method`` picks Pearson, Spearman, Kendall or
    EWMA) and :math:`1 - \alpha` = ``confidence``. For Pearson this is
    ``scipy.stats.pearsonr(x, y).confidence_interval(confidence)``. Vectorised: ``r``
    and ``n`` are scalars or arrays (one value per window) that broadcast; scalars give
    0-d arrays.

    ``r = ±1`` gives the degenerate interval [r, r]; NaN ``r`` or too small ``n`` give
    NaN bounds. The interval is asymmetric around ``r`` and always inside [-1, 1]. It
    assumes independent observations: with autocorrelated data it is too narrow.

    Raises
    ------
    ValueError
        ``confidence`` outside (0, 1).
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be in (0, 1)")
    r_arr = np.asarray(r, dtype=float)
    se = fisher_se(r_arr, n, method)
    crit = float(norm.ppf(0.5 + confidence / 2.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.arctanh(np.clip(r_arr, -1.0, 1.0))
        low = np.tanh(z - crit * se)
        high = np.tanh(z + crit * se)
    return low, high


def fisher_z_difference(r_1: float, n_1: float, r_2: float, n_2: float) -> float:
    r"""z statistic of the difference of two Pearson correlations from independent samples.

    .. math::

        z = \frac{\operatorname{atanh} r_1 - \operatorname{atanh} r_2}
                 {\sqrt{1/(n_1 - 3) + 1/(n_2 - 3)}}

    approximately standard normal under :math:`H_0: \rho_1 = \rho_2` (Fisher, 1921);
    the caller turns it into a one- or two-sided p-value. NaN when either ``n`` is 3
    or less; ±inf when a correlation is ±1.
    """
    if n_1 <= 3 or n_2 <= 3:
        return float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = np.arctanh(np.clip(r_1, -1.0, 1.0)) - np.arctanh(np.clip(r_2, -1.0, 1.0))
    return float(diff / np.sqrt(1.0 / (n_1 - 3.0) + 1.0 / (n_2 - 3.0)))
