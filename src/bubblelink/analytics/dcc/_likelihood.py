"""Vectorised DCC(1,1) correlation recursion and second-step quasi-log-likelihood.

The recursion ``Q_t = (1 - a - b) Q̄ + a ε_{t-1} ε'_{t-1} + b Q_{t-1}`` is linear in
``Q``, so every element of ``Q`` follows the same first-order IIR filter. It is run for
all ``k × k`` elements at once with :func:`scipy.signal.lfilter` (C loop over time,
no Python loop); determinants and quadratic forms use batched :mod:`numpy.linalg`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.signal import lfilter

FloatArray = NDArray[np.float64]


def target_matrix(std_resid: FloatArray) -> FloatArray:
    """Correlation-targeting matrix ``Q̄ = (1/T) Σ_t ε_t ε'_t`` of standardised residuals."""
    return std_resid.T @ std_resid / std_resid.shape[0]


def dcc_q(std_resid: FloatArray, a: float, b: float, qbar: FloatArray) -> FloatArray:
    """Quasi-correlation matrices ``Q_t`` (shape ``T × k × k``), with ``Q_1 = Q̄``.

    Parameters
    ----------
    std_resid
        Standardised residuals ``ε_t`` (``T × k``), unit conditional variance.
    a, b
        DCC news and persistence parameters (``a, b ≥ 0``, ``a + b < 1``).
    qbar
        Unconditional target ``Q̄`` (``k × k``).
    """
    t_obs, k = std_resid.shape
    outer = std_resid[:-1, :, None] * std_resid[:-1, None, :]
    drive = ((1.0 - a - b) * qbar)[None, :, :] + a * outer
    q = np.empty((t_obs, k, k))
    q[0] = qbar
    if t_obs > 1:
        q[1:], _ = lfilter([1.0], [1.0, -b], drive, axis=0, zi=(b * qbar)[None, :, :])
    return q


def dcc_correlations(q: FloatArray) -> FloatArray:
    """Rescale ``Q_t`` to correlation matrices ``R_t = diag(Q_t)^{-1/2} Q_t diag(Q_t)^{-1/2}``."""
    scale = 1.0 / np.sqrt(np.einsum("tii->ti", q))
    r = q * scale[:, :, None] * scale[:, None, :]
    idx = np.arange(q.shape[1])
    r[:, idx, idx] = 1.0
    return r


def correlation_loglik_terms(std_resid: FloatArray, a: float, b: float) -> FloatArray:
    """Per-observation correlation log-likelihood of Engle (2002), second step.

    ``ℓ_t = -½ (log|R_t| + ε'_t R_t^{-1} ε_t - ε'_t ε_t)``; the volatility part of the
    Gaussian likelihood is constant in ``(a, b)`` and left to the first step.
    Returns ``-inf`` terms when a ``R_t`` is not positive definite.
    """
    qbar = target_matrix(std_resid)
    r = dcc_correlations(dcc_q(std_resid, a, b, qbar))
    sign, logdet = np.linalg.slogdet(r)
    solved = np.linalg.solve(r, std_resid[:, :, None])[:, :, 0]
    quad = np.einsum("ti,ti->t", std_resid, solved)
    terms = -0.5 * (logdet + quad - np.einsum("ti,ti->t", std_resid, std_resid))
    return np.where(sign > 0, terms, -np.inf)


def correlation_loglikelihood(std_resid: FloatArray, a: float, b: float) -> float:
    """Sum of :func:`correlation_loglik_terms` (the second-step objective)."""
    return float(correlation_loglik_terms(std_resid, a, b).sum())
