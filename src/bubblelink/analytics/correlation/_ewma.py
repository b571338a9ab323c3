"""EWMA (RiskMetrics) correlation."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from bubblelink.analytics._checks import check_not_constant, overlapping
from bubblelink.analytics.correlation._fisher import fisher_ci
from bubblelink.analytics.correlation._results import RollingCorrelationResult
from bubblelink.errors import DataError


def _ewma(values: np.ndarray, lam: float, start: float) -> np.ndarray:
    """``s_t = λ s_{t-1} + (1-λ) v_t`` for t = 0.. with ``s_{-1} = start``."""
    out, _ = lfilter([1.0 - lam], [1.0, -lam], values, zi=[lam * start])
    return np.asarray(out)


def ewma_correlation(
    a: pd.Series,
    b: pd.Series,
    lam: float = 0.94,
    warmup: int = 30,
    confidence: float = 0.95,
) -> RollingCorrelationResult:
    r"""Exponentially weighted correlation, RiskMetrics style (J.P. Morgan/Reuters, 1996).

    Zero-mean recursions on the joint observations t = 0, 1, …:

    .. math::

        \sigma^2_{a,t} = \lambda\,\sigma^2_{a,t-1} + (1-\lambda)\,a_t^2,\quad
        \sigma^2_{b,t} = \lambda\,\sigma^2_{b,t-1} + (1-\lambda)\,b_t^2,\quad
        \sigma_{ab,t} = \lambda\,\sigma_{ab,t-1} + (1-\lambda)\,a_t b_t,

    :math:`\rho_t = \sigma_{ab,t} / (\sigma_{a,t}\sigma_{b,t})`.

    Initialisation: the state at ``t = warmup - 1`` is the mean of :math:`a^2`,
    :math:`b^2`, :math:`ab` over the first ``warmup`` observations (so the first
    reported value is the zero-mean correlation of the warm-up sample); the recursion
    runs from ``t = warmup``; earlier values are NaN.

    The interval is Pearson's Fisher-z interval with the effective sample size of the
    weights, :math:`n_\text{eff} = (\sum w)^2 / \sum w^2 = (1+\lambda)/(1-\lambda)`
    (Kish, 1965; 32.3 for λ = 0.94), the steady-state value.

    Parameters
    ----------
    a, b : pandas.Series
        Returns (the zero-mean assumption is meant for daily returns; never levels).
    lam : float
        Decay λ in (0, 1); 0.94 is RiskMetrics' daily value.
    warmup : int
        Observations used for the initial state (≥ 5).
    confidence : float
        Level of the intervals.

    Notes
    -----
    Dates where either series is missing are dropped (the state neither decays nor
    updates on them), and the result is indexed by the joint dates.

    Raises
    ------
    DataError
        λ outside (0, 1); fewer joint observations than ``warmup``; a constant series.
    """
    if not 0.0 < lam < 1.0:
        raise DataError(f"lambda must be strictly between 0 and 1, got {lam}")
    if warmup < 5:
        raise DataError(f"EWMA warm-up must be at least 5 observations, got {warmup}")
    pair = overlapping(a, b, min_obs=warmup)
    name_a, name_b = (str(c) for c in pair.columns)
    check_not_constant(pair.iloc[:, 0], name_a)
    check_not_constant(pair.iloc[:, 1], name_b)
    x = pair.iloc[:, 0].to_numpy(dtype=float)
    y = pair.iloc[:, 1].to_numpy(dtype=float)
    n_obs = len(x)
    moments = np.full((3, n_obs), np.nan)
    for row, v in enumerate((x * x, y * y, x * y)):
        start = float(v[:warmup].mean())
        moments[row, warmup - 1] = start
        moments[row, warmup:] = _ewma(v[warmup:], lam, start)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.clip(moments[2] / np.sqrt(moments[0] * moments[1]), -1.0, 1.0)
    n_eff = np.where(np.isnan(moments[0]), np.nan, (1.0 + lam) / (1.0 - lam))
    low, high = fisher_ci(r, n_eff, "ewma", confidence)
    index = pair.index.rename("date")
    return RollingCorrelationResult(
        a=name_a,
        b=name_b,
        method="ewma",
        window=None,
        value=pd.Series(r, index=index, name="value"),
        ci_low=pd.Series(low, index=index, name="ci_low"),
        ci_high=pd.Series(high, index=index, name="ci_high"),
        n=pd.Series(n_eff, index=index, name="n"),
        confidence=confidence,
        on="returns",
        lam=lam,
        notes=(),
    )
