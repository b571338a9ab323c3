"""Fisher-z confidence intervals for Pearson, Spearman and Kendall correlations."""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.stats import norm

Method = Literal["pearson", "spearman", "kendall", "ewma"]


def fisher_se(r: np.ndarray | float, n: np.ndarray | float, method: Method) -> np.ndarray:
    r"""Standard error of :math:`z = \operatorname{atanh}(r)`.

    * Pearson (Fisher, 1921): :math:`1/\sqrt{n-3}`.
    * Spearman (Bonett & Wright, 2000): :math:`\sqrt{(1 + r_s^2/2)/(n-3)}` — better
      coverage than Fieller, Hartley & Pearson's (1957) :math:`\sqrt{1.06/(n-3)}` when
      :math:`|r_s|` is large.
    * Kendall (Fieller, Hartley & Pearson, 1957; as recommended by Bonett & Wright,
      2000): :math:`\sqrt{0.437/(n-4)}`.
    * EWMA: Pearson's formula with the effective sample size ``n`` (Kish).

    NaN when ``n`` is too small (``n <= 3``, Kendall ``n <= 4``).
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
    r: np.ndarray | float,
    n: np.ndarray | float,
    method: Method = "pearson",
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Confidence interval :math:`\tanh(\operatorname{atanh} r \mp z_{1-\alpha/2}\,\mathrm{se})`.

    ``r = ±1`` gives the degenerate interval [r, r]; NaN ``r`` or too small ``n`` give
    NaN bounds. The interval is asymmetric around ``r`` and always inside [-1, 1].
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
